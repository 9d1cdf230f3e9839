import { createInterface } from 'node:readline';
import { execa, type ResultPromise } from 'execa';
import { PortholeError } from '../errors.js';
import { PLUGIN_INSTALL_URL } from './locate.js';
import type { PluginInvocation } from './plugin-args.js';
import { parsePluginLine } from './plugin-lines.js';

/** How a plugin run ended. */
export interface PluginEnd {
  /** In words: the session-end line's reason, or how the process exited. */
  reason: string;
  exitCode?: number;
  signal?: string;
  /** The last lines it printed (stdout and stderr), oldest first. */
  lastLines: string[];
  /** True when the plugin printed that the session ended (as opposed to just exiting). */
  sessionEnded: boolean;
}

export interface SessionPluginOptions {
  pluginPath: string;
  invocation: PluginInvocation;
  /** Give up waiting for the "Port N opened" line after this long (contract §4: the plugin can hang). */
  startTimeoutMs?: number;
  /** SIGKILL this long after SIGINT when the plugin has not exited. */
  killAfterMs?: number;
  /** Every line printed, for the tunnel's bounded log. */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  onDestinationFailure?: () => void;
  /** The plugin said its session ended; it is about to exit. */
  onSessionEndLine?: (reason: string) => void;
}

const LAST_LINES = 20;

/**
 * One run of session-manager-plugin: spawned with the six arguments, read line by line, ready when it
 * prints its port, stopped with SIGINT then SIGKILL. Argv and env carry the session token: never log them.
 */
export class SessionPlugin {
  readonly ready: Promise<number>;
  readonly exited: Promise<PluginEnd>;
  port: number | undefined;
  private readonly child: ResultPromise;
  private readonly lastLines: string[] = [];
  private endLineReason: string | undefined;
  private startError: PortholeError | undefined;
  private done = false;
  private settleReady!: { resolve: (port: number) => void; reject: (error: PortholeError) => void };
  private startTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: SessionPluginOptions) {
    this.ready = new Promise<number>((resolve, reject) => {
      this.settleReady = { resolve, reject };
    });
    // A caller that only awaits `exited` must not see an unhandled rejection.
    this.ready.catch(() => undefined);
    this.child = execa(options.pluginPath, options.invocation.args, {
      env: options.invocation.env,
      extendEnv: true,
      stdin: 'ignore',
      buffer: false,
      reject: false,
      forceKillAfterDelay: false,
      // Its own process group: a Ctrl-C in the daemon's terminal must not end sessions behind our back;
      // the daemon stops them itself on shutdown, and cleans up after a crash on the next start.
      detached: true,
    });
    this.readLines('stdout');
    this.readLines('stderr');
    this.startTimer = setTimeout(() => this.onStartTimeout(), options.startTimeoutMs ?? 30_000);
    this.exited = this.child.then((result) => this.onExit(result));
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return !this.done;
  }

  /** SIGINT (the graceful stop: the plugin ends the session), SIGKILL if still alive; resolves when it is gone. */
  async stop(): Promise<PluginEnd> {
    if (!this.done) {
      this.child.kill('SIGINT');
      const killer = setTimeout(() => this.child.kill('SIGKILL'), this.options.killAfterMs ?? 5_000);
      try {
        await this.exited;
      } finally {
        clearTimeout(killer);
      }
    }
    return this.exited;
  }

  private readLines(stream: 'stdout' | 'stderr'): void {
    const input = this.child[stream];
    if (!input) return;
    const lines = createInterface({ input, crlfDelay: Infinity });
    lines.on('line', (line) => this.onLine(line, stream));
  }

  private onLine(raw: string, stream: 'stdout' | 'stderr'): void {
    const text = raw.trim();
    if (text === '') return;
    this.lastLines.push(text);
    if (this.lastLines.length > LAST_LINES) this.lastLines.shift();
    this.options.onLine?.(text, stream);
    if (stream === 'stderr') return;
    const parsed = parsePluginLine(text);
    switch (parsed.kind) {
      case 'port':
        if (this.port === undefined) {
          this.port = parsed.port;
          this.clearStartTimer();
          this.settleReady.resolve(parsed.port);
        }
        break;
      case 'destination-failed':
        this.options.onDestinationFailure?.();
        break;
      case 'start-error':
        this.startError ??= startFailed(parsed.message, parsed.bindError);
        break;
      case 'session-ended':
        this.endLineReason ??= parsed.reason;
        this.options.onSessionEndLine?.(parsed.reason);
        break;
      case 'starting':
      case 'waiting':
      case 'accepted':
      case 'terminate-signal':
      case 'other':
        // Kept in the log only.
        break;
    }
  }

  private onStartTimeout(): void {
    this.startTimer = undefined;
    if (this.port !== undefined || this.done) return;
    const seconds = Math.round((this.options.startTimeoutMs ?? 30_000) / 1000);
    this.settleReady.reject(
      new PortholeError('PLUGIN_START_TIMEOUT', `session-manager-plugin did not open its port within ${seconds} s.${this.tail()}`, {
        hint: 'The jump host may not reach the Session Manager service, or the stream URL is unreachable from here. Check the jump host and try again.',
        status: 504,
      }),
    );
    void this.stop();
  }

  private onExit(result: { exitCode?: number; signal?: string; failed: boolean; code?: string }): PluginEnd {
    this.done = true;
    this.clearStartTimer();
    const spawnFailed = result.exitCode === undefined && !result.signal && result.failed;
    if (this.port === undefined) {
      if (spawnFailed) this.settleReady.reject(pluginNotRunnable(this.options.pluginPath, result.code));
      else if (this.startError) this.settleReady.reject(this.startError);
      else {
        const how = result.signal ? `was killed (${result.signal})` : `exited (code ${result.exitCode ?? '?'})`;
        this.settleReady.reject(
          new PortholeError('PLUGIN_EXITED', `session-manager-plugin ${how} before opening its port.${this.tail()}`, {
            hint: "Its last lines above say why; check the profile's credentials and the jump host's SSM agent.",
            status: 502,
          }),
        );
      }
    }
    const reason =
      this.endLineReason ??
      (spawnFailed
        ? `the plugin could not be started (${result.code ?? 'unknown error'})`
        : result.signal
          ? `the plugin was killed (${result.signal})`
          : `the plugin exited (code ${result.exitCode ?? '?'})`);
    const end: PluginEnd = { reason, lastLines: [...this.lastLines], sessionEnded: this.endLineReason !== undefined };
    if (result.exitCode !== undefined) end.exitCode = result.exitCode;
    if (result.signal) end.signal = result.signal;
    return end;
  }

  private tail(): string {
    return this.lastLines.length ? ` Last lines: ${this.lastLines.slice(-5).join(' | ')}` : '';
  }

  private clearStartTimer(): void {
    if (this.startTimer) clearTimeout(this.startTimer);
    this.startTimer = undefined;
  }
}

function startFailed(message: string, bindError: boolean): PortholeError {
  return new PortholeError('PLUGIN_START_FAILED', `session-manager-plugin could not start: ${message}`, {
    hint: bindError
      ? 'The plugin could not bind its local port; another process took it. Try again.'
      : 'The StartSession reply could not be passed to the plugin; update the plugin and try again.',
    status: 502,
  });
}

function pluginNotRunnable(path: string, code: string | undefined): PortholeError {
  return new PortholeError('PLUGIN_NOT_FOUND', `session-manager-plugin could not be run from ${path} (${code ?? 'unknown error'}).`, {
    hint: `Install the AWS Session Manager plugin (${PLUGIN_INSTALL_URL}) or pass its path with --plugin.`,
    status: 503,
  });
}
