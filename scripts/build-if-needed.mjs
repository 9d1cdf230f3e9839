// `npm start` runs this first: builds the server and the dashboard when their sources are newer
// than the build (or it is missing), so a fresh clone needs only `npm install && npm start`.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

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

function outdated(output, sources) {
  const target = join(root, output);
  if (!existsSync(target)) return true;
  const built = statSync(target).mtimeMs;
  return sources.some((source) => newestMtime(join(root, source)) > built);
}

const steps = [
  ['build:server', 'dist/server/main.js', ['server', 'shared', 'package.json', 'tsconfig.build.json']],
  ['build:web', 'dist/web/index.html', ['web', 'shared']],
];
for (const [script, output, sources] of steps) {
  if (outdated(output, sources)) {
    process.stderr.write(`Building (${script})…\n`);
    // Build output goes to stderr: stdout carries only the daemon's one line.
    execSync(`npm run --silent ${script}`, { cwd: root, stdio: ['ignore', process.stderr, 'inherit'] });
  }
}
