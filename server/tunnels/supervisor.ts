import type { ApiError, Health, TunnelSpec, TunnelState, TunnelStats } from '../../shared/api.js';
import { Backoff, type BackoffOptions } from './backoff.js';
import { Relay } from './relay.js';
import type { Launcher, SessionHandle } from './session-launcher.js';
import { asApiError, FATAL_CODES } from './start-errors.js';
import { TrafficTotals } from './traffic-totals.js';
import { TunnelLog } from './tunnel-log.js';
import { isActive, isOpen, transition, type TunnelEvent } from './transitions.js';

export const UNKNOWN_HEALTH: Health = { status: 'unknown', layers: [] };

export interface SupervisorDeps {
  spec: () => TunnelSpec;
  launch: Launcher;
  /** Idle minutes for a lazy tunnel without its own setting. */
  defaultIdleMinutes: () => number;
  onChange: (kind: 'state' | 'stats') => void;
  /** A session opened (start watching its health) / closed (stop watching). */
  onOpen?: () => void;
  onClose?: () => void;
  /** The database answered a client through the relay (a passive health signal). */
  onClientReply?: () => void;
  onDestinationFailure?: () => void;
  now?: () => number;
  backoff?: BackoffOptions;
  /** Start attempts retried before `failed` while the tunnel has not opened yet in this run. */
  startRetries?: number;
  waitTimeoutMs?: number;
}

/**
 * One tunnel's lifetime: the relay, the current session, reconnects with backoff, lazy start and idle stop.
 * State changes go only through the transition table; `generation` makes late callbacks of an abandoned
 * attempt or session harmless.
 */
export class TunnelSupervisor {
  state: TunnelState = 'stopped';
  since: number;
  reason: string | undefined;
  error: ApiError | undefined;
  health: Health = UNKNOWN_HEALTH;
  retryAt: number | undefined;
  openedAt: number | undefined;
  restarts = 0;
  destinationFailures = 0;
  readonly log = new TunnelLog();
  private relay: Relay | undefined;
  private session: SessionHandle | undefined;
  private generation = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private starting: Promise<void> | undefined;
  private everOpened = false;
  private startFailures = 0;
  private readonly backoff: Backoff;
  private readonly totals = new TrafficTotals();
  private readonly now: () => number;

  constructor(private readonly deps: SupervisorDeps) {
    this.now = deps.now ?? Date.now;
    this.since = this.now();
    this.backoff = new Backoff(deps.backoff);
  }

  get sessionId(): string | undefined {
    return this.session?.sessionId;
  }

  get pluginPid(): number | undefined {
    return this.session?.pid;
  }

  get idleDeadline(): number | undefined {
    return this.relay?.idleDeadline;
  }

  get stats(): TunnelStats {
    return this.totals.stats(this.relay?.stats, this.restarts, this.destinationFailures);
  }

