import { describe, expect, it } from 'vitest';
import type { JumpHost, Target } from '../../shared/api.js';
import { applyEligibility, compareAgentVersions, hostEligibility, rankHosts } from './eligibility.js';

function host(id: string, over: Partial<JumpHost> = {}): JumpHost {
  return {
    id,
    profile: 'dev',
    region: 'eu-west-1',
    name: id,
    pingStatus: 'Online',
    agentVersion: '3.3.1142.0',
    state: 'running',
    vpcId: 'vpc-1',
    securityGroups: [],
    tags: {},
    ...over,
  };
}
function target(id: string, vpcId?: string): Target {
  return {
    id,
    profile: 'dev',
    region: 'eu-west-1',
    kind: 'instance',
    identifier: id,
    name: id,
    engine: 'postgres',
    host: `${id}.rds`,
    port: 5432,
    status: 'available',
    ...(vpcId ? { vpcId } : {}),
    securityGroups: [],
    iamAuth: false,
    tags: {},
    eligibleHostIds: [],
  };
}
const codes = (h: JumpHost, t = target('db', 'vpc-1')) => hostEligibility(h, t).reasons.map((reason) => reason.code);

describe('hostEligibility', () => {
  it('accepts an online, running host with a new agent in the same VPC', () => {
    expect(hostEligibility(host('i-1'), target('db', 'vpc-1'))).toEqual({ hostId: 'i-1', eligible: true, reasons: [] });
  });
  it('NOT_ONLINE when the agent is not Online', () => {
    expect(codes(host('i-1', { pingStatus: 'ConnectionLost' }))).toEqual(['NOT_ONLINE']);
  });
  it('AGENT_TOO_OLD below 3.1.1374.0, and for an unknown version', () => {
    expect(codes(host('i-1', { agentVersion: '3.1.1188.0' }))).toEqual(['AGENT_TOO_OLD']);
    expect(codes(host('i-1', { agentVersion: '3.1.1374.0' }))).toEqual([]);
    expect(codes(host('i-1', { agentVersion: '3.0.1390.0' }))).toEqual(['AGENT_TOO_OLD']);
    const { agentVersion: _ignored, ...noVersion } = host('i-1');
    expect(codes(noVersion)).toEqual(['AGENT_TOO_OLD']);
  });
  it('OTHER_VPC when both VPCs are known and differ; skipped when either is unknown', () => {
    expect(codes(host('i-1', { vpcId: 'vpc-2' }))).toEqual(['OTHER_VPC']);
    expect(codes(host('i-1', { vpcId: 'vpc-2' }), target('db'))).toEqual([]);
    const { vpcId: _ignored, ...noVpc } = host('i-1');
    expect(codes(noVpc)).toEqual([]);
  });
  it('NOT_RUNNING when EC2 says the instance is not running', () => {
    expect(codes(host('i-1', { state: 'stopped' }))).toEqual(['NOT_RUNNING']);
  });
  it('lists every reason a host fails', () => {
    const result = hostEligibility(
      host('i-1', { pingStatus: 'ConnectionLost', agentVersion: '2.3.0.0', vpcId: 'vpc-9', state: 'stopped' }),
      target('db', 'vpc-1'),
    );
    expect(result.eligible).toBe(false);
    expect(result.reasons.map((reason) => reason.code)).toEqual(['NOT_ONLINE', 'AGENT_TOO_OLD', 'OTHER_VPC', 'NOT_RUNNING']);
    expect(result.reasons.every((reason) => reason.message.length > 0)).toBe(true);
  });
});

describe('rankHosts and applyEligibility', () => {
  it('prefers a bastion/jump Name, then the newest agent, then the id', () => {
    const ranked = rankHosts([
      host('i-a', { name: 'app-1', agentVersion: '3.3.9999.0' }),
      host('i-b', { name: 'Corp-JumpBox', agentVersion: '3.2.0.0' }),
      host('i-c', { name: 'BASTION', agentVersion: '3.3.0.0' }),
      host('i-d', { name: 'app-2', agentVersion: '3.3.9999.0' }),
    ]);
    expect(ranked.map((h) => h.id)).toEqual(['i-c', 'i-b', 'i-a', 'i-d']);
  });

  it('recommends the best eligible host and records every host per target', () => {
    const targets = [target('db-1', 'vpc-1'), target('db-2', 'vpc-2')];
    const hosts = [
      host('i-app', { name: 'app' }),
      host('i-bastion', { name: 'bastion' }),
      host('i-off', { name: 'jump', pingStatus: 'Inactive' }),
    ];
    const eligibility = applyEligibility(targets, hosts);
    expect(targets[0]!.eligibleHostIds).toEqual(['i-bastion', 'i-app']);
    expect(targets[0]!.recommendedHostId).toBe('i-bastion');
    expect(targets[1]!.eligibleHostIds).toEqual([]);
    expect(targets[1]!.recommendedHostId).toBeUndefined();
    expect(eligibility['db-2']).toHaveLength(3);
    expect(eligibility['db-2']!.every((entry) => entry.reasons.some((reason) => reason.code === 'OTHER_VPC'))).toBe(true);
  });
});

describe('compareAgentVersions', () => {
  it('compares numerically, part by part', () => {
    expect(compareAgentVersions('3.1.1374.0', '3.1.999.0')).toBeGreaterThan(0);
    expect(compareAgentVersions('3.1', '3.1.0.0')).toBe(0);
    expect(compareAgentVersions('junk', '0.0.0.1')).toBeLessThan(0);
  });
});
