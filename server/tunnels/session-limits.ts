import type { SessionLimits } from '../../shared/api.js';

type Read = (profile: string, region: string) => Promise<SessionLimits>;

/**
 * The Session Manager limits of each profile/region, read when a tunnel there opens a session (the reader is the
 * diagnosis's, cached with the inventory, so this is one GetDocument per inventory refresh). Until they are known,
 * and when they cannot be read, tunnels run on Porthole's own settings; `onLearn` lets their tunnels apply new ones.
 */
export class SessionLimitsBook {
  private readonly known = new Map<string, SessionLimits>();
  private readonly asking = new Set<string>();

  constructor(
    private readonly read: Read | undefined,
    private readonly onLearn: (profile: string, region: string) => void,
    private readonly onError: (message: string) => void = () => undefined,
  ) {}

  /** The limits, once known. */
  get(profile: string, region: string): SessionLimits | undefined {
    return this.known.get(keyOf(profile, region));
  }

  /** A session opened there: reads the limits (unless a read is under way). */
  learn(profile: string, region: string): void {
    const key = keyOf(profile, region);
    if (!this.read || this.asking.has(key)) return;
    this.asking.add(key);
    this.read(profile, region).then(
      (value) => {
        this.asking.delete(key);
        const { idleTimeoutMinutes, maxDurationMinutes, source } = value;
        const limits: SessionLimits = { idleTimeoutMinutes, source, ...(maxDurationMinutes ? { maxDurationMinutes } : {}) };
        if (JSON.stringify(limits) === JSON.stringify(this.known.get(key))) return;
        this.known.set(key, limits);
        this.onLearn(profile, region);
      },
      (error: unknown) => {
        // Asked again at the next session that opens there.
        this.asking.delete(key);
        this.onError(`Session Manager preferences of ${profile}/${region} not read: ${(error as Error).message}`);
      },
    );
  }
}

function keyOf(profile: string, region: string): string {
  return `${profile}\u0000${region}`;
}

/** The minutes a lazy tunnel waits with no client: the service would end an unused session at its own limit anyway. */
export function idleMinutesWithin(own: number, limits: SessionLimits | undefined): number {
  return limits ? Math.min(own, limits.idleTimeoutMinutes) : own;
}
