import { describe, expect, it } from 'vitest';
import type { InventorySlice, Target } from './api.js';
import { expandHostSets, shareHostSets } from './inventory-host-sets.js';

const target = (identifier: string, eligibleHostIds: string[]): Target => ({
  id: `dev:us-east-1:instance:${identifier}`,
  profile: 'dev',
  region: 'us-east-1',
  kind: 'instance',
  identifier,
  name: identifier,
  engine: 'postgres',
  host: `${identifier}.abc.us-east-1.rds.amazonaws.com`,
  port: 5432,
  status: 'available',
  securityGroups: [],
  iamAuth: false,
  tags: {},
  eligibleHostIds,
  ...(eligibleHostIds[0] ? { recommendedHostId: eligibleHostIds[0] } : {}),
});

const slice = (targets: Target[]): InventorySlice => ({
  profile: 'dev',
  region: 'us-east-1',
  fetchedAt: '2026-12-07T06:00:00.000Z',
  loading: false,
  targets,
  hosts: [],
  eligibility: {},
  errors: [],
  cached: true,
});

describe('shared eligible-host lists', () => {
  it('gives each distinct list once, in first-seen order, and the targets name theirs', () => {
    const shared = shareHostSets(
      slice([target('a', ['i-1', 'i-2']), target('b', []), target('c', ['i-1', 'i-2']), target('d', ['i-2', 'i-1'])]),
    );
    expect(shared.hostSets).toEqual([['i-1', 'i-2'], [], ['i-2', 'i-1']]);
    expect(shared.targets.map((t) => t.eligibleHostSet)).toEqual([0, 1, 0, 2]);
    expect(shared.targets.every((t) => !('eligibleHostIds' in t))).toBe(true);
  });

  it('expands back to exactly the slice it came from (order of hosts kept: best first)', () => {
    const original = slice([target('a', ['i-3', 'i-1']), target('b', ['i-3', 'i-1']), target('c', ['i-9'])]);
    expect(expandHostSets(shareHostSets(original))).toEqual(original);
    expect(JSON.parse(JSON.stringify(expandHostSets(JSON.parse(JSON.stringify(shareHostSets(original))))))).toEqual(original);
  });

  it('an index with no list reads as no eligible host', () => {
    const shared = shareHostSets(slice([target('a', ['i-1'])]));
    shared.targets[0]!.eligibleHostSet = 7;
    expect(expandHostSets(shared).targets[0]!.eligibleHostIds).toEqual([]);
  });
});
