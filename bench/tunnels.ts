// Tunnel benchmark (not a test), against the local sandbox, the stand-in plugin and a real PostgreSQL (opening a
// tunnel is measured in open-path.ts, parallel sessions in parallel-sessions.ts):
// (a) bulk throughput and pgbench select-only TPS through the relay vs straight to the plugin's port, with
//     the stand-in moving data at the real plugin's pace (contract §3: ≤1,024 bytes per message, 1 ms apart;
//     the targets apply here) and unpaced (CPU-bound on loopback: what the extra hop costs at most);
// (b) 50 open tunnels in the real daemon process (dist/server/main.js): its resident memory and idle CPU.
import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startTlsPostgres, type TlsPostgres } from '../e2e/fixtures/tls-postgres.js';
import type { TunnelManager } from '../server/tunnels/manager.js';
import { waitFor } from '../testing/tunnels/helpers.js';
import { HOST, makeManager, ORDERS, PROFILE, REGION, startSandboxRig, tempDir } from '../testing/tunnels/sandbox-world.js';
import { echoPeer } from './echo-peer.js';
import { cpuPercent, createTunnels, ensureBuilt, rssMb, startBenchDaemon, waitAllOpen } from './daemon-tunnels.js';
import { round } from './numbers.js';
import type { BenchRow } from './run-all.js';
import { runAlone } from './run-alone.js';

const run = promisify(execFile);
const PEER = fileURLToPath(new URL('./traffic-peer.mjs', import.meta.url));
const BULK_BYTES = 32 * 1024 * 1024;

export async function runTunnelsBench(log: (line: string) => void = () => undefined): Promise<BenchRow[]> {
  const postgres = await startTlsPostgres();
  const rig = await startSandboxRig(postgres.port);
  const echo = await echoPeer();
  rig.sandbox.setEndpoint('echo.internal:7', `127.0.0.1:${echo.port}`);
  const configDir = await tempDir('porthole-bench-');
  const world = await makeManager({ env: rig.files.env, configDir, tuning: { startTimeoutMs: 30_000 } });
  const rows: BenchRow[] = [];
  try {
    for (const pace of ['real', 'unpaced'] as const) {
      const label = pace === 'real' ? "plugin at the real plugin's pace" : 'unpaced stand-in, CPU-bound';
      const targets = pace === 'real';
      const bulk = await withPace(pace, () => bulkThroughput(world.manager, log, pace === 'real' ? 2 * 1024 * 1024 : BULK_BYTES));
      rows.push({ name: `tunnels: bulk MB/s through relay (${label})`, value: round(bulk.relay, 2), unit: 'MB/s' });
      rows.push({
        name: `tunnels: bulk relay / direct (${label})`,
        value: round(bulk.relay / bulk.direct, 3),
        unit: 'ratio',
        ...(targets ? { target: 0.95, comparator: '>=' as const } : {}),
      });
      const tps = await withPace(pace, () => pgbenchTps(world.manager, postgres, log));
      if (tps) {
        rows.push({ name: `tunnels: pgbench -S TPS through relay (${label})`, value: round(tps.relay), unit: 'tps' });
        rows.push({
          name: `tunnels: pgbench relay / direct (${label})`,
          value: round(tps.relay / tps.direct, 3),
          unit: 'ratio',
          ...(targets ? { target: 0.9, comparator: '>=' as const } : {}),
        });
      }
    }

    const fifty = await fiftyTunnels(rig.files.env, log);
    rows.push({ name: 'tunnels: daemon RSS with 50 open', value: round(fifty.rssMb), unit: 'MB', target: 150, comparator: '<=' });
    rows.push({ name: 'tunnels: daemon RSS added by 50 tunnels', value: round(fifty.addedMb), unit: 'MB' });
    rows.push({ name: 'tunnels: daemon idle CPU with 50 open', value: round(fifty.cpuPercent, 2), unit: '% of a core' });
  } finally {
    await world.close();
    await rig.close();
    await echo.close();
    await postgres.stop();
    await rm(configDir, { recursive: true, force: true });
  }
  return rows;
}

/** Runs `work` with plugins spawned meanwhile moving data at `pace` (they inherit the environment). */
async function withPace<T>(pace: 'real' | 'unpaced', work: () => Promise<T>): Promise<T> {
  if (pace === 'real') process.env.PORTHOLE_STANDIN_PACE = 'real';
  try {
    return await work();
  } finally {
    delete process.env.PORTHOLE_STANDIN_PACE;
  }
}

