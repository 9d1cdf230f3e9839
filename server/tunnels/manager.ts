import type {
  CreateTunnelRequest,
  PluginStatus,
  SessionLimits,
  Tunnel,
  TunnelDiagnosis,
  TunnelLogLine,
  TunnelSpec,
  UpdateTunnelRequest,
} from '../../shared/api.js';
import type { ConfigStore } from '../config/store.js';
import { PortholeError } from '../errors.js';
import type { EventBus } from '../events/bus.js';
import { processCommandLine } from '../platform.js';
import type { BackoffOptions } from './backoff.js';
import { cleanupOrphans } from './orphans.js';
import { PluginRegistry } from './plugin-registry.js';
import type { SessionApiFactory } from '../aws/ssm-sessions.js';
import { createLauncher, type Launcher } from './session-launcher.js';
import { patchedSpec, withStoppedByUser, type TargetLookup } from './tunnel-spec.js';
import { isActive, isOpen } from './transitions.js';
import { profileWorksAgain } from './sign-in-wait.js';
import { healthHooks, type HealthMonitorLike } from './health-link.js';
import { createTunnel } from './tunnel-create.js';
import { SessionLimitsBook } from './session-limits.js';
import { TunnelEntries, type TunnelEntry } from './tunnel-entries.js';

export type { HealthMonitorLike, ProbeContext } from './health-link.js';

export interface LoggerLike {
  info(message: string): void;
  warn(message: string): void;
}

export interface TunnelManagerDeps {
  config: ConfigStore;
  bus: EventBus;
  sessions: SessionApiFactory;
  inventory: TargetLookup;
  plugin: () => Promise<PluginStatus>;
  configDir: string;
  log: LoggerLike;
  health?: HealthMonitorLike;
  now?: () => Date;
  /** Tuning, mostly for tests. */
  startTimeoutMs?: number;
  killAfterMs?: number;
  waitTimeoutMs?: number;
  backoff?: BackoffOptions;
  startRetries?: number;
  statsThrottleMs?: number;
  commandLine?: (pid: number) => Promise<string[] | undefined>;
  /** Whether a local port looks free (default: try to bind it). */
  isPortFree?: (port: number) => Promise<boolean>;
  launcher?: Launcher;
  /** Told when a tunnel starts waiting for its profile's sign-in: it may verify or renew it by itself. */
  signIn?: { loginRejected(profile: string): unknown };
  /** Extra environment for the plugin of a profile (its AWS config file for SSO profiles). */
  pluginEnv?: (profile: string) => Promise<Record<string, string>> | Record<string, string>;
  /** The account's Session Manager limits (idle timeout, maximum duration) for a profile and region. */
  sessionLimits?: (profile: string, region: string) => Promise<SessionLimits>;
}

type Entry = TunnelEntry;

/**
 * All tunnels of this daemon: creates and saves them, runs one supervisor each, publishes every change on
 * the bus, records plugin pids for crash cleanup, and stops everything on close.
 */
export class TunnelManager {
  private readonly entries: TunnelEntries;
  private readonly registry: PluginRegistry;
  private readonly launch: Launcher;
  private creating: Promise<unknown> = Promise.resolve();
  private closed = false;
  private readonly unsubscribe: () => void;

