import { isRecordedPlugin, type PluginRecord, type PluginRegistry } from './plugin-registry.js';
import type { SessionApiFactory } from '../aws/ssm-sessions.js';

// After a crash or SIGKILL of the daemon its plugins keep running (they live in their own process group) and
// their sessions stay open. On the next start: stop the ones that are still ours, end every recorded session.

export interface OrphanCleanupDeps {
  registry: PluginRegistry;
  sessions: SessionApiFactory;
  commandLine: (pid: number) => Promise<string[] | undefined>;
  signal?: (pid: number, signal: NodeJS.Signals) => void;
  /** How long a plugin gets after SIGINT before SIGKILL. */
  graceMs?: number;
  terminateTimeoutMs?: number;
  log?: (message: string) => void;
}

/** Returns messages worth showing the user once (empty when nothing was left behind). */
export async function cleanupOrphans(deps: OrphanCleanupDeps): Promise<string[]> {
  const leftovers = await deps.registry.readLeftovers();
  if (leftovers.length === 0) return [];
  const signal = deps.signal ?? ((pid, name) => process.kill(pid, name));
  const stopped = (await Promise.all(leftovers.map((record) => stopIfOurs(record, deps, signal)))).filter(Boolean).length;
  const ended = (await Promise.all(leftovers.map((record) => terminate(record, deps)))).filter(Boolean).length;
  await deps.registry.clearLeftovers();
  const messages: string[] = [];
  if (stopped > 0) {
    messages.push(`Stopped ${stopped} orphaned session-manager-plugin process${stopped === 1 ? '' : 'es'} left by a previous run.`);
  }
  if (ended > 0) messages.push(`Ended ${ended} Session Manager session${ended === 1 ? '' : 's'} left open by a previous run.`);
  return messages;
}

async function stopIfOurs(
  record: PluginRecord,
  deps: OrphanCleanupDeps,
  signal: (pid: number, name: NodeJS.Signals) => void,
): Promise<boolean> {
  const alive = async (): Promise<boolean> => isRecordedPlugin(await deps.commandLine(record.pid), record);
  if (!(await alive())) return false;
  try {
    signal(record.pid, 'SIGINT');
  } catch {
    return false;
  }
  const deadline = Date.now() + (deps.graceMs ?? 5_000);
  while (Date.now() < deadline) {
    if (!(await alive())) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (await alive()) {
    try {
      signal(record.pid, 'SIGKILL');
    } catch {
      // Gone between the check and the signal.
    }
  }
  deps.log?.(`orphaned plugin ${record.pid} ignored SIGINT and was killed`);
  return true;
}

async function terminate(record: PluginRecord, deps: OrphanCleanupDeps): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      deps.sessions(record.profile, record.region).terminate(record.sessionId),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('timed out')), deps.terminateTimeoutMs ?? 10_000);
      }),
    ]);
    return true;
  } catch (error) {
    deps.log?.(`could not end orphaned session ${record.sessionId}: ${(error as Error).message}`);
    return false;
  } finally {
    clearTimeout(timer);
  }
}
