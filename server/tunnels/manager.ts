import type {
  CreateTunnelRequest,
  PluginStatus,
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
import { ChangeThrottle } from './change-throttle.js';
import { cleanupOrphans } from './orphans.js';
import { PluginRegistry } from './plugin-registry.js';
import { bindOnFreePort } from './ports.js';
import type { SessionApiFactory } from '../aws/ssm-sessions.js';
import { createLauncher, type Launcher } from './session-launcher.js';
import { TunnelSupervisor } from './supervisor.js';
import {
  buildSpec,
  lastPortKey,
  patchedSpec,
  resolveTarget,
  withStoppedByUser,
  type ResolvedTarget,
  type TargetLookup,
} from './tunnel-spec.js';
import { isActive, isOpen } from './transitions.js';
import { profileWorksAgain } from './sign-in-wait.js';
import { healthHooks, type HealthMonitorLike } from './health-link.js';
import { tunnelSnapshot } from './tunnel-snapshot.js';

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
}

interface Entry {
  spec: TunnelSpec;
  supervisor: TunnelSupervisor;
  /** Events are published once the tunnel exists for the API (after a successful create). */
  published: boolean;
  /** Set from outside (server/diagnosis) after a failure: the first broken link a diagnosis found. */
  diagnosis?: TunnelDiagnosis;
}

/**
 * All tunnels of this daemon: creates and saves them, runs one supervisor each, publishes every change on
 * the bus, records plugin pids for crash cleanup, and stops everything on close.
 */
export class TunnelManager {
  private readonly entries = new Map<string, Entry>();
  private readonly registry: PluginRegistry;
  private readonly launch: Launcher;
  private readonly changes: ChangeThrottle;
  private creating: Promise<unknown> = Promise.resolve();
  private closed = false;
  private readonly unsubscribe: () => void;

  constructor(private readonly deps: TunnelManagerDeps) {
    this.registry = new PluginRegistry(deps.configDir);
    this.changes = new ChangeThrottle(deps.statsThrottleMs ?? 1_000);
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
    for (const spec of deps.config.get().tunnels) this.add(spec, true);
    // A profile that works again (a sign-in in Porthole or with `aws sso login`, a renewal, a check that
    // passed) wakes every tunnel of it that waits for sign-in.
    this.unsubscribe = deps.bus.subscribe(({ event }) => {
      const works = profileWorksAgain(event);
      if (!works) return;
      for (const entry of this.entries.values()) if (entry.spec.profile === works.profile) entry.supervisor.resume(works.why);
    });
  }

  list(): Tunnel[] {
    return [...this.entries.values()].filter((entry) => entry.published).map((entry) => this.snapshot(entry));
  }

  get(id: string): Tunnel | undefined {
    const entry = this.entries.get(id);
    return entry?.published ? this.snapshot(entry) : undefined;
  }

  /** Creates, saves and starts a tunnel; PORT_IN_USE (nothing saved) when its port is taken. */
  create(request: CreateTunnelRequest): Promise<Tunnel> {
    // One create at a time, so two tunnels never pick the same free port.
    const run = this.creating.then(() => this.createNow(request));
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
    return this.snapshot(entry);
  }

