import { isErrorCode } from '../../shared/error-codes.js';
import type { PluginStatus } from '../../shared/api.js';
import { PortholeError } from '../errors.js';
import { PLUGIN_INSTALL_URL } from '../plugin/locate.js';
import { buildPluginInvocation, portForwardRequest } from '../plugin/plugin-args.js';
import { SessionPlugin, type PluginEnd } from '../plugin/session-plugin.js';
import type { PluginRegistry } from './plugin-registry.js';
import { timersFrom, type TimerHandle, type Timers } from './timers.js';
import type { SessionApiFactory } from '../aws/ssm-sessions.js';

// One session = StartSession + one plugin run that printed its port. Anything that fails half-way is undone
// here (plugin stopped, session terminated), so the supervisor only ever holds whole sessions.

export interface LaunchRequest {
  tunnelId: string;
  profile: string;
  region: string;
  jumpHostId: string;
  host: string;
  port: number;
}

export interface LaunchHooks {
  log(source: 'plugin' | 'supervisor', line: string): void;
  onDestinationFailure(): void;
  /** The plugin printed that its session ended (it exits right after): the moment to see who was connected. */
  onSessionEnd?(reason: string): void;
}

export interface SessionHandle {
  sessionId: string;
  /** The plugin's ephemeral loopback port. */
  port: number;
  pid: number | undefined;
  readonly running: boolean;
  /** Resolves when the plugin has exited, for whatever reason (TerminateSession then runs in the background). */
  ended: Promise<PluginEnd>;
  /** SIGINT, SIGKILL after the grace time, then TerminateSession; resolves when all is done. */
  stop(): Promise<void>;
}

export type Launcher = (request: LaunchRequest, hooks: LaunchHooks) => Promise<SessionHandle>;

export interface LauncherDeps {
  plugin: () => Promise<PluginStatus>;
  sessions: SessionApiFactory;
  registry?: PluginRegistry;
  startTimeoutMs?: number;
  killAfterMs?: number;
  /** Cap on a TerminateSession call, so a dead network never holds up a stop. */
  terminateTimeoutMs?: number;
  now?: () => Date;
  /** Timer functions (virtual time in tests). */
  timers?: Partial<Timers>;
  /** Extra environment for the plugin of a profile (e.g. AWS_CONFIG_FILE for an SSO profile, see aws/sso). */
  pluginEnv?: (profile: string) => Promise<Record<string, string>> | Record<string, string>;
}

export function createLauncher(deps: LauncherDeps): Launcher {
  const timers = timersFrom(deps.timers ?? {});
  return async (request, hooks) => {
    const status = await deps.plugin();
    if (!status.found || !status.path || !status.version) throw pluginMissing(status);
    const api = deps.sessions(request.profile, request.region);
    const startRequest = portForwardRequest(request.jumpHostId, request.host, request.port);
    // What the plugin needs besides the session (argv 6, its AWS config file) is looked up while StartSession
    // is under way, not after it (issue 17: nothing on the open path that need not be).
    const extras = Promise.all([api.endpoint(), deps.pluginEnv?.(request.profile)]);
    extras.catch(() => undefined);
    const session = await api.start(startRequest);
    hooks.log('supervisor', `StartSession via ${request.jumpHostId} to ${request.host}:${request.port}: session ${session.sessionId}`);
    const terminate = async (): Promise<void> => {
      try {
        await withTimeout(api.terminate(session.sessionId), deps.terminateTimeoutMs ?? 10_000, timers);
        hooks.log('supervisor', `TerminateSession ${session.sessionId}: done`);
      } catch (error) {
        hooks.log('supervisor', `TerminateSession ${session.sessionId} failed: ${(error as Error).message}`);
      }
    };

    let endLineTimer: TimerHandle | undefined;
    let endpoint: string;
    let pluginEnv: Record<string, string> | undefined;
    try {
      [endpoint, pluginEnv] = await extras;
    } catch (error) {
      await terminate();
      throw error;
    }
    const invocation = buildPluginInvocation({
      pluginVersion: status.version,
      session,
      region: request.region,
      profile: request.profile,
      request: startRequest,
      endpoint,
    });
    // The plugin resolves its own credentials for ResumeSession: give it the files where it can find them.
    Object.assign(invocation.env, pluginEnv);
    const plugin: SessionPlugin = new SessionPlugin({
      pluginPath: status.path,
      invocation,
      startTimeoutMs: deps.startTimeoutMs,
      killAfterMs: deps.killAfterMs,
      onLine: (line) => hooks.log('plugin', line),
      onDestinationFailure: () => hooks.onDestinationFailure(),
      // The plugin exits right after this line; one that lingers is stopped so the end is not missed.
      onSessionEndLine: (reason) => {
        hooks.onSessionEnd?.(reason);
        endLineTimer ??= timers.setTimer(() => void plugin.stop(), deps.killAfterMs ?? 5_000);
      },
    });
    const pid = plugin.pid;
    // Recorded for crash cleanup while the plugin starts: the write (and its fsync) never delays the port.
    let recorded: Promise<void> = Promise.resolve();
    if (pid !== undefined && deps.registry) {
      recorded = deps.registry
        .add({
          pid,
          sessionId: session.sessionId,
          profile: request.profile,
          region: request.region,
          target: request.jumpHostId,
          pluginPath: status.path,
          tunnelId: request.tunnelId,
          startedAt: (deps.now ?? (() => new Date()))().toISOString(),
        })
        .catch((error: Error) => hooks.log('supervisor', `could not record the plugin pid: ${error.message}`));
    }
    const ended = plugin.exited.then(async (end) => {
      if (endLineTimer !== undefined) timers.clearTimer(endLineTimer);
      await recorded;
      if (pid !== undefined) await deps.registry?.remove(pid).catch(() => undefined);
      return end;
    });

    let port: number;
    try {
      port = await plugin.ready;
    } catch (error) {
      await plugin.stop();
      await ended;
      await terminate();
      throw error;
    }

    let stopping: Promise<void> | undefined;
    // After any ending the session is terminated on the service side too: SIGKILL and crashes leave it open.
    // In the background: a replacement session must not wait for that call (issue 11, reconnect at once).
    const finished = ended.then((end) => {
      if (!stopping) void terminate();
      return end;
    });
    return {
      sessionId: session.sessionId,
      port,
      pid,
      get running() {
        return plugin.running;
      },
      ended: finished,
      stop() {
        stopping ??= (async () => {
          await plugin.stop();
          await ended;
          await terminate();
        })();
        return stopping;
      },
    };
  };
}

function pluginMissing(status: PluginStatus): PortholeError {
  const code = status.error?.code;
  return new PortholeError(
    code && isErrorCode(code) ? code : 'PLUGIN_NOT_FOUND',
    status.error?.message ?? 'session-manager-plugin was not found.',
    {
      hint: status.error?.hint ?? `Install the AWS Session Manager plugin: ${PLUGIN_INSTALL_URL}`,
      status: 503,
    },
  );
}

function withTimeout<T>(promise: Promise<T>, ms: number, timers: Timers): Promise<T> {
  let timer: TimerHandle | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = timers.setTimer(() => reject(new Error(`no answer within ${Math.round(ms / 1000)} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => timers.clearTimer(timer));
}
