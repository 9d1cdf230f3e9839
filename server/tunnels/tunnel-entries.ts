import type { Tunnel, TunnelDiagnosis, TunnelSpec } from '../../shared/api.js';
import { PortholeError } from '../errors.js';
import type { EventBus } from '../events/bus.js';
import { ChangeThrottle } from './change-throttle.js';
import { TunnelSupervisor } from './supervisor.js';
import type { SupervisorDeps } from './supervisor-deps.js';
import { tunnelSnapshot } from './tunnel-snapshot.js';

export interface TunnelEntry {
  spec: TunnelSpec;
  supervisor: TunnelSupervisor;
  /** Events are published once the tunnel exists for the API (after a successful create). */
  published: boolean;
  /** Set from outside (server/diagnosis) after a failure: the first broken link a diagnosis found. */
  diagnosis?: TunnelDiagnosis;
}

export interface TunnelEntriesDeps {
  bus: EventBus;
  log: { info(message: string): void };
  /** What every supervisor is given besides its spec and change callback. */
  supervisor: (entry: TunnelEntry) => Omit<SupervisorDeps, 'spec' | 'onChange'>;
  statsThrottleMs?: number;
}

/**
 * The daemon's live tunnels: one supervisor each, and how they reach the event stream (a snapshot per change,
 * counts throttled). A tunnel being created exists here before it is published, so a failed create leaves nothing.
 */
export class TunnelEntries {
  private readonly entries = new Map<string, TunnelEntry>();
  private readonly changes: ChangeThrottle;

  constructor(private readonly deps: TunnelEntriesDeps) {
    this.changes = new ChangeThrottle(deps.statsThrottleMs ?? 1_000);
  }

  all(): TunnelEntry[] {
    return [...this.entries.values()];
  }

  published(): TunnelEntry[] {
    return this.all().filter((entry) => entry.published);
  }

  /** The published tunnel, or TUNNEL_NOT_FOUND (404). */
  get(id: string): TunnelEntry {
    const entry = this.entries.get(id);
    if (!entry?.published)
      throw new PortholeError('TUNNEL_NOT_FOUND', `No tunnel ${id}.`, { hint: 'It may have been removed.', status: 404 });
    return entry;
  }

  find(id: string): TunnelEntry | undefined {
    const entry = this.entries.get(id);
    return entry?.published ? entry : undefined;
  }

  add(spec: TunnelSpec, published: boolean): TunnelEntry {
    const entry: TunnelEntry = { spec, published, supervisor: undefined as unknown as TunnelSupervisor };
    entry.supervisor = new TunnelSupervisor({
      ...this.deps.supervisor(entry),
      spec: () => entry.spec,
      onChange: (kind) => this.changed(entry, kind),
    });
    this.entries.set(spec.id, entry);
    return entry;
  }

  forget(entry: TunnelEntry): void {
    this.changes.forget(entry.spec.id);
    this.entries.delete(entry.spec.id);
  }

  /** Makes a created tunnel visible to the API and the event stream. */
  publishNew(entry: TunnelEntry): void {
    entry.published = true;
    this.publish(entry);
  }

  /** Replaces a tunnel's spec in memory and publishes it. */
  replaceSpec(entry: TunnelEntry, spec: TunnelSpec): void {
    entry.spec = spec;
    this.publish(entry);
  }

  setDiagnosis(id: string, diagnosis: TunnelDiagnosis | undefined): void {
    const entry = this.find(id);
    if (!entry) return;
    entry.diagnosis = diagnosis;
    this.publish(entry);
  }

  snapshot(entry: TunnelEntry): Tunnel {
    const tunnel = tunnelSnapshot(entry.spec, entry.supervisor);
    return entry.diagnosis ? { ...tunnel, diagnosis: entry.diagnosis } : tunnel;
  }

  close(): void {
    this.changes.close();
  }

  private changed(entry: TunnelEntry, kind: 'state' | 'stats'): void {
    if (!entry.published || !this.entries.has(entry.spec.id)) return;
    if (kind === 'state') {
      const { state, reason } = entry.supervisor.cell;
      // States and reasons only: never argv, env or StartSession replies (they carry the session token).
      this.deps.log.info(`tunnel ${entry.spec.name} (${entry.spec.id}) ${state}${reason ? `: ${reason}` : ''}`);
    }
    this.changes.changed(entry.spec.id, kind, () => {
      if (this.entries.has(entry.spec.id)) this.publish(entry);
    });
  }

  private publish(entry: TunnelEntry): void {
    this.deps.bus.publish({ type: 'tunnel', data: this.snapshot(entry) });
  }
}