  constructor(private readonly deps: TunnelManagerDeps) {
    this.registry = new PluginRegistry(deps.configDir);
    const limits = new SessionLimitsBook(
      deps.sessionLimits,
      (profile, region) => {
        for (const entry of this.entries.all())
          if (entry.spec.profile === profile && entry.spec.region === region) entry.supervisor.limitsChanged();
      },
      (message) => deps.log.warn(message),
    );
    this.entries = new TunnelEntries({
      bus: deps.bus,
      log: deps.log,
      statsThrottleMs: deps.statsThrottleMs,
      supervisor: (entry) => {
        const health = healthHooks(deps.health, entry.spec.id, () => entry);
        return {
          launch: this.launch,
          defaultIdleMinutes: () => deps.config.get().settings.idleMinutes,
          onSignInNeeded: () => void deps.signIn?.loginRejected(entry.spec.profile),
          ...health,
          // Each session that opens reads its account's limits again (cached with the inventory).
          onOpen: () => {
            health.onOpen?.();
            limits.learn(entry.spec.profile, entry.spec.region);
          },
          sessionLimits: () => limits.get(entry.spec.profile, entry.spec.region),
          now: deps.now ? () => deps.now!().getTime() : undefined,
          backoff: deps.backoff,
          startRetries: deps.startRetries,
          waitTimeoutMs: deps.waitTimeoutMs,
        };
      },
    });
    this.launch =
      deps.launcher ??
      createLauncher({
        plugin: deps.plugin,
        sessions: deps.sessions,
        registry: this.registry,
        startTimeoutMs: deps.startTimeoutMs,
        killAfterMs: deps.killAfterMs,
        now: deps.now,
        pluginEnv: deps.pluginEnv,
      });
    for (const spec of deps.config.get().tunnels) this.entries.add(spec, true);
    // A profile that works again (a sign-in in Porthole or with `aws sso login`, a renewal, a check that
    // passed) wakes every tunnel of it that waits for sign-in.
    this.unsubscribe = deps.bus.subscribe(({ event }) => {
      const works = profileWorksAgain(event);
      if (!works) return;
      for (const entry of this.entries.all()) if (entry.spec.profile === works.profile) entry.supervisor.resume(works.why);
    });
  }

  list(): Tunnel[] {
    return this.entries.published().map((entry) => this.snapshot(entry));
  }

  get(id: string): Tunnel | undefined {
    const entry = this.entries.find(id);
    return entry ? this.snapshot(entry) : undefined;
  }

  /** Creates, saves and starts a tunnel; PORT_IN_USE (nothing saved) when its port is taken. */
  create(request: CreateTunnelRequest): Promise<Tunnel> {
    // One create at a time, so two tunnels never pick the same free port.
    const run = this.creating.then(async () => {
      if (this.closed) throw new PortholeError('SHUTTING_DOWN', 'Porthole is shutting down.', { status: 503 });
      const entry = await createTunnel(request, { ...this.deps, entries: this.entries });
      return this.snapshot(entry);
    });
    this.creating = run.catch(() => undefined);
    return run;
  }

  async start(id: string): Promise<Tunnel> {
    const entry = this.entry(id);
    await this.rememberStopped(entry, false);
    await entry.supervisor.start({ immediate: true });
    return this.snapshot(entry);
  }

  async stop(id: string): Promise<Tunnel> {
    const entry = this.entry(id);
    await this.stopByUser(entry);
    return this.snapshot(entry);
  }

  async restart(id: string): Promise<Tunnel> {
    const entry = this.entry(id);
    await this.rememberStopped(entry, false);
    await entry.supervisor.stop('restarting');
    // A restart the user asked for is a restart: the card's count must not say 0 after one.
    entry.supervisor.restarts++;
    await entry.supervisor.start({ immediate: true });
    return this.snapshot(entry);
  }

  /** Saves the user's user, database or jump host; a running session moves to a new jump host at once. */
  async update(id: string, patch: UpdateTunnelRequest): Promise<Tunnel> {
    const entry = this.entry(id);
    const moved = patch.jumpHostId !== undefined && patch.jumpHostId !== entry.spec.jumpHostId;
    await this.saveSpec(entry, patchedSpec(entry.spec, patch));
    if (moved && isActive(entry.supervisor.state) && entry.supervisor.state !== 'idle') return this.restart(id);
    // More or fewer parallel sessions: an open tunnel starts or stops them now, its other clients stay connected.
    if (patch.parallelSessions !== undefined && isOpen(entry.supervisor.state)) entry.supervisor.pool.fill();
    return this.snapshot(entry);
  }

  async remove(id: string): Promise<void> {
    const entry = this.entry(id);
    await entry.supervisor.stop('removed');
    this.entries.forget(entry);
    await this.deps.config.update((draft) => {
      draft.tunnels = draft.tunnels.filter((spec) => spec.id !== id);
    });
    this.deps.bus.publish({ type: 'tunnel-removed', data: { id } });
  }

