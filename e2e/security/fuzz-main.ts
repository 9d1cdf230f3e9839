// `npm run fuzz [count] [seed]`: 10,000 malformed requests by default against a fresh daemon; exits 1 on any
// broken promise (see fuzz.ts).
import { fuzz } from './fuzz.js';
import { startHostileTarget } from './hostile-kit.js';

const count = Number(process.argv[2] ?? 10_000);
const seed = Number(process.argv[3] ?? Date.now() % 1_000_000);
const target = await startHostileTarget();
const started = performance.now();
const report = await fuzz(target, { count, seed, log: (line) => process.stderr.write(`${line}\n`) });
await target.close();
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(`fuzz: ${report.requests} requests (seed ${seed}) in ${seconds} s; statuses ${JSON.stringify(report.byStatus)}`);
console.log(`config.json unchanged: ${report.configUnchanged}; daemon answers afterwards: ${report.aliveAfter}`);
for (const line of report.problems) console.log(`problem: ${line}`);
const ok = report.problems.length === 0 && report.configUnchanged && report.aliveAfter && report.requests === count;
console.log(ok ? 'fuzz: passed' : 'fuzz: FAILED');
process.exitCode = ok ? 0 : 1;
