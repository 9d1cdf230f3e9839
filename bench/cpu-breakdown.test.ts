import { describe, expect, it } from 'vitest';
import { cpuBreakdown, type CpuRule } from './cpu-breakdown.js';

// Busy loops for the profiler to sample (bounded by the clock, not by a count).
function spinInner(ms: number): number {
  let spins = 0;
  const end = performance.now() + ms;
  while (performance.now() < end) spins++;
  return spins;
}
function spinOuter(ms: number): number {
  return spinInner(ms) + 1;
}

const byName = (name: string): CpuRule => ({ name, matches: (frame) => frame.functionName === name });

describe('cpuBreakdown', () => {
  it('charges the samples of a function to its rule and the rest to the other bucket', async () => {
    const totals = await cpuBreakdown([byName('spinInner')], async () => {
      spinInner(150);
    });
    expect([...totals.keys()]).toEqual(['spinInner', 'other']);
    expect(totals.get('spinInner')).toBeGreaterThan(75);
    expect(totals.get('spinInner')).toBeGreaterThan(totals.get('other')!);
  });

  it('charges a sample to the first rule in the list that matches any frame of its stack', async () => {
    const work = async () => {
      spinOuter(150);
    };
    const outerFirst = await cpuBreakdown([byName('spinOuter'), byName('spinInner')], work);
    expect(outerFirst.get('spinOuter')).toBeGreaterThan(75);
    expect(outerFirst.get('spinInner')).toBeLessThan(outerFirst.get('spinOuter')! / 10);

    const innerFirst = await cpuBreakdown([byName('spinInner'), byName('spinOuter')], work);
    expect(innerFirst.get('spinInner')).toBeGreaterThan(75);
    expect(innerFirst.get('spinOuter')).toBeLessThan(innerFirst.get('spinInner')! / 10);
  });

  it('stops the profiler and passes the error on when the work fails', async () => {
    await expect(cpuBreakdown([], () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    // A profiler left running would make this second profile fail to start.
    const totals = await cpuBreakdown(
      [byName('spinInner')],
      async () => {
        spinInner(20);
      },
      'rest',
    );
    expect(totals.has('rest')).toBe(true);
    expect(totals.get('spinInner')).toBeGreaterThan(0);
  });
});
