// Opening a tunnel (not a test), against the sandbox, the stand-in plugin and a real PostgreSQL, each the median of
// RUNS from a warm process:
// - the floor: a bare script that calls StartSession, starts the plugin, waits for "Port N opened" and runs the
//   first query through that port (what nothing can beat);
// - a new tunnel in the real, built daemon: POST /api/tunnels → first query answered through the relay (the health
//   probe at open, the event stream, the logs and config writes included); target ≤ 1.3 × the floor;
// - a lazy tunnel's first client: connect to its idle port → first query answered; target ≤ 1.3 × the floor;
// - `aws ssm start-session` → "Waiting for connections" with the same sandbox and plugin, for comparison;
// and where the time of each goes (StartSession answered, "Port opened", relay open, first answer).
import { spawn } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { StartSessionCommand, TerminateSessionCommand } from '@aws-sdk/client-ssm';
import type { DaemonHandle } from '../e2e/fixtures/daemon.js';
import { queryAsSuperuser } from '../e2e/fixtures/pg-query.js';
import { startTlsPostgres, type TlsPostgres } from '../e2e/fixtures/tls-postgres.js';
import { AwsClients } from '../server/aws/clients.js';
import { buildPluginInvocation, portForwardRequest } from '../server/plugin/plugin-args.js';
import type { TunnelLogLine } from '../shared/api.js';
import { DB_HOST, HOST, PROFILE, REGION, STANDIN, startSandboxRig, tempDir } from '../testing/tunnels/sandbox-world.js';
import { awsCliStartup } from './aws-cli.js';
import { ensureBuilt, startBenchDaemon } from './daemon-tunnels.js';
import { median, round } from './numbers.js';
import type { BenchRow } from './run-all.js';
import { runAlone } from './run-alone.js';

const RUNS = 20;
const TARGET = 1.3;

/** Milliseconds from the start to each step, for one run. */
interface Steps {
  started: number;
  answered: number;
  sessionStarted?: number;
  portOpened?: number;
  relayOpen?: number;
}

