// `npm start` and bin/porthole.js run this first: builds the server (with the CLI) and the dashboard when
// their sources are newer than the build (or it is missing), so a fresh clone needs only `npm install &&
// npm start`. `node scripts/build-if-needed.mjs server` builds the server and CLI only.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const only = process.argv[2];

function newestMtime(dir) {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  if (!statSync(dir).isDirectory()) return statSync(dir).mtimeMs;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function outdated(outputs, sources) {
  const targets = outputs.map((output) => join(root, output));
  if (targets.some((target) => !existsSync(target))) return true;
  const built = Math.min(...targets.map((target) => statSync(target).mtimeMs));
  return sources.some((source) => newestMtime(join(root, source)) > built);
}

const steps = [
  [
    'server',
    'build:server',
    ['dist/server/main.js', 'dist/cli/main.js'],
    ['server', 'shared', 'cli', 'package.json', 'tsconfig.build.json'],
  ],
  ['web', 'build:web', ['dist/web/index.html', 'dist/web-ssr/render-first-look.js'], ['web', 'shared']],
];
for (const [part, script, outputs, sources] of steps) {
  if (only && part !== only) continue;
  if (outdated(outputs, sources)) {
    process.stderr.write(`Building (${script})…\n`);
    // Build output goes to stderr: stdout carries only the daemon's one line.
    execSync(`npm run --silent ${script}`, { cwd: root, stdio: ['ignore', process.stderr, 'inherit'] });
  }
}
