import type { BusEvent } from '../../events/bus.js';

type Timer = ReturnType<typeof setTimeout>;

/**
 * Tells the dashboard which profile/region's direct paths changed, at most once per `delayMs` per slice: a VPN
 * that comes up changes hundreds of results at once, and the page needs one nudge to read them again, not hundreds.
 */
export class DirectPathNotifier {
  private readonly pending = new Map<string, Timer>();

  constructor(
    private readonly publish: (event: BusEvent) => void,
    private readonly delayMs = 250,
  ) {}

  changed(profile: string, region: string): void {
    const key = `${profile}\u0000${region}`;
    if (this.pending.has(key)) return;
    const timer = setTimeout(() => {
      this.pending.delete(key);
      this.publish({ type: 'direct-paths', data: { profile, region } });
    }, this.delayMs);
    timer.unref();
    this.pending.set(key, timer);
  }

  close(): void {
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
  }
}
