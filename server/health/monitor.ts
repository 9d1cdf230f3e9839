// Schedules deep probes per tunnel and folds passive signals in. One self-rescheduling timer per
// watched tunnel, with a stop flag and a crash-proof tick (the Uptime Kuma beat), cleared on unwatch
// and close. Probes run on watch (the tunnel just opened), on demand, and then rarely: never while the
// user's own connections flow (their traffic already proves the path, and each probe makes the jump
// host dial the database).
import type { Health, HealthLayer, HealthLayerName } from '../../shared/api.js';
import { composeHealth, type PassiveSignals } from './compose.js';
import { probeDatabase, type ProbeRequest, type ProbeResult } from './probe.js';

export const DEFAULT_PROBE_INTERVAL_MS = 10 * 60 * 1000;
/** A client success alone refreshes `lastClientSuccessAt` in events at most this often. */
const CLIENT_SUCCESS_EMIT_MS = 60 * 1000;

export interface ProbeContext {
  /** The relay's local port. */
  port: number;
  host?: string;
  engine?: string;
  /** The database's own port, which tells the protocol when the engine is unknown. */
  databasePort?: number;
  /** The RDS endpoint the certificate must name. */
  serverName: string;
  activeConnections: number;
  /** What the supervisor knows now: credentials, jump-host, relay, session. */
  layers?: Partial<Record<HealthLayerName, HealthLayer>>;
}

type TimerHandle = unknown;

export interface HealthMonitorDeps {
  probe?: (request: ProbeRequest) => Promise<ProbeResult>;
  trust: { ca(): string[] };
  now?: () => Date;
  /** Milliseconds between scheduled probes; a function follows settings changes. Default 10 minutes. */
  intervalMs?: number | (() => number);
  probeTimeoutMs?: number;
  setTimer?: (fn: () => void, ms: number) => TimerHandle;
  clearTimer?: (handle: TimerHandle) => void;
  /** Where a crashed tick or callback is reported (default: ignored). */
  onError?: (error: unknown, id: string) => void;
}

interface Watch {
  id: string;
  context: () => ProbeContext | undefined;
  onResult: (health: Health) => void;
  stopped: boolean;
  timer?: TimerHandle;
  inFlight?: Promise<Health | undefined>;
  probe?: ProbeResult;
  passive: PassiveSignals;
  current?: Health;
  emitted?: { key: string; clientSuccessAt?: number };
}

function defaultSetTimer(fn: () => void, ms: number): TimerHandle {
  const timer = setTimeout(fn, ms);
  timer.unref?.();
  return timer;
}

/** What makes a new Health worth an event: status, root cause or any layer's status changed. */
function significance(health: Health): string {
  return JSON.stringify([health.status, health.error?.code, health.layers.map((l) => l.status), health.checkedAt]);
}

export class HealthMonitor {
  private readonly watches = new Map<string, Watch>();
  private readonly probe: (request: ProbeRequest) => Promise<ProbeResult>;
  private readonly now: () => Date;
  private readonly setTimer: (fn: () => void, ms: number) => TimerHandle;
  private readonly clearTimer: (handle: TimerHandle) => void;
  private closed = false;

  constructor(private readonly deps: HealthMonitorDeps) {
    this.probe = deps.probe ?? probeDatabase;
    this.now = deps.now ?? (() => new Date());
    this.setTimer = deps.setTimer ?? defaultSetTimer;
    this.clearTimer = deps.clearTimer ?? ((handle) => clearTimeout(handle as NodeJS.Timeout));
  }

  /** Starts watching a tunnel: probes now, then every interval while no client connection is open. */
  watch(id: string, context: () => ProbeContext | undefined, onResult: (health: Health) => void): void {
    if (this.closed) return;
    this.unwatch(id);
    const entry: Watch = { id, context, onResult, stopped: false, passive: {} };
    this.watches.set(id, entry);
    void this.tick(entry, true);
  }

  unwatch(id: string): void {
    const entry = this.watches.get(id);
    if (!entry) return;
    entry.stopped = true;
    if (entry.timer !== undefined) this.clearTimer(entry.timer);
    entry.timer = undefined;
    this.watches.delete(id);
  }

