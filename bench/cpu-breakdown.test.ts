import { describe, expect, it } from 'vitest';
import { charge, cpuBreakdown, type CpuRule } from './cpu-breakdown.js';

// Busy loops for the profiler to sample (bounded by the clock, not by a count). Compiled afresh for each
// profile: V8 may list code it optimised before the profiler started without its name, so a loop reused
// across profiles would show up as "(anonymous)" in the later ones. (Rule order is tested on a made-up profile.)
function spinInner(ms: number): number {
  const fresh = (0, eval)(
    '(function spinInner(ms) { let spins = 0; const end = performance.now() + ms; while (performance.now() < end) spins++; return spins; })',
  ) as (ms: number) => number;
  return fresh(ms);
}

const byName = (name: string): CpuRule => ({ name, matches: (frame) => frame.functionName === name });

describe('cpuBreakdown', () => {
  it('charges the samples of a function to its rule and the rest to the other bucket', async () => {
    const totals = await cpuBreakdown([byName('spinInner')], async () => {
      spinInner(150);
    });
    expect([...totals.keys()]).toEqual(['spinInner', 'other']);
    expect(totals.get('spinInner')).toBeGreaterThan(75);
  });

  it('charges a sample to the first rule in the list that matches any frame of its stack', () => {
    // A profile as V8 reports it: samples point at leaf nodes; a node's stack is its chain of parents.
    const profile = {
      nodes: [
        { id: 1, callFrame: { functionName: '(root)', url: '' }, children: [2, 5] },
        { id: 2, callFrame: { functionName: 'spinOuter', url: '' }, children: [3] },
        { id: 3, callFrame: { functionName: 'spinInner', url: '' }, children: [4] },
        { id: 4, callFrame: { functionName: 'now', url: '' } },
        { id: 5, callFrame: { functionName: '(idle)', url: '' } },
      ],
      samples: [4, 4, 3, 2, 5, 1],
      timeDeltas: [1000, 1000, 1000, 1000, 5000, 500],
    };
    expect(charge(profile, [byName('spinOuter'), byName('spinInner')], 'other')).toEqual(
      new Map([
        ['spinOuter', 4],
        ['spinInner', 0],
        ['other', 0.5],
      ]),
    );
    expect(charge(profile, [byName('spinInner'), byName('spinOuter')], 'other')).toEqual(
      new Map([
        ['spinInner', 3],
        ['spinOuter', 1],
        ['other', 0.5],
      ]),
    );
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
