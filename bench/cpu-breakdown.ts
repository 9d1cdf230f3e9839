// Where a benchmark's CPU time goes, from V8's own sampling profiler (node:inspector, in process):
// each sample is charged to the first rule (in the order given) that matches any frame of its call
// stack, so "XML parsing" includes everything the parser calls, wherever it was called from.
import { Session } from 'node:inspector/promises';

export interface CpuRule {
  name: string;
  /** Matches one stack frame (function name and script URL). */
  matches(frame: { functionName: string; url: string }): boolean;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
export interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Runs `work` under the profiler; returns milliseconds per rule (plus `otherName`), idle time excluded. */
export async function cpuBreakdown(rules: CpuRule[], work: () => Promise<void>, otherName = 'other'): Promise<Map<string, number>> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
    // Stopped even when the work fails, so a later profile starts clean.
    const failed = await work().then(
      () => undefined,
      (error: unknown) => ({ error }),
    );
    const { profile } = await session.post('Profiler.stop');
    if (failed) throw failed.error;
    return charge(profile as Profile, rules, otherName);
  } finally {
    session.disconnect();
  }
}

/** Milliseconds per rule for a V8 CPU profile (exported for its unit test). */
export function charge(profile: Profile, rules: CpuRule[], otherName: string): Map<string, number> {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  // The best (lowest) rule index on each node's stack, memoised: a node inherits its parent's.
  const best = new Map<number, number>();
  const bestOf = (id: number): number => {
    const known = best.get(id);
    if (known !== undefined) return known;
    const own = rules.findIndex((rule) => rule.matches(nodes.get(id)!.callFrame));
    const parent = parents.get(id);
    const inherited = parent === undefined ? -1 : bestOf(parent);
    const index = own === -1 ? inherited : inherited === -1 ? own : Math.min(own, inherited);
    best.set(id, index);
    return index;
  };
  const totals = new Map<string, number>([...rules.map((rule) => [rule.name, 0] as const), [otherName, 0]]);
  profile.samples.forEach((id, sample) => {
    if (nodes.get(id)!.callFrame.functionName === '(idle)') return;
    const rule = bestOf(id);
    const name = rule === -1 ? otherName : rules[rule]!.name;
    totals.set(name, totals.get(name)! + (profile.timeDeltas[sample] ?? 0) / 1000);
  });
  return totals;
}
