// Does discovery stall an open tunnel? (not a test) While the full discovery of 3 profiles × 4 regions (2,000
// databases, 500 hosts, 200 ms a call) runs again and again, a client in its own process keeps a query loop
// going through an open tunnel (relay → stand-in plugin → echo peer). Targets: the daemon's event loop never
// stalls more than 50 ms (monitorEventLoopDelay's max) and the loop's p99 round trip rises by ≤ 20 ms.
import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { instanceId } from '../e2e/sandbox/scenario-builder.js';
import { DiscoveryThread } from '../server/aws/discovery/discovery-thread.js';
import { waitFor } from '../testing/tunnels/helpers.js';
import { makeManager, tempDir } from '../testing/tunnels/sandbox-world.js';
import { discoverOnce } from './discovery.js';
import { echoPeer } from './echo-peer.js';
import { round } from './numbers.js';
import type { BenchRow } from './run-all.js';
import { startBigWorld } from './sandbox-process.js';
import { runAlone } from './run-alone.js';

const run = promisify(execFile);
const PEER = fileURLToPath(new URL('./traffic-peer.mjs', import.meta.url));
const WINDOW_MS = 4_000;

interface Window {
  p99: number;
  p50: number;
  max: number;
  queries: number;
  /** The event loop's longest delay in the window, ms. */
  maxDelay: number;
  discoveries: number;
}

export async function runDiscoveryStallBench(log: (line: string) => void = () => undefined): Promise<BenchRow[]> {
  const echo = await echoPeer();
  const world = await startBigWorld(200, (scenario) => {
    scenario.endpoints['echo.internal:7'] = `127.0.0.1:${echo.port}`;
  });
  const configDir = await tempDir('porthole-bench-stall-');
  const tunnels = await makeManager({ env: world.files.env, configDir, targets: [], tuning: { startTimeoutMs: 30_000 } });
  const aws = world.files.clients({ maxAttempts: 3 });
  const thread = new DiscoveryThread({ aws });
  try {
    const tunnel = await tunnels.manager.create({
      profile: world.profiles[0]!.name,
      region: world.pairs[0]!.region,
      target: { host: 'echo.internal', port: 7, name: 'echo' },
      // buildScenario puts jump host 1 (Online, a current agent) in the first profile's first region.
      jumpHostId: instanceId(1),
      lazy: false,
    });
    await waitFor(() => tunnels.manager.get(tunnel.id)?.state === 'open', 30_000, 'the tunnel');
    // Warm: the worker and its SDK clients, the relay path.
    await discoverOnce(world, aws, thread);
    await queryLoop(tunnel.localPort, 500);

    const quiet = await measure(tunnel.localPort, async () => false);
    const busy = await measure(tunnel.localPort, async () => {
      await discoverOnce(world, aws, thread);
      return true;
    });
    const inMain = await measure(tunnel.localPort, async () => {
      await discoverOnce(world, aws);
      return true;
    });
    const describe = (name: string, w: Window): string =>
      `${name}: query round trip p50 ${w.p50.toFixed(2)} ms, p99 ${w.p99.toFixed(2)} ms, max ${w.max.toFixed(1)} ms (${w.queries} queries), longest event-loop delay ${w.maxDelay.toFixed(1)} ms` +
      (w.discoveries ? `, ${w.discoveries} full discoveries` : '');
    log(describe('no discovery', quiet));
    log(describe('discovery in its worker (as the daemon runs it)', busy));
    log(describe('for comparison, discovery in the main thread', inMain));
    return [
      { name: 'discovery: longest event-loop delay while it runs', value: round(busy.maxDelay, 1), unit: 'ms', target: 50 },
      {
        name: 'discovery: p99 query round trip rise through an open tunnel',
        value: round(busy.p99 - quiet.p99, 2),
        unit: 'ms',
        target: 20,
      },
    ];
  } finally {
    await thread.close();
    await tunnels.close();
    await world.close();
    await echo.close();
    await rm(configDir, { recursive: true, force: true });
  }
}

/** A query loop for WINDOW_MS while `work` runs again and again (until it says false), with the loop's delays. */
async function measure(port: number, work: () => Promise<boolean>): Promise<Window> {
  const delays = monitorEventLoopDelay({ resolution: 1 });
  delays.enable();
  const loop = queryLoop(port, WINDOW_MS);
  let done = false;
  void loop.finally(() => (done = true));
  let discoveries = 0;
  while (!done && (await work())) discoveries++;
  const result = await loop;
  delays.disable();
  return { ...result, maxDelay: delays.max / 1e6, discoveries };
}

async function queryLoop(port: number, ms: number): Promise<{ p50: number; p99: number; max: number; queries: number }> {
  const { stdout } = await run(process.execPath, [PEER, 'ping', String(port), String(ms)], { timeout: ms + 30_000 });
  const match = /RTT ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(stdout);
  if (!match) throw new Error(`no RTT line from the query loop: ${stdout}`);
  return { p50: Number(match[1]), p99: Number(match[2]), max: Number(match[3]), queries: Number(match[4]) };
}

await runAlone(import.meta.url, runDiscoveryStallBench);
