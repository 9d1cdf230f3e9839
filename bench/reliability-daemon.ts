// Reliability bench, parts 2–4 (bench/reliability.ts runs them), all with the real, built daemon:
// SIGKILL with 5 tunnels open and a restart; SIGKILL in the middle of config writes, again and again; 50 tunnels
// whose plugins are all killed at once.
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Value } from '@sinclair/typebox/value';
import type { DaemonHandle } from '../e2e/fixtures/daemon.js';
import type { TlsPostgres } from '../e2e/fixtures/tls-postgres.js';
import { ConfigSchema } from '../server/config/schema.js';
import { ephemeralPort } from '../server/tunnels/ports.js';
import { HOST, PROFILE, REGION, tempDir, type SandboxRig } from '../testing/tunnels/sandbox-world.js';
import { cpuPercent, createTunnels, listTunnels, rssMb, startBenchDaemon, waitAllOpen } from './daemon-tunnels.js';
import { round } from './numbers.js';
import { alive, pluginPid, queryUntilAnswered } from './reliability-kills.js';
import type { BenchRow } from './run-all.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** SIGKILL with 5 tunnels open, then a restart on the same config folder: orphans, sessions, ports, queries. */
export async function daemonCrash(rig: SandboxRig, postgres: TlsPostgres, log: (line: string) => void): Promise<BenchRow[]> {
  const configDir = join(await tempDir('porthole-bench-crash-'), 'config');
  let daemon: DaemonHandle | undefined = await startBenchDaemon(rig.files.env, configDir);
  try {
    const created = await createTunnels(daemon, 5, { autoStart: true });
    const before = await waitAllOpen(daemon, 5, 60_000);
    const sessions = before.map((tunnel) => tunnel.sessionId!);
    const pids = sessions.map((sessionId) => pluginPid(rig, sessionId));
    await daemon.kill();
    const orphans = pids.filter(alive).length;
    const started = performance.now();
    daemon = await startBenchDaemon(rig.files.env, configDir);
    const after = await waitAllOpen(daemon, 5, 60_000, (tunnels) => tunnels.every((tunnel) => !sessions.includes(tunnel.sessionId!)));
    const backMs = performance.now() - started;
    const cleaned = pids.filter((pid) => !alive(pid)).length;
    const terminated = rig.sandbox
      .sessions()
      .filter((record) => sessions.includes(record.sessionId) && record.state === 'terminated').length;
    const samePort = after.filter((tunnel) => created.find((old) => old.id === tunnel.id)?.localPort === tunnel.localPort).length;
    let answered = 0;
    for (const tunnel of after) {
      await queryUntilAnswered(postgres, tunnel.localPort, 10_000).then(
        () => answered++,
        () => undefined,
      );
    }
    log(
      `daemon SIGKILLed with 5 tunnels open (${orphans} plugins outlived it); restarted: ${cleaned}/5 orphans stopped, ${terminated}/5 sessions terminated, ${samePort}/5 tunnels back on their ports after ${backMs.toFixed(0)} ms, ${answered}/5 answer a query`,
    );
    return [
      { name: 'reliability: daemon SIGKILL + restart → 5 tunnels open again', value: round(backMs), unit: 'ms' },
      { name: 'reliability: orphaned plugins stopped at restart', value: cleaned, unit: 'of 5', target: 5, comparator: '>=' },
      { name: 'reliability: orphaned sessions terminated at restart', value: terminated, unit: 'of 5', target: 5, comparator: '>=' },
      {
        name: 'reliability: tunnels back on their ports, answering',
        value: Math.min(samePort, answered),
        unit: 'of 5',
        target: 5,
        comparator: '>=',
      },
    ];
  } finally {
    await daemon?.stop();
    await rm(join(configDir, '..'), { recursive: true, force: true });
  }
}

interface WriteLedger {
  /** Tunnels the daemon answered 201 for: each must be in config.json from then on. */
  tunnels: Set<string>;
  /** The last idle minutes answered 200, and one sent without an answer yet. */
  idle?: number;
  pendingIdle?: number;
  acknowledged: number;
}

