import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { writeFileAtomic } from '../config/files.js';

// <config-dir>/plugins.json: the plugin processes this daemon started, so that the next start after a crash
// (SIGKILL, power loss) can stop the ones still running and end their sessions. No tokens are stored.

export const PLUGINS_FILE = 'plugins.json';

export interface PluginRecord {
  pid: number;
  sessionId: string;
  profile: string;
  region: string;
  /** The jump host: the plugin's argv 5 names it. */
  target: string;
  pluginPath: string;
  tunnelId: string;
  startedAt: string;
}

export class PluginRegistry {
  private records = new Map<number, PluginRecord>();
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly dir: string) {}

  get path(): string {
    return join(this.dir, PLUGINS_FILE);
  }

  /** What a previous run left behind (empty when the file is missing or unreadable). */
  async readLeftovers(): Promise<PluginRecord[]> {
    try {
      const parsed = JSON.parse(await readFile(this.path, 'utf8')) as { plugins?: unknown };
      return Array.isArray(parsed.plugins) ? parsed.plugins.filter(isRecord) : [];
    } catch {
      return [];
    }
  }

  add(record: PluginRecord): Promise<void> {
    this.records.set(record.pid, record);
    return this.save();
  }

  remove(pid: number): Promise<void> {
    if (!this.records.delete(pid)) return this.writing;
    return this.save();
  }

  /** Forgets the leftovers of the previous run (after cleanup) while keeping this run's records. */
  clearLeftovers(): Promise<void> {
    return this.save();
  }

  /** Saves run one after another, each writing the full current list. */
  private save(): Promise<void> {
    const run = this.writing.then(() =>
      writeFileAtomic(this.path, `${JSON.stringify({ version: 1, plugins: [...this.records.values()] }, null, 2)}\n`),
    );
    this.writing = run.catch(() => undefined);
    return run;
  }
}

/**
 * Whether a command line is still the plugin run we recorded: same executable name, `StartSession`,
 * the recorded region, and the recorded jump host in argv 5. A reused pid fails this and is left alone.
 */
export function isRecordedPlugin(commandLine: readonly string[] | undefined, record: PluginRecord): boolean {
  if (!commandLine || commandLine.length === 0) return false;
  const name = basename(record.pluginPath);
  const at = commandLine.findIndex((part) => part === record.pluginPath || basename(part) === name);
  if (at < 0) return false;
  const args = commandLine.slice(at + 1);
  if (args[1] !== record.region || args[2] !== 'StartSession') return false;
  try {
    return (JSON.parse(args[4] ?? '') as { Target?: string }).Target === record.target;
  } catch {
    return false;
  }
}

function isRecord(value: unknown): value is PluginRecord {
  const record = value as Partial<PluginRecord>;
  return (
    typeof record === 'object' &&
    record !== null &&
    Number.isInteger(record.pid) &&
    typeof record.sessionId === 'string' &&
    typeof record.profile === 'string' &&
    typeof record.region === 'string' &&
    typeof record.target === 'string' &&
    typeof record.pluginPath === 'string'
  );
}
