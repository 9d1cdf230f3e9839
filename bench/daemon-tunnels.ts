// The real, built daemon (dist/server/main.js) with many tunnels, for the benchmarks: start it against the
// sandbox and the stand-in plugin, open N tunnels, and read its resident memory and CPU time.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startDaemon, type DaemonHandle } from '../e2e/fixtures/daemon.js';
import { DB_HOST, HOST, PROFILE, REGION, STANDIN } from '../testing/tunnels/sandbox-world.js';

const run = promisify(execFile);
const OPEN_STATES = ['open', 'healthy', 'unhealthy'];

export interface DaemonTunnel {
  id: string;
  state: string;
  localPort: number;
  sessionId?: string;
}

/** Builds what is missing (dist/): the daemon benchmarks run the built daemon. */
export async function ensureBuilt(): Promise<void> {
  await run(process.execPath, [fileURLToPath(new URL('../scripts/build-if-needed.mjs', import.meta.url))], { timeout: 300_000 });
}

/** Starts the built daemon with the stand-in plugin and the given AWS env (call `ensureBuilt` first). */
export async function startBenchDaemon(awsEnv: NodeJS.ProcessEnv, configDir?: string): Promise<DaemonHandle> {
  const env = Object.fromEntries(Object.entries(awsEnv).filter((entry): entry is [string, string] => entry[1] !== undefined));
  return startDaemon({ env, args: ['--plugin', STANDIN, '--log-level', 'warn'], ...(configDir ? { configDir } : {}) });
}

/** Creates `count` tunnels to the sandbox's RDS name (always on, not lazy) through the daemon's API. */
export async function createTunnels(daemon: DaemonHandle, count: number, extra: Record<string, unknown> = {}): Promise<DaemonTunnel[]> {
  const created: DaemonTunnel[] = [];
  for (let index = 0; index < count; index++) {
    const response = await daemon.api('/api/tunnels', {
      method: 'POST',
      body: JSON.stringify({
        profile: PROFILE,
        region: REGION,
        target: { host: DB_HOST, port: 5432, name: `db-${index}` },
        jumpHostId: HOST.ec2.id,
        lazy: false,
        ...extra,
      }),
    });
    if (response.status !== 201) throw new Error(`tunnel ${index}: HTTP ${response.status} ${await response.text()}`);
    created.push((await response.json()) as DaemonTunnel);
  }
  return created;
}

export async function listTunnels(daemon: DaemonHandle): Promise<DaemonTunnel[]> {
  return ((await (await daemon.api('/api/tunnels')).json()) as { tunnels: DaemonTunnel[] }).tunnels;
}

/** Waits until `count` tunnels exist and all have an open session (and `also` holds); throws after `timeoutMs`. */
export async function waitAllOpen(
  daemon: DaemonHandle,
  count: number,
  timeoutMs: number,
  also: (tunnels: DaemonTunnel[]) => boolean = () => true,
): Promise<DaemonTunnel[]> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const tunnels = await listTunnels(daemon);
    if (tunnels.length === count && tunnels.every((tunnel) => OPEN_STATES.includes(tunnel.state)) && also(tunnels)) return tunnels;
    if (performance.now() > deadline) throw new Error(`${count} tunnels did not open within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function rssMb(pid: number): Promise<number> {
  const { stdout } = await run('ps', ['-o', 'rss=', '-p', String(pid)]);
  return Number(stdout.trim()) / 1024;
}

/** User + system CPU seconds of a process (clock ticks from /proc, Linux only: this is a benchmark). */
export async function cpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** The process's CPU use over `ms` of wall time, in % of one core. */
export async function cpuPercent(pid: number, ms: number): Promise<number> {
  const before = await cpuSeconds(pid);
  const started = performance.now();
  await new Promise((resolve) => setTimeout(resolve, ms));
  return (((await cpuSeconds(pid)) - before) / ((performance.now() - started) / 1000)) * 100;
}
