// Finds the running daemon through its config folder (daemon.json for the address, token for the key) and
// talks to its HTTP API. The token only ever travels in the Authorization header: it is never printed.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ApiErrorBody } from '../shared/api.js';
import { DAEMON_RECORD_FILE, parseDaemonRecord, type DaemonRecord } from '../shared/daemon-record.js';
import { defaultConfigDir } from '../server/platform.js';
import { CliError } from './cli-error.js';

const START_HINT = 'Start it with `porthole start` (or at login: `porthole service install`).';
const DEFAULT_TIMEOUT_MS = 30_000;
/** Creating or starting a tunnel waits for its session, which may retry. */
export const SLOW_TIMEOUT_MS = 120_000;

function errno(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if (errno(error) === 'ENOENT') return undefined;
    throw new CliError(`Cannot read ${path}: ${(error as Error).message}.`);
  }
}

/** Whether a process with this pid exists (EPERM: it does, as another user). */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errno(error) === 'EPERM';
  }
}

export interface RequestOptions {
  body?: unknown;
  timeoutMs?: number;
}

export class DaemonClient {
  private constructor(
    readonly configDir: string,
    readonly record: DaemonRecord,
    private readonly token: string,
  ) {}

  get url(): string {
    return this.record.url;
  }

  /** The daemon that recorded itself in `configDir` (default: the platform's folder), with its token. */
  static async connect(configDir: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<DaemonClient> {
    const dir = configDir ?? defaultConfigDir(env);
    const recordPath = join(dir, DAEMON_RECORD_FILE);
    const text = await readOptional(recordPath);
    if (text === undefined) throw new CliError(`Porthole is not running (no ${recordPath}).`, START_HINT, 'NOT_RUNNING');
    const record = parseDaemonRecord(text);
    if (!record)
      throw new CliError(`${recordPath} is not a daemon record.`, 'Remove it and start Porthole again (`porthole start`).', 'NOT_RUNNING');
    if (!processAlive(record.pid)) {
      throw new CliError(
        `Porthole is not running: ${recordPath} is left from process ${record.pid}, which has exited.`,
        START_HINT,
        'NOT_RUNNING',
      );
    }
    const token = (await readOptional(join(dir, 'token')))?.trim();
    if (!token) {
      throw new CliError(
        `No API token in ${join(dir, 'token')}.`,
        'The daemon writes it when it starts: check --config-dir / PORTHOLE_CONFIG_DIR, or restart Porthole.',
        'NO_TOKEN',
      );
    }
    return new DaemonClient(dir, record, token);
  }

  get<T>(path: string, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('GET', path, options);
  }

  post<T>(path: string, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('POST', path, { timeoutMs: SLOW_TIMEOUT_MS, ...options });
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const { status, body } = await this.send(method, path, options);
    if (status >= 200 && status < 300) return body as T;
    throw this.failure(status, body);
  }

  /** The status and parsed body, errors included (for callers that expect a particular one). */
  async send(method: string, path: string, options: RequestOptions = {}): Promise<{ status: number; body: unknown }> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.token}` };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(`${this.record.url}${path}`, {
        method,
        headers,
        ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
        signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
      });
    } catch (error) {
      throw this.unreachable(error);
    }
    const text = await response.text();
    let body: unknown = undefined;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    return { status: response.status, body };
  }

  private failure(status: number, body: unknown): CliError {
    const error = (body as ApiErrorBody | undefined)?.error;
    if (status === 401) {
      return new CliError(
        `The daemon at ${this.record.url} refused the token in ${join(this.configDir, 'token')}.`,
        'Is the daemon using another config folder? Restart it, or pass the right --config-dir.',
        'UNAUTHORIZED',
      );
    }
    if (error && typeof error.message === 'string') return CliError.fromApi(error);
    return new CliError(`The daemon answered HTTP ${status}.`, undefined, 'HTTP_ERROR');
  }

  private unreachable(error: unknown): CliError {
    const cause = (error as { cause?: unknown }).cause;
    const code = errno(cause) ?? (error as Error).name;
    if (code === 'TimeoutError') return new CliError(`Porthole at ${this.record.url} did not answer in time.`, undefined, 'TIMEOUT');
    return new CliError(
      `Porthole does not answer at ${this.record.url} (process ${this.record.pid}, from daemon.json): ${code}.`,
      'It may still be starting, or be stuck: try again, or restart it.',
      'NOT_RUNNING',
    );
  }
}