  /** Probes now (on demand), whatever the traffic; joins a probe already running. */
  async checkNow(id: string): Promise<Health | undefined> {
    const entry = this.watches.get(id);
    if (!entry) return undefined;
    const context = this.safeContext(entry);
    if (!context) return entry.current;
    const health = await this.runProbe(entry, context);
    this.schedule(entry);
    return health;
  }

  /** The latest composed health, without probing. */
  current(id: string): Health | undefined {
    return this.watches.get(id)?.current;
  }

  /** Passive signal: a client connection got an answer from the database through the relay. */
  noteClientSuccess(id: string): void {
    const entry = this.watches.get(id);
    if (!entry) return;
    entry.passive.lastClientSuccessAt = this.now().toISOString();
    this.publish(entry, this.safeContext(entry), false);
  }

  /** Passive signal: the plugin printed "Connection to destination port failed". */
  noteDestinationFailure(id: string): void {
    const entry = this.watches.get(id);
    if (!entry) return;
    entry.passive.destinationFailureAt = this.now().toISOString();
    this.publish(entry, this.safeContext(entry), true);
  }

  close(): void {
    this.closed = true;
    for (const id of [...this.watches.keys()]) this.unwatch(id);
  }

  private interval(): number {
    const value = typeof this.deps.intervalMs === 'function' ? this.deps.intervalMs() : this.deps.intervalMs;
    return value !== undefined && value > 0 ? value : DEFAULT_PROBE_INTERVAL_MS;
  }

  private schedule(entry: Watch): void {
    if (entry.stopped) return;
    if (entry.timer !== undefined) this.clearTimer(entry.timer);
    entry.timer = this.setTimer(() => void this.tick(entry, false), this.interval());
  }

  /** One beat: never throws, always reschedules (unless stopped). */
  private async tick(entry: Watch, force: boolean): Promise<void> {
    if (entry.stopped) return;
    entry.timer = undefined;
    try {
      const context = this.safeContext(entry);
      if (context && (force || context.activeConnections === 0)) await this.runProbe(entry, context);
    } catch (error) {
      this.deps.onError?.(error, entry.id);
    } finally {
      this.schedule(entry);
    }
  }

  private runProbe(entry: Watch, context: ProbeContext): Promise<Health | undefined> {
    entry.inFlight ??= (async () => {
      const request: ProbeRequest = {
        port: context.port,
        serverName: context.serverName,
        ca: this.deps.trust.ca(),
        ...(context.host ? { host: context.host } : {}),
        ...(context.engine ? { engine: context.engine } : {}),
        ...(context.databasePort ? { databasePort: context.databasePort } : {}),
        ...(this.deps.probeTimeoutMs ? { timeoutMs: this.deps.probeTimeoutMs } : {}),
      };
      const result = await this.probe(request);
      if (entry.stopped) return undefined;
      // Stamp with the monitor's clock so probe and passive signals order consistently.
      entry.probe = { ...result, checkedAt: this.now().toISOString() };
      return this.publish(entry, this.safeContext(entry) ?? context, true);
    })().finally(() => {
      entry.inFlight = undefined;
    });
    return entry.inFlight;
  }

  private publish(entry: Watch, context: ProbeContext | undefined, force: boolean): Health {
    const health = composeHealth({
      ...(entry.probe ? { probe: entry.probe } : {}),
      ...(context?.layers ? { layers: context.layers } : {}),
      passive: entry.passive,
    });
    entry.current = health;
    const key = significance(health);
    const clientSuccessAt = health.lastClientSuccessAt ? Date.parse(health.lastClientSuccessAt) : undefined;
    const previous = entry.emitted;
    const staleClientSuccess =
      clientSuccessAt !== undefined &&
      (previous?.clientSuccessAt === undefined || clientSuccessAt - previous.clientSuccessAt >= CLIENT_SUCCESS_EMIT_MS);
    if (!force && previous?.key === key && !staleClientSuccess) return health;
    entry.emitted = { key, ...(clientSuccessAt !== undefined ? { clientSuccessAt } : {}) };
    try {
      entry.onResult(health);
    } catch (error) {
      this.deps.onError?.(error, entry.id);
    }
    return health;
  }

  private safeContext(entry: Watch): ProbeContext | undefined {
    try {
      return entry.context();
    } catch (error) {
      this.deps.onError?.(error, entry.id);
      return undefined;
    }
  }
}