  logs(id: string): TunnelLogLine[] {
    return this.entry(id).supervisor.log.entries();
  }

  /** Runs a deep probe now (open tunnels only) and returns the tunnel with its result. */
  async checkNow(id: string): Promise<Tunnel> {
    const entry = this.entry(id);
    // The result reaches the supervisor through the watch callback, like every probe's: applying the
    // returned health here as well would publish the same change twice.
    if (this.deps.health && isOpen(entry.supervisor.state)) await this.deps.health.checkNow(id);
    return this.snapshot(entry);
  }

  /** Starts every stopped or failed tunnel now; one that cannot start keeps its error and the rest go on. */
  async startAll(): Promise<Tunnel[]> {
    await Promise.all(
      this.entries.all().map(async (entry) => {
        await this.rememberStopped(entry, false);
        await entry.supervisor.start({ immediate: true }).catch(() => undefined);
      }),
    );
    return this.list();
  }

  async stopAll(): Promise<Tunnel[]> {
    await Promise.all(this.entries.all().map((entry) => this.stopByUser(entry)));
    return this.list();
  }

  /**
   * Daemon start: autostart tunnels come back on their ports, lazy ones listening idle until a client comes.
   * A tunnel the user stopped stays stopped.
   */
  async resumeSaved(): Promise<void> {
    const autostart = this.entries.all().filter((entry) => entry.spec.autoStart && !entry.spec.stoppedByUser);
    await Promise.all(
      autostart.map((entry) =>
        entry.supervisor
          .start({ immediate: false })
          .catch((error: Error) => this.deps.log.warn(`tunnel ${entry.spec.name} did not resume: ${error.message}`)),
      ),
    );
  }

  /** Puts (or, with undefined, clears) a diagnosis note on a tunnel and publishes the change. */
  setDiagnosis(id: string, diagnosis: TunnelDiagnosis | undefined): void {
    this.entries.setDiagnosis(id, diagnosis);
  }

  /** Stops the plugins and ends the sessions a killed daemon left behind; call before any tunnel starts. */
  cleanupOrphans(): Promise<string[]> {
    return cleanupOrphans({
      registry: this.registry,
      sessions: this.deps.sessions,
      commandLine: this.deps.commandLine ?? processCommandLine,
      graceMs: this.deps.killAfterMs,
      log: (message) => this.deps.log.warn(message),
    });
  }

  /** Stops every tunnel gracefully (SIGINT, SIGKILL, TerminateSession); nothing is left running. */
  async close(): Promise<void> {
    this.closed = true;
    this.unsubscribe();
    // Starts still in flight stop their own sessions when they land: wait for that too, so no plugin outlives us.
    await Promise.all(
      this.entries.all().map(async (entry) => {
        await entry.supervisor.stop('Porthole is shutting down');
        await entry.supervisor.settled();
      }),
    );
    this.entries.close();
  }

  private async stopByUser(entry: Entry): Promise<void> {
    await entry.supervisor.stop('stopped by the user');
    await this.rememberStopped(entry, true);
  }

  /** Saves whether the user stopped this tunnel, so a daemon restart does not bring it back. */
  private async rememberStopped(entry: Entry, stopped: boolean): Promise<void> {
    if (Boolean(entry.spec.stoppedByUser) !== stopped) await this.saveSpec(entry, withStoppedByUser(entry.spec, stopped));
  }

  /** Replaces a published tunnel's saved spec (in memory and in config.json) and publishes it. */
  private async saveSpec(entry: Entry, spec: TunnelSpec): Promise<void> {
    await this.deps.config.update((draft) => {
      draft.tunnels = draft.tunnels.map((saved) => (saved.id === spec.id ? spec : saved));
    });
    this.entries.replaceSpec(entry, spec);
  }

  private snapshot(entry: Entry): Tunnel {
    return this.entries.snapshot(entry);
  }

  private entry(id: string): Entry {
    return this.entries.get(id);
  }
}
