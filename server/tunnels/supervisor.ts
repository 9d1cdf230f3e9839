import type { ApiError, Health, SessionLimits, TunnelState, TunnelStats } from '../../shared/api.js';
import type { PluginEnd } from '../plugin/session-plugin.js';
import { Relay } from './relay.js';
import type { LaunchHooks, SessionHandle } from './session-launcher.js';
import { idleMinutesWithin } from './session-limits.js';
import { SessionPool } from './session-pool.js';
import { CurrentSession, lossStep } from './session-loss.js';
import { asApiError } from './start-errors.js';
import { sessionReports } from './session-reports.js';
import { afterSignIn, waitingReason } from './sign-in-wait.js';
import { afterStartFailure, StartRetries } from './start-retries.js';
import type { SupervisorDeps } from './supervisor-deps.js';
import { timersFrom, type Timers } from './timers.js';
import { TrafficTotals } from './traffic-totals.js';
import { TunnelLog } from './tunnel-log.js';
import { StateCell } from './state-cell.js';
import { isActive, isOpen, type TunnelEvent } from './transitions.js';
import { launchRequest } from './tunnel-spec.js';

export type { SupervisorDeps } from './supervisor-deps.js';

export const UNKNOWN_HEALTH: Health = { status: 'unknown', layers: [] };

/**
 * One tunnel's lifetime: the relay, the current session, reconnects, lazy start and idle stop. A session that
 * had been open is replaced at once when lost; backoff applies only while starts keep failing (issue 11).
 * State changes go only through the transition table; `generation` makes late callbacks of an abandoned
 * attempt or session harmless.
 */
export class TunnelSupervisor {
  health: Health = UNKNOWN_HEALTH;
  restarts = 0;
  destinationFailures = 0;
  readonly log = new TunnelLog();
  private relay: Relay | undefined;
  private generation = 0;
  private starting: Promise<void> | undefined;
  private readonly current: CurrentSession;
  /** Parallel sessions beside the current one (issue 17): the card reads them, a changed setting refills them. */
  readonly pool: SessionPool;
  private readonly reports: Pick<LaunchHooks, 'log' | 'onDestinationFailure'>;
  private readonly retries: StartRetries;
  private readonly totals = new TrafficTotals();
  private readonly timers: Timers;
  private readonly now: () => number;
  /** State, reason, error and since, changed only through the transition table. */
  readonly cell: StateCell;

  /** What the relay tells: a first client (start a session), idle time, traffic, replies, new connections. */
  private readonly relayHooks = {
    onDemand: () => this.onDemand(),
    onChange: () => this.deps.onChange('stats'),
    onIdle: () => void this.onIdle(),
    onUpstreamReply: () => this.deps.onClientReply?.(),
    onConnection: () => this.pool.demand(),
  };

  constructor(private readonly deps: SupervisorDeps) {
    this.now = deps.now ?? Date.now;
    this.timers = timersFrom(deps);
    this.cell = new StateCell(this.log, this.now);
    this.current = new CurrentSession(() => this.relay, this.now);
    this.retries = new StartRetries(deps.backoff, this.timers, this.now);
    this.reports = sessionReports(this.log, deps, () => this.destinationFailures++);
    const { spec, launch, backoff, quickEndMs } = deps;
    const pool = { spec, launch, backoff, quickEndMs, hooks: this.reports, now: this.now, relay: () => this.relay, ...this.timers };
    this.pool = new SessionPool({ ...pool, onChange: () => this.deps.onChange('state') });
  }

  get state(): TunnelState {
    return this.cell.state;
  }

  /** Epoch ms of the next start attempt, while waiting out the backoff. */
  get retryAt(): number | undefined {
    return this.retries.at;
  }

  /** Consecutive failed starts since a session was last open. */
  get failedStarts(): number {
    return this.retries.failures;
  }

  get sessionId(): string | undefined {
    return this.current.handle?.sessionId;
  }

  get openedAt(): number | undefined {
    return this.current.openedAt;
  }

  get idleDeadline(): number | undefined {
    return this.relay?.idleDeadline;
  }

  /** The service's own limits for this tunnel's account and region, once read. */
  get limits(): SessionLimits | undefined {
    return this.deps.sessionLimits?.();
  }

  /** The service's limits became known: an open lazy tunnel's idle countdown follows them. */
  limitsChanged(): void {
    if (this.deps.spec().lazy && isOpen(this.state)) this.relay?.setIdle(this.idleMinutes() * 60_000);
    this.deps.onChange('state');
  }

