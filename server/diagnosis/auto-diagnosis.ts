import pLimit from 'p-limit';
import type { Diagnosis, Tunnel, TunnelDiagnosis } from '../../shared/api.js';
import type { EventBus } from '../events/bus.js';

/** Failures a diagnosis can explain: the jump host cannot reach the database, is not connected, access denied, start timeout. */
const TRIGGERS = new Set([
  'TARGET_NOT_CONNECTED',
  'ACCESS_DENIED',
  'DOCUMENT_NOT_ALLOWED',
  'PLUGIN_START_TIMEOUT',
  'DESTINATION_UNREACHABLE',
]);

/** States in which an earlier diagnosis no longer applies: the tunnel recovered, or the user stopped it. */
const SETTLED = new Set<Tunnel['state']>(['open', 'healthy', 'stopped', 'idle']);

export interface AutoDiagnosisDeps {
  bus: EventBus;
  diagnose: (targetId: string, jumpHostId: string) => Promise<Diagnosis>;
  /** The tunnel as it is now (its state may have moved on while the diagnosis ran). */
  current: (tunnelId: string) => Tunnel | undefined;
  /** Puts the note on the tunnel (undefined clears it); the manager publishes the change. */
  annotate: (tunnelId: string, note: TunnelDiagnosis | undefined) => void;
  log?: { warn(message: string): void };
  /** Diagnoses running at once across tunnels. */
  concurrency?: number;
}

/** The failure code a diagnosis can explain, when the tunnel shows one. */
export function diagnosableFailure(tunnel: Tunnel): string | undefined {
  if (!tunnel.target.id) return undefined;
  const code = tunnel.error?.code;
  if (code && TRIGGERS.has(code) && (tunnel.state === 'failed' || tunnel.state === 'reconnecting')) return code;
  const health = tunnel.health.error?.code;
  if (tunnel.state === 'unhealthy' && health === 'DESTINATION_UNREACHABLE') return health;
  return undefined;
}

/**
 * Watches `tunnel` events: when a tunnel fails in a way a diagnosis can explain, runs one (fresh, not cached)
 * and puts its first broken link on the tunnel; clears it once the tunnel recovers or is stopped. One run per
 * failure: retries that repeat the same failure do not start another.
 */
export class AutoDiagnosis {
  /** Tunnel id → the failure already diagnosed (or being diagnosed). */
  private readonly seen = new Map<string, string>();
  private readonly running = new Set<Promise<void>>();
  private readonly limit;
  private readonly unsubscribe: () => void;

  constructor(private readonly deps: AutoDiagnosisDeps) {
    this.limit = pLimit(deps.concurrency ?? 2);
    this.unsubscribe = deps.bus.subscribe(({ event }) => {
      if (event.type === 'tunnel-removed') this.seen.delete(event.data.id);
      // Not inside publish: annotating publishes again.
      if (event.type === 'tunnel') queueMicrotask(() => this.onTunnel(event.data));
    });
  }

  /** Resolves when every diagnosis started so far has finished (for tests and shutdown). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }

  close(): void {
    this.unsubscribe();
  }

  private onTunnel(tunnel: Tunnel): void {
    const trigger = diagnosableFailure(tunnel);
    if (!trigger) {
      if (SETTLED.has(tunnel.state)) {
        this.seen.delete(tunnel.id);
        if (tunnel.diagnosis) this.deps.annotate(tunnel.id, undefined);
      }
      return;
    }
    const key = `${trigger}\u0000${tunnel.jumpHostId}\u0000${tunnel.target.id}`;
    if (this.seen.get(tunnel.id) === key) return;
    this.seen.set(tunnel.id, key);
    const run = this.limit(() => this.run(tunnel, trigger, key)).finally(() => this.running.delete(run));
    this.running.add(run);
  }

  private async run(tunnel: Tunnel, trigger: string, key: string): Promise<void> {
    const targetId = tunnel.target.id!;
    let diagnosis: Diagnosis;
    try {
      diagnosis = await this.deps.diagnose(targetId, tunnel.jumpHostId);
    } catch (error) {
      this.deps.log?.warn(`diagnosis of tunnel ${tunnel.name} failed: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    // The tunnel may have recovered, changed or gone meanwhile: only a still-current failure gets the note.
    const now = this.deps.current(tunnel.id);
    if (!now || this.seen.get(tunnel.id) !== key || !diagnosableFailure(now)) return;
    this.deps.annotate(tunnel.id, {
      checkedAt: diagnosis.checkedAt,
      trigger,
      targetId,
      jumpHostId: diagnosis.jumpHostId,
      ...(diagnosis.firstBroken ? { firstBroken: diagnosis.firstBroken } : {}),
    });
  }
}
