// Reliability benchmark (issue 11; not a test: it prints figures) against the local sandbox, the stand-in plugin
// moving data at the real plugin's pace (PORTHOLE_STANDIN_PACE=real) and a real PostgreSQL:
// (a) 200 SIGKILLs of a tunnel's plugin with a query after each: kill → answered again (min/median/p95/max),
//     kill → new StartSession, and at the end plugins alive (1), sessions, plugin ports and descriptors leaked;
// (b) the daemon SIGKILLed with 5 tunnels open, then restarted: orphans stopped, their sessions terminated,
//     tunnels back on their ports;
// (c) 30 SIGKILLs of the daemon during config writes: config.json always valid, no acknowledged write lost;
// (d) 50 tunnels in the daemon: RSS and idle CPU, and all 50 plugins killed at once.
// PORTHOLE_BENCH_KILL_CYCLES and PORTHOLE_BENCH_CONFIG_KILLS shrink (a) and (c) for a quick look.
import { startTlsPostgres } from '../e2e/fixtures/tls-postgres.js';
import { startSandboxRig } from '../testing/tunnels/sandbox-world.js';
import { ensureBuilt } from './daemon-tunnels.js';
import { configWriteKills, daemonCrash, fiftyTunnelsRecovery } from './reliability-daemon.js';
import { killCycles } from './reliability-kills.js';
import type { BenchRow } from './run-all.js';
import { runAlone } from './run-alone.js';

const KILL_CYCLES = Number(process.env.PORTHOLE_BENCH_KILL_CYCLES ?? 200);
const CONFIG_KILLS = Number(process.env.PORTHOLE_BENCH_CONFIG_KILLS ?? 30);

export async function runReliabilityBench(log: (line: string) => void = () => undefined): Promise<BenchRow[]> {
  const pace = process.env.PORTHOLE_STANDIN_PACE;
  // Plugins inherit the environment: the in-process manager's and the daemon's alike.
  process.env.PORTHOLE_STANDIN_PACE = 'real';
  await ensureBuilt();
  const postgres = await startTlsPostgres();
  const rig = await startSandboxRig(postgres.port);
  const rows: BenchRow[] = [];
  try {
    const timed = async (what: string, part: () => Promise<BenchRow[]>): Promise<void> => {
      const started = performance.now();
      rows.push(...(await part()));
      log(`(${what}: ${((performance.now() - started) / 1000).toFixed(0)} s)`);
    };
    await timed('kill cycles', () => killCycles(rig, postgres, KILL_CYCLES, log));
    await timed('daemon crash', () => daemonCrash(rig, postgres, log));
    await timed('config kills', () => configWriteKills(rig, CONFIG_KILLS, log));
    await timed('50 tunnels', () => fiftyTunnelsRecovery(rig, log));
  } finally {
    await rig.close();
    await postgres.stop();
    if (pace === undefined) delete process.env.PORTHOLE_STANDIN_PACE;
    else process.env.PORTHOLE_STANDIN_PACE = pace;
  }
  return rows;
}

await runAlone(import.meta.url, runReliabilityBench);