  get stats(): TunnelStats {
    return this.totals.stats(this.relay?.stats, this.restarts + this.pool.restarts, this.destinationFailures);
  }

  /**
   * Binds the relay (PORT_IN_USE is thrown before any AWS call), then starts a session now, or for a lazy
   * tunnel without `immediate`, waits for the first client. Resolves once the relay listens.
   */
  start(options: { immediate: boolean }): Promise<void> {
    // "Retry now": a tunnel waiting out its backoff, or for a sign-in Porthole did not see, tries again at once.
    if (this.state === 'reconnecting' && this.retries.runNow()) return Promise.resolve();
    if (this.resume('trying again now')) return Promise.resolve();
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
      ...this.timers,
      ...this.relayHooks,
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
    this.current.everOpened = false;
    this.retries.reset();
    if (spec.lazy && !options.immediate) {
      this.move('listen', `listening on port ${spec.localPort}; the first client connection starts the session`);
    } else {
      this.move('start', `starting a session via ${spec.jumpHostId}`);
      void this.attempt();
    }
  }

  /** Stops everything: the plugin (SIGINT, SIGKILL), TerminateSession, the relay and its clients. */
  async stop(reason = 'stopped'): Promise<void> {
    this.retries.reset();
    const { relay, session } = this.detach();
    this.move('stop', reason);
    await Promise.all([relay?.close(), session?.stop(), this.pool.stopAll()]);
  }

  /** Ends the current session and starts a new one behind the same port at once (e.g. a dead session). */
  async restartSession(reason: string): Promise<void> {
    const session = this.current.handle;
    if (!session || !this.relay) return;
    this.generation++;
    this.endSession();
    this.restarts++;
    this.move('session-dead', reason);
    await session.stop();
    if (this.state === 'reconnecting') void this.attempt();
  }

  /** The profile works again: a tunnel waiting for sign-in resumes behind the same port (false if not waiting). */
  resume(why: string): boolean {
    if (this.state !== 'waiting-for-sign-in' || !this.relay) return false;
    const next = afterSignIn(this.deps.spec(), this.relay.waiting, why);
    this.move(next.event, next.reason);
    if (next.event === 'signed-in') void this.attempt();
    return true;
  }

  /** A health result: open tunnels become healthy or unhealthy; a dead session behind a live plugin restarts. */
  applyHealth(health: Health): void {
    if (!isOpen(this.state)) return;
    this.health = health;
    if (health.status === 'healthy') this.move('health-ok', 'the database answered the health probe');
    else if (health.status === 'unhealthy') {
      this.move('health-bad', health.error?.message ?? 'the health probe failed');
      if (health.error?.code === 'SESSION_DEAD' && this.current.handle?.running) {
        void this.restartSession('the session behind the port is dead; starting a new one');
      }
    } else this.deps.onChange('state');
  }

  private onDemand(): void {
    // Waiting for sign-in, clients simply queue (up to the relay's wait limit): a start now would fail again.
    if (this.state !== 'idle') return;
    this.move('demand', 'a client connected; starting the session');
    void this.attempt();
  }

  private async onIdle(): Promise<void> {
    const spec = this.deps.spec();
    const session = this.current.handle;
    if (!spec.lazy || !isOpen(this.state) || !session) return;
    this.generation++;
    this.endSession();
    this.move('idle-timeout', `no client connection for ${this.idleMinutes()} min; session ended, port ${spec.localPort} still listens`);
    await Promise.all([session.stop(), this.pool.stopAll()]);
  }

  /** Resolves once no session start is in flight: after `stop`, nothing of this tunnel runs any more. */
  async settled(): Promise<void> {
    await Promise.all([this.current.settled(), this.pool.settled()]);
  }

  private attempt(): Promise<void> {
    return this.current.launching(this.launch());
  }

  private async launch(): Promise<void> {
    const generation = ++this.generation;
    const spec = this.deps.spec();
    this.relay?.setUpstream(undefined);
    this.health = UNKNOWN_HEALTH;
    let handle: SessionHandle;
    try {
      handle = await this.deps.launch(launchRequest(spec), this.launchHooks(generation));
    } catch (error) {
      if (generation === this.generation) this.onStartFailure(error);
      return;
    }
    if (generation !== this.generation || !this.relay) {
      await handle.stop();
      return;
    }
    this.current.open(handle);
    this.retries.reset();
    this.relay.setUpstream(handle.port);
    this.pool.fill();
    this.move('port-open', `session ${handle.sessionId} open on port ${spec.localPort}`);
    if (spec.lazy) this.relay.setIdle(this.idleMinutes() * 60_000);
    this.deps.onOpen?.();
    void handle.ended.then((end) => {
      if (generation === this.generation && this.current.handle === handle) this.onSessionLost(end);
    });
  }