async function bulkThroughput(
  manager: TunnelManager,
  log: (line: string) => void,
  bytes: number,
): Promise<{ relay: number; direct: number }> {
  const tunnel = await manager.create({
    profile: PROFILE,
    region: REGION,
    target: { host: 'echo.internal', port: 7, name: 'echo' },
    jumpHostId: HOST.ec2.id,
    lazy: false,
  });
  await waitFor(() => manager.get(tunnel.id)?.state === 'open', 30_000, 'the echo tunnel');
  const pluginPort = pluginPortOf(manager, tunnel.id);
  const best = async (port: number): Promise<number> => {
    let fastest = Infinity;
    for (let round = 0; round < 3; round++) {
      const { stdout } = await run(process.execPath, [PEER, 'pump', String(port), String(bytes)], { timeout: 120_000 });
      fastest = Math.min(fastest, Number(/MS ([\d.]+)/.exec(stdout)?.[1] ?? NaN));
    }
    return (2 * bytes) / 1_048_576 / (fastest / 1000);
  };
  const direct = await best(pluginPort);
  const relay = await best(tunnel.localPort);
  log(
    `bulk echo of ${bytes / 1_048_576} MiB: relay ${relay.toFixed(1)} MB/s, plugin port ${direct.toFixed(1)} MB/s (both directions counted)`,
  );
  await manager.remove(tunnel.id);
  return { relay, direct };
}

async function pgbenchTps(
  manager: TunnelManager,
  postgres: TlsPostgres,
  log: (line: string) => void,
): Promise<{ relay: number; direct: number } | undefined> {
  const env = { ...process.env, PGPASSWORD: postgres.password, PGUSER: postgres.user, PGDATABASE: postgres.database, PGSSLMODE: 'disable' };
  try {
    await run('pgbench', ['-i', '-s', '1', '-q', '-h', '127.0.0.1', '-p', String(postgres.port)], { env, timeout: 120_000 });
  } catch (error) {
    log(`pgbench unavailable, skipped: ${(error as Error).message.split('\n')[0]}`);
    return undefined;
  }
  const tunnel = await manager.create({ ...ORDERS, lazy: false });
  await waitFor(() => manager.get(tunnel.id)?.state === 'open', 30_000, 'the pgbench tunnel');
  const pluginPort = pluginPortOf(manager, tunnel.id);
  const tps = async (port: number): Promise<number> => {
    const { stdout } = await run('pgbench', ['-S', '-n', '-T', '8', '-c', '4', '-j', '2', '-h', '127.0.0.1', '-p', String(port)], {
      env,
      timeout: 60_000,
    });
    const match = /tps = ([\d.]+)/.exec(stdout);
    if (!match) throw new Error(`no tps in pgbench output: ${stdout}`);
    return Number(match[1]);
  };
  const direct = await tps(pluginPort);
  const relay = await tps(tunnel.localPort);
  log(`pgbench -S, 4 clients, 8 s: relay ${relay.toFixed(0)} tps, plugin port ${direct.toFixed(0)} tps`);
  await manager.remove(tunnel.id);
  return { relay, direct };
}

/** 50 tunnels in the real, built daemon: its own RSS and idle CPU, read from `ps`. */
async function fiftyTunnels(
  awsEnv: NodeJS.ProcessEnv,
  log: (line: string) => void,
): Promise<{ rssMb: number; addedMb: number; cpuPercent: number }> {
  await ensureBuilt();
  const daemon = await startBenchDaemon(awsEnv);
  try {
    const pid = daemon.child.pid!;
    const baseline = await rssMb(pid);
    await createTunnels(daemon, 50);
    await waitAllOpen(daemon, 50, 120_000);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const cpu = await cpuPercent(pid, 10_000);
    const rss = await rssMb(pid);
    log(
      `50 tunnels open in the daemon: RSS ${rss.toFixed(0)} MB (${(rss - baseline).toFixed(0)} MB more than with none), idle CPU ${cpu.toFixed(2)} % over 10 s`,
    );
    return { rssMb: rss, addedMb: rss - baseline, cpuPercent: cpu };
  } finally {
    await daemon.stop();
  }
}

function pluginPortOf(manager: TunnelManager, id: string): number {
  const line = manager
    .logs(id)
    .map((entry) => /Port (\d+) opened for sessionId/.exec(entry.line))
    .filter(Boolean)
    .at(-1);
  if (!line) throw new Error('the plugin port line is not in the log');
  return Number(line[1]);
}

await runAlone(import.meta.url, runTunnelsBench);