export async function runOpenPathBench(log: (line: string) => void = () => undefined): Promise<BenchRow[]> {
  await ensureBuilt();
  const postgres = await startTlsPostgres();
  const rig = await startSandboxRig(postgres.port);
  const dir = await tempDir('porthole-bench-open-');
  // The daemon trusts the test database's CA, so its health probe at open is the real one (TLS verified).
  await writeFile(join(dir, 'ca.pem'), postgres.ca);
  const daemon = await startBenchDaemon({ ...rig.files.env, PORTHOLE_CA_BUNDLE: join(dir, 'ca.pem') }, join(dir, 'config'));
  const clients = new AwsClients({ env: rig.files.env });
  try {
    // Warm: SDK client, credentials, connections, the plugin's script in the page cache, pg's module.
    await floorOnce(clients, postgres);
    await newTunnelOnce(daemon, postgres);
    await lazyOnce(daemon, postgres);
    const floor = await medianRun(() => floorOnce(clients, postgres));
    const fresh = await medianRun(() => newTunnelOnce(daemon, postgres));
    const lazy = await medianRun(() => lazyOnce(daemon, postgres));
    log(`the floor (StartSession, plugin, "Port opened", first query; bare script): ${describe(floor)}`);
    log(`a new tunnel (POST /api/tunnels to the daemon → first query): ${describe(fresh)}`);
    log(`a lazy tunnel's first client (connect → first query): ${describe(lazy)}`);
    const rows: BenchRow[] = [
      { name: 'open: the floor, StartSession + plugin + first query (median)', value: round(floor.total), unit: 'ms' },
      { name: 'open: new tunnel, POST → first query (median)', value: round(fresh.total), unit: 'ms' },
      { name: 'open: new tunnel / the floor', value: round(fresh.total / floor.total, 2), unit: 'ratio', target: TARGET },
      { name: "open: lazy tunnel's first client → first query (median)", value: round(lazy.total), unit: 'ms' },
      { name: "open: lazy tunnel's first client / the floor", value: round(lazy.total / floor.total, 2), unit: 'ratio', target: TARGET },
    ];
    const cli = await awsCliStartup(rig.sandbox.url, RUNS, log);
    if (cli !== undefined) {
      log(`aws ssm start-session → "Waiting for connections": median ${cli.toFixed(0)} ms`);
      rows.push({ name: 'open: aws start-session → "Waiting for connections" (median)', value: round(cli), unit: 'ms' });
      rows.push({
        name: 'open: new tunnel speed-up vs AWS CLI',
        value: round(cli / fresh.total, 2),
        unit: '×',
        target: 5,
        comparator: '>=',
      });
    }
    return rows;
  } finally {
    clients.close();
    await daemon.stop();
    await rig.close();
    await postgres.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** StartSession with the SDK, the plugin spawned with Porthole's argv, "Port N opened", a query through it. */
async function floorOnce(clients: AwsClients, postgres: TlsPostgres): Promise<Steps> {
  const ssm = clients.ssm(PROFILE, REGION);
  const request = portForwardRequest(HOST.ec2.id, DB_HOST, 5432);
  const started = performance.now();
  const reply = await ssm.send(new StartSessionCommand(request));
  const sessionStarted = performance.now() - started;
  const session = { sessionId: reply.SessionId!, tokenValue: reply.TokenValue!, streamUrl: reply.StreamUrl! };
  const invocation = buildPluginInvocation({
    pluginVersion: '1.2.677.0',
    session,
    region: REGION,
    profile: PROFILE,
    request,
    endpoint: await clients.ssmEndpoint(PROFILE, REGION),
  });
  const plugin = spawn(STANDIN, invocation.args, { env: { ...process.env, ...invocation.env }, stdio: ['ignore', 'pipe', 'ignore'] });
  const exited = new Promise((resolve) => plugin.once('exit', resolve));
  try {
    const port = await new Promise<number>((resolve, reject) => {
      createInterface({ input: plugin.stdout }).on('line', (line) => {
        const match = /Port (\d+) opened/.exec(line);
        if (match) resolve(Number(match[1]));
      });
      plugin.once('exit', () => reject(new Error('the plugin exited before opening its port')));
    });
    const portOpened = performance.now() - started;
    await queryAsSuperuser(postgres, 'select 1', { port });
    return { started: 0, sessionStarted, portOpened, answered: performance.now() - started };
  } finally {
    plugin.kill('SIGINT');
    await exited;
    await ssm.send(new TerminateSessionCommand({ SessionId: session.sessionId }));
  }
}

const tunnelBody = (lazy: boolean): string =>
  JSON.stringify({
    profile: PROFILE,
    region: REGION,
    target: { host: DB_HOST, port: 5432, name: 'orders', engine: 'postgres' },
    jumpHostId: HOST.ec2.id,
    lazy,
  });

async function create(daemon: DaemonHandle, lazy: boolean): Promise<{ id: string; localPort: number }> {
  const response = await daemon.api('/api/tunnels', { method: 'POST', body: tunnelBody(lazy) });
  if (response.status !== 201) throw new Error(`POST /api/tunnels answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as { id: string; localPort: number };
}

async function newTunnelOnce(daemon: DaemonHandle, postgres: TlsPostgres): Promise<Steps> {
  const wall = Date.now();
  const started = performance.now();
  const tunnel = await create(daemon, false);
  // The relay holds the connection until the session is up, so the first connect is the real measure.
  await queryAsSuperuser(postgres, 'select 1', { port: tunnel.localPort });
  const answered = performance.now() - started;
  return { ...(await stepsAndRemove(daemon, tunnel.id, wall)), answered, started: 0 };
}

async function lazyOnce(daemon: DaemonHandle, postgres: TlsPostgres): Promise<Steps> {
  const tunnel = await create(daemon, true);
  const wall = Date.now();
  const started = performance.now();
  await queryAsSuperuser(postgres, 'select 1', { port: tunnel.localPort });
  const answered = performance.now() - started;
  return { ...(await stepsAndRemove(daemon, tunnel.id, wall)), answered, started: 0 };
}

/** When the tunnel's log says StartSession answered, the plugin opened its port and the relay opened (ms after `wall`); then removes it. */
async function stepsAndRemove(daemon: DaemonHandle, id: string, wall: number): Promise<Omit<Steps, 'answered' | 'started'>> {
  const { lines } = (await (await daemon.api(`/api/tunnels/${id}/logs`)).json()) as { lines: TunnelLogLine[] };
  await daemon.api(`/api/tunnels/${id}`, { method: 'DELETE' });
  const at = (pattern: RegExp): number | undefined => {
    const line = lines.find((entry) => pattern.test(entry.line));
    return line ? Date.parse(line.at) - wall : undefined;
  };
  const steps: Omit<Steps, 'answered' | 'started'> = {};
  const sessionStarted = at(/^StartSession via/);
  const portOpened = at(/Port \d+ opened for sessionId/);
  const relayOpen = at(/^open: /);
  if (sessionStarted !== undefined) steps.sessionStarted = sessionStarted;
  if (portOpened !== undefined) steps.portOpened = portOpened;
  if (relayOpen !== undefined) steps.relayOpen = relayOpen;
  return steps;
}

interface Summary {
  total: number;
  sessionStarted?: number;
  portOpened?: number;
  relayOpen?: number;
}

async function medianRun(once: () => Promise<Steps>): Promise<Summary> {
  const runs: Steps[] = [];
  for (let index = 0; index < RUNS; index++) runs.push(await once());
  const of = (pick: (steps: Steps) => number | undefined): number | undefined => {
    const values = runs.map(pick).filter((value): value is number => value !== undefined);
    return values.length > 0 ? median(values) : undefined;
  };
  const summary: Summary = { total: of((steps) => steps.answered)! };
  for (const key of ['sessionStarted', 'portOpened', 'relayOpen'] as const) {
    const value = of((steps) => steps[key]);
    if (value !== undefined) summary[key] = value;
  }
  return summary;
}

function describe(summary: Summary): string {
  const parts = [
    summary.sessionStarted === undefined ? '' : `StartSession answered ${summary.sessionStarted.toFixed(0)}`,
    summary.portOpened === undefined ? '' : `"Port opened" ${summary.portOpened.toFixed(0)}`,
    summary.relayOpen === undefined ? '' : `relay open ${summary.relayOpen.toFixed(0)}`,
    `first answer ${summary.total.toFixed(0)} ms`,
  ].filter(Boolean);
  return `median ${summary.total.toFixed(0)} ms (${parts.join(', ')})`;
}

await runAlone(import.meta.url, runOpenPathBench);
