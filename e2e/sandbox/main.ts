// CLI: node_modules/.bin/tsx e2e/sandbox/main.ts --scenario file.json [--port N]
// Prints "sandbox listening on http://127.0.0.1:N" and serves until SIGINT/SIGTERM.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { emptyScenario, validateScenario } from './scenario.js';
import { startSandbox } from './server.js';

const { values } = parseArgs({
  options: { scenario: { type: 'string' }, port: { type: 'string' } },
});

const scenario = values.scenario ? validateScenario(JSON.parse(await readFile(values.scenario, 'utf8'))) : emptyScenario();
const sandbox = await startSandbox(scenario, { port: values.port ? Number(values.port) : 0 });
process.stdout.write(`sandbox listening on ${sandbox.url}\n`);

const stop = (): void => {
  sandbox.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
