// Reliability bench, part 1 (bench/reliability.ts runs it): one tunnel whose plugin is killed with SIGKILL over
// and over, a query through its port after each kill, and what is left over at the end.
import { readFileSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { queryAsSuperuser } from '../e2e/fixtures/pg-query.js';
import type { TlsPostgres } from '../e2e/fixtures/tls-postgres.js';
import { isPortFree } from '../server/tunnels/ports.js';
import { waitFor } from '../testing/tunnels/helpers.js';
import { makeManager, ORDERS, tempDir, type SandboxRig } from '../testing/tunnels/sandbox-world.js';
import { round, spread } from './numbers.js';
import type { BenchRow } from './run-all.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether a process runs (Linux /proc; a zombie waiting for its reaper counts as gone: it holds nothing). */
export function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** The stand-in plugin's pid for a session, as the sandbox saw it attach. */
export function pluginPid(rig: SandboxRig, sessionId: string | undefined): number {
  const pid = rig.sandbox.sessions().find((record) => record.sessionId === sessionId)?.attaches[0]?.pid;
  if (pid === undefined) throw new Error(`no plugin pid for session ${sessionId}`);
  return pid;
}

/** Queries through `port` until one is answered (a client that lands on the dead plugin is cut off: try again). */
export async function queryUntilAnswered(postgres: TlsPostgres, port: number, timeoutMs = 30_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    try {
      await queryAsSuperuser(postgres, 'select 1', { port, connectionTimeoutMillis: 10_000 });
      return;
    } catch (error) {
      if (performance.now() > deadline) throw new Error(`no answer on port ${port} within ${timeoutMs / 1000} s: ${String(error)}`);
      await sleep(5);
    }
  }
}

const openFds = async (): Promise<number> => (await readdir('/proc/self/fd')).length;

export async function killCycles(rig: SandboxRig, postgres: TlsPostgres, cycles: number, log: (line: string) => void): Promise<BenchRow[]> {
  const configDir = await tempDir('porthole-bench-kills-');
  const world = await makeManager({ env: rig.files.env, configDir, tuning: { startTimeoutMs: 30_000 } });
  const { manager } = world;
  const starts = () => rig.sandbox.calls({ service: 'ssm', op: 'StartSession' });
  try {
    const { id, localPort } = await manager.create({ ...ORDERS, lazy: false });
    await waitFor(() => manager.get(id)?.state === 'open', 30_000, 'the tunnel to open');
    await queryUntilAnswered(postgres, localPort);
    const fdsBefore = await openFds();
    const answered: number[] = [];
    const toStartSession: number[] = [];
    const pids: number[] = [];
    const pluginPorts = new Set<number>();
    const sessionIds: string[] = [];
    let extraStarts = 0;
    for (let cycle = 0; cycle < cycles; cycle++) {
      const sessionId = manager.get(id)!.sessionId!;
      sessionIds.push(sessionId);
      pids.push(pluginPid(rig, sessionId));
      pluginPorts.add(pluginPortOf(manager.logs(id).map((entry) => entry.line)));
      const before = starts().length;
      const killedAt = Date.now();
      const started = performance.now();
      process.kill(pids.at(-1)!, 'SIGKILL');
      await queryUntilAnswered(postgres, localPort);
      answered.push(performance.now() - started);
      const calls = starts();
      const next = calls[before];
      if (next) toStartSession.push(Date.parse(next.at) - killedAt);
      extraStarts += Math.max(0, calls.length - before - 1);
      if ((cycle + 1) % 50 === 0) log(`${cycle + 1} kill cycles done`);
    }
    const current = manager.get(id)!;
    const currentPid = pluginPid(rig, current.sessionId);
    const currentPort = pluginPortOf(manager.logs(id).map((entry) => entry.line));
    // TerminateSession of a killed plugin's session runs in the background: give the last ones a moment.
    const leakedSessions = () =>
      rig.sandbox.sessions().filter((record) => sessionIds.includes(record.sessionId) && record.state === 'active').length;
    await waitFor(() => leakedSessions() === 0, 10_000, 'the killed sessions to be terminated').catch(() => undefined);
    await sleep(500);
    const pluginsAlive = [...pids, currentPid].filter(alive).length;
    const portsLeaked = (await Promise.all([...pluginPorts].filter((port) => port !== currentPort).map((port) => isPortFree(port)))).filter(
      (free) => !free,
    ).length;
    const fdsAdded = (await openFds()) - fdsBefore;
    const times = spread(answered);
    const start = spread(toStartSession);
    log(
      `${cycles} plugin kills, a query after each: answered again after min ${times.min.toFixed(0)} / median ${times.median.toFixed(0)} / p95 ${times.p95.toFixed(0)} / max ${times.max.toFixed(0)} ms; new StartSession after median ${start.median.toFixed(0)} / max ${start.max.toFixed(0)} ms; ${extraStarts} failed starts`,
    );
    log(
      `at the end: ${pluginsAlive} plugin alive, ${leakedSessions()} sessions and ${portsLeaked} plugin ports leaked, ${fdsAdded} file descriptors more than before, ${current.stats.restarts} restarts counted`,
    );
    const label = `reliability: ${cycles} plugin kills → query answered`;
    return [
      { name: `${label} (min)`, value: round(times.min), unit: 'ms' },
      { name: `${label} (median)`, value: round(times.median), unit: 'ms' },
      { name: `${label} (p95)`, value: round(times.p95), unit: 'ms' },
      { name: `${label} (max)`, value: round(times.max), unit: 'ms' },
      { name: 'reliability: plugin kill → new StartSession (median)', value: round(start.median), unit: 'ms' },
      { name: 'reliability: plugin kill → new StartSession (max)', value: round(start.max), unit: 'ms' },
      { name: 'reliability: failed starts during the kill cycles', value: extraStarts, unit: 'starts' },
      {
        name: 'reliability: plugins alive after the kill cycles (want 1)',
        value: pluginsAlive,
        unit: 'processes',
        pass: pluginsAlive === 1,
      },
      { name: 'reliability: sessions leaked by the kill cycles', value: leakedSessions(), unit: 'sessions', target: 0 },
      { name: 'reliability: plugin ports leaked by the kill cycles', value: portsLeaked, unit: 'ports', target: 0 },
      { name: 'reliability: file descriptors added by the kill cycles', value: fdsAdded, unit: 'fds' },
    ];
  } finally {
    await world.close();
    await rm(configDir, { recursive: true, force: true });
  }
}

function pluginPortOf(lines: string[]): number {
  const match = lines
    .map((line) => /Port (\d+) opened for sessionId/.exec(line))
    .filter(Boolean)
    .at(-1);
  if (!match) throw new Error('the plugin port line is not in the log');
  return Number(match[1]);
}