  private launchHooks(generation: number): LaunchHooks {
    const onSessionEnd = (): void => void (generation === this.generation && this.current.endLine());
    return { ...this.reports, onSessionEnd };
  }

  /** An open session ended by itself: a new one at once, a backoff wait, or idle (issue 11). */
  private onSessionLost(end: PluginEnd): void {
    const step = lossStep(this.current.loss(end), this.deps.spec().localPort, this.deps.quickEndMs);
    this.endSession();
    if (step.action === 'idle') {
      this.move(step.event, step.reason);
      return void this.pool.stopAll();
    }
    this.restarts++;
    if (step.action === 'retry-later') {
      this.retries.failures++;
      return this.retry(step.event, step.reason);
    }
    this.move(step.event, step.reason);
    void this.attempt();
  }

  private onStartFailure(error: unknown): void {
    const apiError = asApiError(error);
    this.log.push('supervisor', `start failed: ${apiError.code}: ${apiError.message}`);
    const action = afterStartFailure({
      code: apiError.code,
      everOpened: this.current.everOpened,
      failures: this.retries.failures,
      maxRetries: this.deps.startRetries ?? 3,
      lazy: this.deps.spec().lazy,
      waiting: this.relay?.waiting ?? 0,
    });
    if (action === 'wait-sign-in') {
      // No timer and no retry spent: the port and the queued clients stay until the profile works again.
      this.move('sign-in-needed', waitingReason(this.deps.spec().profile, apiError.message), apiError);
      return this.deps.onSignInNeeded?.();
    }
    this.retries.failures++;
    if (action === 'fail') this.fail(apiError);
    else if (action === 'idle')
      this.move('idle-timeout', `${apiError.message}; no client is waiting, so the next connection starts a new session`);
    else this.retry('start-failed-retryable', apiError.message, apiError);
  }

  /** Waits the backoff delay and tries again: a start failed, or a session ended before anyone used it. */
  private retry(event: TunnelEvent, why: string, error?: ApiError): void {
    const generation = this.generation;
    const delay = this.retries.schedule(() => {
      if (generation === this.generation) void this.attempt();
    });
    // The dashboard counts down to retryAt itself; the reason stays true while the wait runs.
    const n = this.retries.failures;
    this.move(event, /[.!]$/.test(why) ? `${why} Attempt ${n} failed.` : `${why}; attempt ${n} failed`, error);
    this.log.push('supervisor', `next try in ${Math.max(1, Math.round(delay / 1000))} s`);
  }

  private fail(error: ApiError): void {
    this.retries.cancel();
    const { relay, session } = this.detach();
    void Promise.all([relay?.close(), session?.stop(), this.pool.stopAll()]);
    this.move('fatal', error.message, error);
  }

  /** Lets go of the relay and the session (the caller closes them), keeping the relay's counts. */
  private detach(): { relay: Relay | undefined; session: SessionHandle | undefined } {
    this.generation++;
    const { relay } = this;
    this.relay = undefined;
    if (relay) this.totals.add(relay.stats);
    return { relay, session: this.forgetSession() };
  }

  /** Ends the current session for the relay: clients that were piped to it are closed, new ones wait (or go to a parallel one). */
  private endSession(): void {
    const session = this.forgetSession();
    this.relay?.setUpstream(undefined);
    this.relay?.setIdle(undefined);
    this.relay?.dropClients(session?.port);
  }

  private forgetSession(): SessionHandle | undefined {
    const session = this.current.take();
    this.health = UNKNOWN_HEALTH;
    if (session) this.deps.onClose?.();
    return session;
  }

  private move(event: TunnelEvent, reason: string, error?: ApiError): void {
    const next = this.cell.move(event, reason, error);
    if (next === undefined) return;
    if (next !== 'reconnecting') this.retries.cancel();
    this.deps.onChange('state');
  }

  private idleMinutes(): number {
    return idleMinutesWithin(this.deps.spec().idleMinutes ?? this.deps.defaultIdleMinutes(), this.limits);
  }
}
