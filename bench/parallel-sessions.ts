// Parallel sessions benchmark (not a test): the stand-in plugin at the real plugin's pace (≤1,024 bytes per message,
// 1 ms apart, shared by every connection of a session: about 1 MB/s per direction), an echo "database" behind it.
// Four bulk connections at once through a tunnel with 4 sessions vs the same through 1 session (target ≥ 3.5×),
// and one connection alone through each (unchanged: target ≥ 0.95).
import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { TunnelManager } from '../server/tunnels/manager.js';
import { waitFor } from '../testing/tunnels/helpers.js';
import { HOST, makeManager, PROFILE, REGION, startSandboxRig, tempDir } from '../testing/tunnels/sandbox-world.js';
import { echoPeer } from './echo-peer.js';
import { round } from './numbers.js';
import type { BenchRow } from './run-all.js';
import { runAlone } from './run-alone.js';

const run = promisify(execFile);
const PEER = fileURLToPath(new URL('./traffic-peer.mjs', import.meta.url));
const BYTES = 1024 * 1024;
const ROUNDS = 2;

export async function runParallelSessionsBench(log: (line: string) => void = () => undefined): Promise<BenchRow[]> {
  const echo = await echoPeer();
  const rig = await startSandboxRig();
  rig.sandbox.setEndpoint('echo.internal:7', `127.0.0.1:${echo.port}`);
  const configDir = await tempDir('porthole-bench-parallel-');
  // Plugins started from now on move data at the real plugin's pace (they inherit the environment).
  process.env.PORTHOLE_STANDIN_PACE = 'real';
  const world = await makeManager({ env: rig.files.env, configDir, targets: [], tuning: { startTimeoutMs: 30_000 } });
  try {
    const one = await echoTunnel(world.manager, 1);
    const four = await echoTunnel(world.manager, 4);
    const fourThroughOne = await bulk(one, 4);
    const fourThroughFour = await bulk(four, 4);
    const singleThroughOne = await bulk(one, 1);
    const singleThroughFour = await bulk(four, 1);
    log(`4 bulk connections at once (echo of ${BYTES / 1_048_576} MiB each, both directions counted, best of ${ROUNDS}):`);
    log(`  through 1 session: ${fourThroughOne.toFixed(2)} MB/s; through 4 sessions: ${fourThroughFour.toFixed(2)} MB/s`);
    log(
      `1 connection alone: through 1 session ${singleThroughOne.toFixed(2)} MB/s; through 4 sessions ${singleThroughFour.toFixed(2)} MB/s`,
    );
    return [
      {
        name: 'parallel sessions: 4 bulk connections, MB/s through 4 sessions (real pace)',
        value: round(fourThroughFour, 2),
        unit: 'MB/s',
      },
      {
        name: 'parallel sessions: 4 bulk connections, 4 sessions / 1 session',
        value: round(fourThroughFour / fourThroughOne, 2),
        unit: '×',
        target: 3.5,
        comparator: '>=',
      },
      {
        name: 'parallel sessions: 1 connection, 4 sessions / 1 session',
        value: round(singleThroughFour / singleThroughOne, 3),
        unit: 'ratio',
        target: 0.95,
        comparator: '>=',
      },
    ];
  } finally {
    delete process.env.PORTHOLE_STANDIN_PACE;
    await world.close();
    await rig.close();
    await echo.close();
    await rm(configDir, { recursive: true, force: true });
  }
}

/** An always-on tunnel to the echo peer with `sessions` sessions, once all are open: its local port. */
async function echoTunnel(manager: TunnelManager, sessions: number): Promise<number> {
  const tunnel = await manager.create({
    profile: PROFILE,
    region: REGION,
    target: { host: 'echo.internal', port: 7, name: `echo-${sessions}` },
    jumpHostId: HOST.ec2.id,
    lazy: false,
    parallelSessions: sessions,
  });
  const open = (): boolean => {
    const now = manager.get(tunnel.id);
    return now?.state === 'open' && (sessions === 1 || now.parallel?.open === sessions);
  };
  await waitFor(open, 30_000, `the tunnel with ${sessions} sessions`);
  return tunnel.localPort;
}

/** `connections` echo pumps at once through `port`: the best aggregate MB/s (both directions) of ROUNDS rounds. */
async function bulk(port: number, connections: number): Promise<number> {
  let best = 0;
  for (let index = 0; index < ROUNDS; index++) {
    const runs = await Promise.all(
      Array.from({ length: connections }, () => run(process.execPath, [PEER, 'pump', String(port), String(BYTES)], { timeout: 120_000 })),
    );
    const slowest = Math.max(...runs.map(({ stdout }) => Number(/MS ([\d.]+)/.exec(stdout)?.[1] ?? NaN)));
    best = Math.max(best, (2 * BYTES * connections) / 1_048_576 / (slowest / 1000));
  }
  return best;
}

await runAlone(import.meta.url, runParallelSessionsBench);
