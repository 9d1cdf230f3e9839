import { afterAll, beforeAll, expect, it } from 'vitest';
import { fuzz } from './fuzz.js';
import { startHostileTarget, type HostileTarget } from './hostile-kit.js';

// The CI-sized run of `npm run fuzz` (which sends 10,000): a fixed seed, so a failure reproduces.
let target: HostileTarget;
beforeAll(async () => {
  target = await startHostileTarget();
});
afterAll(async () => {
  await target?.close();
});

it(
  '500 malformed requests: no 5xx, no success, no stack trace or path, config.json intact, daemon alive',
  { timeout: 120_000 },
  async () => {
    const report = await fuzz(target, { count: 500, seed: 20261207 });
    expect(report.problems).toEqual([]);
    expect(report.requests).toBe(500);
    expect(report.configUnchanged).toBe(true);
    expect(report.aliveAfter).toBe(true);
    // The run reached past the guard too: validation and not-found answers, not only refusals at the door.
    expect(Object.keys(report.byStatus)).toEqual(expect.arrayContaining(['400', '401', '403', '404']));
  },
);
