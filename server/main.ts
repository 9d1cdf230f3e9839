#!/usr/bin/env node
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FlagError, isLoopback, parseFlags, USAGE, type DaemonFlags } from './cli/flags.js';
import { readDaemonRecord } from './config/daemon-record.js';
import { startDaemon } from './daemon.js';
import { openInBrowser } from './platform.js';

// The AWS SDK warns on Node 20 that its releases after January 2027 will need Node 22. The SDK versions Porthole
// ships are pinned and run on Node 20, so the user can do nothing about it; it is a note for Porthole's
// maintainers (README, Development). Worker threads inherit the setting.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

async function main(): Promise<number> {
  let flags: DaemonFlags;
  try {
    flags = parseFlags(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof FlagError)) throw error;
    process.stderr.write(`${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (flags.command === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (flags.command === 'open') return openDashboard(flags);

  if (!isLoopback(flags.host)) {
    if (!flags.unsafeListenAny) {
      process.stderr.write(
        `Refusing to listen on ${flags.host}: Porthole listens on loopback only. Pass --unsafe-listen-any to override.\n`,
      );
      return 2;
    }
    process.stderr.write(
      `WARNING: listening on ${flags.host}; anyone who can reach this address and has the token controls your tunnels.\n`,
    );
  }

  const daemon = await startDaemon(flags);
  process.stdout.write(`Porthole listening on ${daemon.url}\n`);
  const loginUrl = daemon.loginUrl();
  process.stderr.write(`Open the dashboard: ${loginUrl}\nTo open it again later: ${daemon.openCommand}\n`);
  if (flags.open && !(await openInBrowser(loginUrl))) {
    process.stderr.write('Could not open a browser; open the link above yourself.\n');
  }

  await new Promise<void>((resolve) => {
    let closing = false;
    const shutdown = (signal: NodeJS.Signals): void => {
      if (closing) {
        process.stderr.write(`Second ${signal}: exiting now.\n`);
        process.exit(130);
      }
      closing = true;
      daemon.app.log.info({ signal }, 'shutting down');
      daemon.close().then(resolve, (error: unknown) => {
        daemon.app.log.error({ err: error }, 'error while shutting down');
        resolve();
      });
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  });
  return 0;
}

/** `npm run open`: asks the running daemon for a fresh one-time link and opens it. */
async function openDashboard(flags: DaemonFlags): Promise<number> {
  let token: string;
  try {
    token = (await readFile(join(flags.configDir, 'token'), 'utf8')).trim();
  } catch {
    process.stderr.write(`No token in ${flags.configDir}: start Porthole first with npm start.\n`);
    return 1;
  }
  // The address the running daemon recorded (it may have picked its port with --port 0), else --port.
  const record = await readDaemonRecord(flags.configDir).catch(() => undefined);
  const base = record?.url ?? `http://127.0.0.1:${flags.port}`;
  try {
    const response = await fetch(`${base}/api/login-links`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const { url } = (await response.json()) as { url: string };
    process.stdout.write(`${url}\n`);
    if (flags.open) await openInBrowser(url);
    return 0;
  } catch (error) {
    process.stderr.write(`Porthole does not answer at ${base} (${(error as Error).message}). Start it with npm start.\n`);
    return 1;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      process.stderr.write('The port is already in use: is Porthole already running? Use --port to pick another (0 = any free port).\n');
    } else {
      process.stderr.write(`Porthole could not start: ${(error as Error).message}\n`);
    }
    process.exit(1);
  },
);
