// `npm test`: the whole suite. Builds what the end-to-end tests run, runs Vitest (unit, route and
// integration tests) and Playwright (the real daemon in a real browser), then prints one closing
// line "N passed, N failed, N skipped" that CI reads. Exits non-zero when anything failed or when
// nothing ran at all.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const reports = join(root, '.tmp', 'reports');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

const env = { ...process.env, AWS_EC2_METADATA_DISABLED: 'true', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
const run = (command, args) => spawnSync(command, args, { cwd: root, stdio: 'inherit', env }).status ?? 1;
const bin = (name) => join(root, 'node_modules', '.bin', name);

const only = process.argv[2]; // "unit" or "e2e" to run one half
const problems = [];

if (run('npm', ['run', '--silent', 'build']) !== 0) problems.push('build failed');

let vitest = { passed: 0, failed: 0, skipped: 0 };
if (only !== 'e2e') {
  const file = join(reports, 'vitest.json');
  const code = run(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${file}`]);
  if (existsSync(file)) {
    const report = JSON.parse(readFileSync(file, 'utf8'));
    vitest = { passed: report.numPassedTests, failed: report.numFailedTests, skipped: report.numPendingTests + report.numTodoTests };
  }
  if (code !== 0 && vitest.failed === 0) problems.push(`vitest exited with ${code}`);
}

let playwright = { passed: 0, failed: 0, skipped: 0 };
if (only !== 'unit') {
  const file = join(reports, 'playwright.json');
  const code = spawnSync(bin('playwright'), ['test', '-c', 'e2e/playwright.config.ts'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...env, PLAYWRIGHT_JSON_OUTPUT_NAME: file },
  }).status;
  if (existsSync(file)) {
    const { stats } = JSON.parse(readFileSync(file, 'utf8'));
    playwright = { passed: stats.expected + stats.flaky, failed: stats.unexpected, skipped: stats.skipped };
  }
  if (code !== 0 && playwright.failed === 0) problems.push(`playwright exited with ${code}`);
}

const passed = vitest.passed + playwright.passed;
const failed = vitest.failed + playwright.failed + problems.length;
const skipped = vitest.skipped + playwright.skipped;
for (const problem of problems) console.log(`problem: ${problem}`);
console.log(
  `\nvitest: ${vitest.passed} passed, ${vitest.failed} failed, ${vitest.skipped} skipped; playwright: ${playwright.passed} passed, ${playwright.failed} failed, ${playwright.skipped} skipped`,
);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