  /**
   * Binds the relay (PORT_IN_USE is thrown before any AWS call), then starts a session now, or for a lazy
   * tunnel without `immediate`, waits for the first client. Resolves once the relay listens.
   */
  start(options: { immediate: boolean }): Promise<void> {
    if (isActive(this.state)) return Promise.resolve();
    // A second click while the relay is still binding joins the first start instead of racing it.
    this.starting ??= this.startNow(options).finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  private async startNow(options: { immediate: boolean }): Promise<void> {
    const spec = this.deps.spec();
    const generation = this.generation;
    const relay = new Relay({
      port: spec.localPort,
      waitTimeoutMs: this.deps.waitTimeoutMs,
      now: this.now,
      onDemand: () => this.onDemand(),
      onChange: () => this.deps.onChange('stats'),
      onIdle: () => void this.onIdle(),
      onUpstreamReply: () => this.deps.onClientReply?.(),
    });
    try {
      await relay.listen();
    } catch (error) {
      if (generation === this.generation) this.fail(asApiError(error));
      throw error;
    }
    if (generation !== this.generation) {
      // Stopped while binding.
      await relay.close();
      return;
    }
    this.relay = relay;
    this.everOpened = false;
    this.startFailures = 0;
    this.backoff.reset();
    if (spec.lazy && !options.immediate) {
      this.move('listen', `listening on port ${spec.localPort}; the first client connection starts the session`);
    } else {
      this.move('start', `starting a session via ${spec.jumpHostId}`);
      void this.attempt();
    }
  }

  /** Stops everything: the plugin (SIGINT, SIGKILL), TerminateSession, the relay and its clients. */
  async stop(reason = 'stopped'): Promise<void> {
    this.generation++;
    this.clearRetry();
    const { relay, session } = this;
    this.relay = undefined;
    this.session = undefined;
    this.openedAt = undefined;
    if (session) this.deps.onClose?.();
    this.health = UNKNOWN_HEALTH;
    if (relay) this.totals.add(relay.stats);
    this.move('stop', reason);
    await Promise.all([relay?.close(), session?.stop()]);
  }

  /** Ends the current session and starts a new one behind the same port at once (e.g. a dead session). */
  async restartSession(reason: string): Promise<void> {
    const session = this.session;
    if (!session || !this.relay) return;
    this.generation++;
    this.endSession();
    this.restarts++;
    this.move('session-dead', reason);
    await session.stop();
    if (this.state === 'reconnecting') void this.attempt();
  }

  /** A health result: open tunnels become healthy or unhealthy; a dead session behind a live plugin restarts. */
  applyHealth(health: Health): void {
    if (!isOpen(this.state)) return;
    this.health = health;
    if (health.status === 'healthy') this.move('health-ok', 'the database answered the health probe');
    else if (health.status === 'unhealthy') {
      this.move('health-bad', health.error?.message ?? 'the health probe failed');
      if (health.error?.code === 'SESSION_DEAD' && this.session?.running) {
        void this.restartSession('the session behind the port is dead; starting a new one');
      }
    } else this.deps.onChange('state');
  }

  private onDemand(): void {
    if (this.state !== 'idle') return;
    this.move('demand', 'a client connected; starting the session');
    void this.attempt();
  }

  private async onIdle(): Promise<void> {
    const spec = this.deps.spec();
    if (!spec.lazy || !isOpen(this.state) || !this.session) return;
    const session = this.session;
    this.generation++;
    this.endSession();
    this.move('idle-timeout', `no client connection for ${this.idleMinutes()} min; session ended, port ${spec.localPort} still listens`);
    await session.stop();
  }

  private async attempt(): Promise<void> {
    const generation = ++this.generation;
    const spec = this.deps.spec();
    this.relay?.setUpstream(undefined);
    this.health = UNKNOWN_HEALTH;
    let handle: SessionHandle;
    try {
      handle = await this.deps.launch(
        {
          tunnelId: spec.id,
          profile: spec.profile,
          region: spec.region,
          jumpHostId: spec.jumpHostId,
          host: spec.target.host,
          port: spec.target.port,
        },
        {
          log: (source, line) => this.log.push(source, line),
          onDestinationFailure: () => {
            this.destinationFailures++;
            this.log.push(
              'supervisor',
              `the jump host could not reach ${spec.target.host}:${spec.target.port}: check the database's security group and the routing from ${spec.jumpHostId}`,
            );
            this.deps.onDestinationFailure?.();
            this.deps.onChange('stats');
          },
        },
      );
    } catch (error) {
      if (generation === this.generation) this.onStartFailure(error);
      return;
    }
    if (generation !== this.generation || !this.relay) {
      await handle.stop();
      return;
    }
    this.session = handle;
    this.everOpened = true;
    this.startFailures = 0;
    this.openedAt = this.now();
    this.backoff.up(this.openedAt);
    this.relay.setUpstream(handle.port);
    this.move('port-open', `session ${handle.sessionId} open on port ${spec.localPort}`);
    if (spec.lazy) this.relay.setIdle(this.idleMinutes() * 60_000);
    this.deps.onOpen?.();
    void handle.ended.then((end) => {
      if (generation !== this.generation || this.session !== handle) return;
      this.endSession();
      this.restarts++;
      this.backoff.down(this.now());
      this.retry('session-ended', `session ended: ${end.reason}`);
    });
  }

  private onStartFailure(error: unknown): void {
    const apiError = asApiError(error);
    this.log.push('supervisor', `start failed: ${apiError.code}: ${apiError.message}`);
    const retriesLeft = this.everOpened || this.startFailures < (this.deps.startRetries ?? 3);
    if (FATAL_CODES.has(apiError.code) || !retriesLeft) {
      this.fail(apiError);
      return;
    }
    this.startFailures++;
    this.retry('start-failed-retryable', apiError.message, apiError);
  }

  /**
   * Waits the backoff delay and tries again. A session that was lost is always brought back (the user
   * expects the tunnel to stay up; the idle timer ends it later if nobody uses it), but a lazy tunnel whose
   * start failed with no client waiting goes back to idle: the next connection tries again.
   */
  private retry(event: TunnelEvent, why: string, error?: ApiError): void {
    const spec = this.deps.spec();
    if (event === 'start-failed-retryable' && spec.lazy && (this.relay?.waiting ?? 0) === 0) {
      this.move('idle-timeout', `${why}; no client is waiting, so the next connection starts a new session`);
      return;
    }
    const delay = this.backoff.next();
    this.retryAt = this.now() + delay;
    this.move(event, `${why}; retrying in ${Math.max(1, Math.round(delay / 1000))} s`, error);
    const generation = this.generation;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.retryAt = undefined;
      if (generation === this.generation) void this.attempt();
    }, delay);
  }

  private fail(error: ApiError): void {
    this.generation++;
    this.clearRetry();
    const { relay, session } = this;
    this.relay = undefined;
    this.session = undefined;
    if (session) this.deps.onClose?.();
    if (relay) {
      this.totals.add(relay.stats);
      void relay.close();
    }
    void session?.stop();
    this.move('fatal', error.message, error);
  }

  /** Forgets the current session: clients that were piped to it are closed, new ones wait. */
  private endSession(): void {
    this.session = undefined;
    this.openedAt = undefined;
    this.health = UNKNOWN_HEALTH;
    this.deps.onClose?.();
    this.relay?.setUpstream(undefined);
    this.relay?.setIdle(undefined);
    this.relay?.dropClients();
  }

  private move(event: TunnelEvent, reason: string, error?: ApiError): void {
    const next = transition(this.state, event);
    if (next === undefined) {
      this.log.push('supervisor', `ignored ${event} in state ${this.state}`);
      return;
    }
    if (next !== this.state) this.since = this.now();
    this.state = next;
    this.reason = reason;
    this.error = error;
    if (next !== 'reconnecting') this.retryAt = undefined;
    this.log.push('supervisor', `${next}: ${reason}`);
    this.deps.onChange('state');
  }

  private clearRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.retryAt = undefined;
  }

  private idleMinutes(): number {
    return this.deps.spec().idleMinutes ?? this.deps.defaultIdleMinutes();
  }
}