/** Kills the daemon `rounds` times while two clients write config (settings and new tunnels), checking the file each time. */
export async function configWriteKills(rig: SandboxRig, rounds: number, log: (line: string) => void): Promise<BenchRow[]> {
  const configDir = join(await tempDir('porthole-bench-config-'), 'config');
  const ledger: WriteLedger = { tunnels: new Set(), acknowledged: 0 };
  let valid = 0;
  let lost = 0;
  let refused = 0;
  let counter = 0;
  try {
    for (let index = 0; index < rounds; index++) {
      const daemon = await startBenchDaemon(rig.files.env, configDir);
      const status = (await (await daemon.api('/api/status')).json()) as { configNotice?: unknown };
      if (status.configNotice) refused++;
      let running = true;
      const settings = (async () => {
        while (running) {
          const value = 1 + ++counter / 1000;
          ledger.pendingIdle = value;
          const response = await daemon.api('/api/settings', { method: 'PATCH', body: JSON.stringify({ idleMinutes: value }) });
          if (response.ok) Object.assign(ledger, { idle: value, pendingIdle: undefined, acknowledged: ledger.acknowledged + 1 });
        }
      })().catch(() => undefined);
      const tunnels = (async () => {
        while (running) {
          const response = await daemon.api('/api/tunnels', {
            method: 'POST',
            body: JSON.stringify({
              profile: PROFILE,
              region: REGION,
              target: { host: `w${++counter}.internal`, port: 5432, name: `write-${counter}` },
              jumpHostId: HOST.ec2.id,
              localPort: await ephemeralPort(),
              lazy: true,
              autoStart: false,
            }),
          });
          if (response.status === 201) {
            ledger.tunnels.add(((await response.json()) as { id: string }).id);
            ledger.acknowledged++;
          }
        }
      })().catch(() => undefined);
      await sleep(20 + Math.random() * 380);
      await daemon.kill();
      running = false;
      await Promise.all([settings, tunnels]);
      const check = await checkConfig(join(configDir, 'config.json'), ledger);
      if (check.valid) valid++;
      lost += check.lost;
    }
    const temps = (await readdir(configDir)).filter((name) => name.endsWith('.tmp')).length;
    log(
      `${rounds} daemon SIGKILLs during config writes: config.json valid after ${valid}, ${ledger.acknowledged} acknowledged writes, ${lost} of them lost, ${refused} restarts refused the file, ${temps} temporary files left behind`,
    );
    return [
      {
        name: `reliability: config.json valid after ${rounds} kills during writes`,
        value: valid,
        unit: `of ${rounds}`,
        target: rounds,
        comparator: '>=',
      },
      { name: 'reliability: acknowledged config writes lost', value: lost, unit: `of ${ledger.acknowledged}`, target: 0 },
      { name: 'reliability: restarts that refused config.json', value: refused, unit: 'restarts', target: 0 },
      { name: 'reliability: temporary config files left by the kills', value: temps, unit: 'files' },
    ];
  } finally {
    await rm(join(configDir, '..'), { recursive: true, force: true });
  }
}

async function checkConfig(path: string, ledger: WriteLedger): Promise<{ valid: boolean; lost: number }> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    // No file yet is fine only when nothing was acknowledged.
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    return { valid: missing && ledger.acknowledged === 0, lost: ledger.tunnels.size + (ledger.idle === undefined ? 0 : 1) };
  }
  if (!Value.Check(ConfigSchema, parsed)) return { valid: false, lost: 0 };
  const saved = new Set(parsed.tunnels.map((tunnel) => tunnel.id));
  let lost = [...ledger.tunnels].filter((id) => !saved.has(id)).length;
  const idle = parsed.settings.idleMinutes;
  if (ledger.idle !== undefined && idle !== ledger.idle && idle !== ledger.pendingIdle) lost++;
  return { valid: true, lost };
}

/** 50 tunnels in the daemon: RSS and idle CPU, then every plugin killed at once and the time until all are back. */
export async function fiftyTunnelsRecovery(rig: SandboxRig, log: (line: string) => void): Promise<BenchRow[]> {
  const daemon = await startBenchDaemon(rig.files.env);
  try {
    const pid = daemon.child.pid!;
    await createTunnels(daemon, 50);
    const open = await waitAllOpen(daemon, 50, 120_000);
    await sleep(3_000);
    const cpu = await cpuPercent(pid, 10_000);
    const rss = await rssMb(pid);
    const sessions = open.map((tunnel) => tunnel.sessionId!);
    const pids = sessions.map((sessionId) => pluginPid(rig, sessionId));
    const started = performance.now();
    for (const plugin of pids) process.kill(plugin, 'SIGKILL');
    const back = await waitAllOpen(daemon, 50, 120_000, (tunnels) => tunnels.every((tunnel) => !sessions.includes(tunnel.sessionId!)));
    const recoveryMs = performance.now() - started;
    await sleep(3_000);
    const cpuAfter = await cpuPercent(pid, 10_000);
    const rssAfter = await rssMb(pid);
    const current = (await listTunnels(daemon)).map((tunnel) => tunnel.sessionId);
    const running = rig.sandbox
      .sessions()
      .filter((record) => record.attaches.some((attach) => alive(attach.pid)))
      .filter((record) => sessions.includes(record.sessionId) || current.includes(record.sessionId)).length;
    log(
      `50 tunnels: RSS ${rss.toFixed(0)} MB, idle CPU ${cpu.toFixed(2)} %; all 50 plugins killed at once → all back in ${recoveryMs.toFixed(0)} ms (${back.length} open); then RSS ${rssAfter.toFixed(0)} MB, idle CPU ${cpuAfter.toFixed(2)} %, ${running} plugins running`,
    );
    return [
      { name: 'reliability: daemon RSS with 50 tunnels', value: round(rss), unit: 'MB' },
      { name: 'reliability: daemon idle CPU with 50 tunnels', value: round(cpu, 2), unit: '% of a core' },
      { name: 'reliability: 50 plugins killed at once → all 50 open again', value: round(recoveryMs), unit: 'ms' },
      { name: 'reliability: daemon RSS after the 50 came back', value: round(rssAfter), unit: 'MB' },
      { name: 'reliability: daemon idle CPU after the 50 came back', value: round(cpuAfter, 2), unit: '% of a core' },
      { name: 'reliability: plugins running after the 50 came back (want 50)', value: running, unit: 'processes', pass: running === 50 },
    ];
  } finally {
    await daemon.stop();
  }
}