  async remove(id: string): Promise<void> {
    const entry = this.entry(id);
    await entry.supervisor.stop('removed');
    this.forget(entry);
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
      [...this.entries.values()].map(async (entry) => {
        await this.rememberStopped(entry, false);
        await entry.supervisor.start({ immediate: true }).catch(() => undefined);
      }),
    );
    return this.list();
  }

  async stopAll(): Promise<Tunnel[]> {
    await Promise.all([...this.entries.values()].map((entry) => this.stopByUser(entry)));
    return this.list();
  }

  /**
   * Daemon start: autostart tunnels come back on their ports, lazy ones listening idle until a client comes.
   * A tunnel the user stopped stays stopped.
   */
  async resumeSaved(): Promise<void> {
    const autostart = [...this.entries.values()].filter((entry) => entry.spec.autoStart && !entry.spec.stoppedByUser);
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
    const entry = this.entries.get(id);
    if (!entry?.published) return;
    entry.diagnosis = diagnosis;
    this.publish(entry);
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
      [...this.entries.values()].map(async (entry) => {
        await entry.supervisor.stop('Porthole is shutting down');
        await entry.supervisor.settled();
      }),
    );
    this.changes.close();
  }

  /** The request's target; an id from a slice never fetched is looked up after fetching that slice. */
  private async resolve(request: CreateTunnelRequest): Promise<ResolvedTarget> {
    const { inventory } = this.deps;
    if ('id' in request.target && inventory.load && !inventory.findTarget(request.target.id)) {
      await inventory.load(request.profile, request.region);
    }
    return resolveTarget(request, inventory);
  }

  private async createNow(request: CreateTunnelRequest): Promise<Tunnel> {
    if (this.closed) throw new PortholeError('SHUTTING_DOWN', 'Porthole is shutting down.', { status: 503 });
    const resolved = await this.resolve(request);
    const holders = [...this.entries.values()];
    const holder = holders.find((entry) => entry.spec.localPort === request.localPort);
    if (request.localPort !== undefined && holder) {
      throw new PortholeError('PORT_IN_USE', `Local port ${request.localPort} already belongs to the tunnel "${holder.spec.name}".`, {
        hint: 'Choose another local port, or remove that tunnel first.',
        status: 409,
      });
    }
    const settings = this.deps.config.get().settings;
    const key = lastPortKey(resolved.ref);
    const entry = await bindOnFreePort(
      {
        requested: request.localPort,
        lastPort: settings.lastPorts[key],
        engine: resolved.ref.engine,
        targetPort: resolved.ref.port,
        reserved: new Set(holders.map((holder) => holder.spec.localPort)),
        isFree: this.deps.isPortFree,
      },
      (localPort) => this.startEntry(request, resolved, localPort),
    );
    const { spec } = entry;
    const { localPort } = spec;
    entry.published = true;
    this.publish(entry);
    try {
      await this.deps.config.update((draft) => {
        draft.tunnels.push(spec);
        draft.settings.lastPorts[key] = localPort;
      });
    } catch (error) {
      await entry.supervisor.stop('could not be saved');
      this.forget(entry);
      this.deps.bus.publish({ type: 'tunnel-removed', data: { id: spec.id } });
      throw error;
    }
    this.deps.log.info(`tunnel ${spec.name} (${spec.id}) created on port ${localPort}`);
    return this.snapshot(entry);
  }

  /** Builds the tunnel on `localPort` and starts it (binding its relay); when that fails nothing of it remains. */
  private async startEntry(request: CreateTunnelRequest, resolved: ResolvedTarget, localPort: number): Promise<Entry> {
    const entry = this.add(buildSpec(request, resolved, localPort), false);
    try {
      // A click on Connect wants the session now; a request that asks for lazy explicitly only listens
      // until the first client connects.
      await entry.supervisor.start({ immediate: request.lazy !== true });
      return entry;
    } catch (error) {
      await entry.supervisor.stop('not created');
      this.forget(entry);
      throw error;
    }
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
    entry.spec = spec;
    this.publish(entry);
  }

  private add(spec: TunnelSpec, published: boolean): Entry {
    const entry: Entry = { spec, published, supervisor: undefined as unknown as TunnelSupervisor };
    entry.supervisor = new TunnelSupervisor({
      spec: () => entry.spec,
      launch: this.launch,
      defaultIdleMinutes: () => this.deps.config.get().settings.idleMinutes,
      onChange: (kind) => this.changed(entry, kind),
      onSignInNeeded: () => void this.deps.signIn?.loginRejected(entry.spec.profile),
      ...healthHooks(this.deps.health, spec.id, () => entry),
      now: this.deps.now ? () => this.deps.now!().getTime() : undefined,
      backoff: this.deps.backoff,
      startRetries: this.deps.startRetries,
      waitTimeoutMs: this.deps.waitTimeoutMs,
    });
    this.entries.set(spec.id, entry);
    return entry;
  }

  private forget(entry: Entry): void {
    this.changes.forget(entry.spec.id);
    this.entries.delete(entry.spec.id);
  }

  private changed(entry: Entry, kind: 'state' | 'stats'): void {
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

  private publish(entry: Entry): void {
    this.deps.bus.publish({ type: 'tunnel', data: this.snapshot(entry) });
  }

  private snapshot(entry: Entry): Tunnel {
    const tunnel = tunnelSnapshot(entry.spec, entry.supervisor);
    return entry.diagnosis ? { ...tunnel, diagnosis: entry.diagnosis } : tunnel;
  }

  private entry(id: string): Entry {
    const entry = this.entries.get(id);
    if (!entry?.published)
      throw new PortholeError('TUNNEL_NOT_FOUND', `No tunnel ${id}.`, { hint: 'It may have been removed.', status: 404 });
    return entry;
  }
}
