#!/usr/bin/env node
// The `porthole` command (package.json "bin"; `npm install -g`, `npm link` or `npx porthole`). In a checkout it
// first builds what is missing or older than its sources, as `npm start` does, then runs the CLI. For
// `porthole start` the CLI hands back here and the daemon runs in this very process, so Ctrl-C and a service
// manager's SIGTERM reach it directly.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const binPath = fileURLToPath(import.meta.url);
const root = dirname(dirname(binPath));
const args = process.argv.slice(2);

const builder = join(root, 'scripts', 'build-if-needed.mjs');
if (existsSync(builder)) {
  // Only the daemon needs the dashboard; the rest of the commands need only the compiled CLI.
  const part = args[0] === 'start' ? [] : ['server'];
  // The builder's output goes to stderr: stdout is for what a command prints.
  const built = spawnSync(process.execPath, [builder, ...part], { stdio: ['ignore', 2, 2] });
  if (built.status !== 0) {
    process.stderr.write('porthole: building Porthole failed (see above). Run npm install in its folder, then try again.\n');
    process.exit(1);
  }
}

const cliMain = join(root, 'dist', 'cli', 'main.js');
const daemonMain = join(root, 'dist', 'server', 'main.js');
if (!existsSync(cliMain)) {
  process.stderr.write(`porthole: ${cliMain} is missing: run npm run build in ${root}.\n`);
  process.exit(1);
}

const { runCli } = await import(pathToFileURL(cliMain).href);
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
process.exitCode = await runCli(args, {
  binPath,
  version,
  startDaemon: async (daemonArgs) => {
    // dist/server/main.js reads its flags from process.argv and exits the process when the daemon stops.
    process.argv = [process.argv[0], daemonMain, ...daemonArgs];
    await import(pathToFileURL(daemonMain).href);
    return new Promise(() => undefined);
  },
});
