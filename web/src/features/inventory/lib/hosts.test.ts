import { describe, expect, it } from 'vitest';
import type { InventorySlice, JumpHost } from '../../../../../shared/api';
import { hostProblems, hostProblemsByHost, hostsForTarget } from './hosts';

const host = (id: string): JumpHost => ({ id, profile: 'p', region: 'r', pingStatus: 'Online', securityGroups: [], tags: {} });

const slice: InventorySlice = {
  profile: 'p',
  region: 'r',
  loading: false,
  hosts: [host('i-bad'), host('i-ok2'), host('i-ok1')],
  targets: [
    {
      id: 't1',
      profile: 'p',
      region: 'r',
      kind: 'instance',
      identifier: 't1',
      name: 't1',
      engine: 'postgres',
      host: 'h',
      port: 5432,
      status: 'available',
      securityGroups: [],
      iamAuth: false,
      tags: {},
      eligibleHostIds: ['i-ok1', 'i-ok2'],
      recommendedHostId: 'i-ok1',
    },
  ],
  eligibility: {
    t1: [
      {
        hostId: 'i-bad',
        eligible: false,
        reasons: [
          { code: 'AGENT_TOO_OLD', message: 'old' },
          { code: 'OTHER_VPC', message: 'vpc' },
        ],
      },
      { hostId: 'i-ok1', eligible: true, reasons: [] },
      { hostId: 'i-ok2', eligible: true, reasons: [] },
    ],
    t2: [{ hostId: 'i-bad', eligible: false, reasons: [{ code: 'NOT_ONLINE', message: 'offline' }] }],
  },
  errors: [],
};

describe('hostsForTarget: hosts worth trying', () => {
  it('marks a host whose only problem is another VPC as one that may work, after the eligible ones', () => {
    const s: InventorySlice = {
      ...slice,
      eligibility: {
        t1: [
          { hostId: 'i-bad', eligible: false, reasons: [{ code: 'OTHER_VPC', message: 'vpc' }] },
          { hostId: 'i-ok1', eligible: true, reasons: [] },
          { hostId: 'i-ok2', eligible: false, reasons: [{ code: 'NOT_ONLINE', message: 'offline' }] },
        ],
      },
    };
    const views = hostsForTarget(s, 't1').map((v) => [v.host.id, v.eligible, v.mayWork]);
    expect(views).toEqual([
      ['i-ok1', true, false],
      ['i-bad', false, true],
      ['i-ok2', false, false],
    ]);
  });
});

describe('hostsForTarget', () => {
  it('lists eligible hosts first in recommendation order, then the others with reasons', () => {
    const views = hostsForTarget(slice, 't1');
    expect(views.map((v) => [v.host.id, v.eligible, v.recommended])).toEqual([
      ['i-ok1', true, true],
      ['i-ok2', true, false],
      ['i-bad', false, false],
    ]);
    expect(views[2]?.reasons.map((r) => r.code)).toEqual(['AGENT_TOO_OLD', 'OTHER_VPC']);
  });
});

describe('hostProblems', () => {
  it('collects target-independent reasons across targets, without OTHER_VPC', () => {
    expect(hostProblems(slice, 'i-bad').map((r) => r.code)).toEqual(['AGENT_TOO_OLD', 'NOT_ONLINE']);
    expect(hostProblems(slice, 'i-ok1')).toEqual([]);
  });

  it('gives the same for every host in one pass', () => {
    const all = hostProblemsByHost(slice);
    for (const host of slice.hosts) expect(all.get(host.id) ?? []).toEqual(hostProblems(slice, host.id));
    expect(all.get('i-bad')?.map((r) => r.code)).toEqual(['AGENT_TOO_OLD', 'NOT_ONLINE']);
  });
});
