import { describe, expect, it } from 'vitest';
import { auroraCluster, buildScenario, instanceId, SSO_START_URL, ssoScenario } from './scenario-builder.js';
import { validateScenario } from './scenario.js';

describe('scenario builder', () => {
  it('spreads a benchmark-sized world over profiles × regions, deterministically', () => {
    const regions = ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1'];
    const opts = { profiles: 3, regions, databases: 2000, clusters: 24, jumpHosts: 500, pageSize: 100, latencyMs: 50 };
    const { scenario, profiles } = buildScenario(opts);
    expect(profiles.map((p) => p.accessKeyId)).toEqual(['AKIDPROFILE1', 'AKIDPROFILE2', 'AKIDPROFILE3']);
    expect(new Set(profiles.map((p) => p.accountId)).size).toBe(3);
    const cells = profiles.flatMap((p) => regions.map((r) => scenario.data[p.accountId]![r]!));
    const count = (k: 'dbInstances' | 'dbClusters' | 'managedInstances') => cells.reduce((n, c) => n + (c[k]?.length ?? 0), 0);
    expect(count('dbInstances')).toBe(2000 + 24 * 2);
    expect(count('dbClusters')).toBe(24);
    expect(count('managedInstances')).toBe(500);
    expect(Math.max(...cells.map((c) => c.dbInstances!.length)) - Math.min(...cells.map((c) => c.dbInstances!.length))).toBeLessThanOrEqual(
      2,
    );
    expect(scenario.faults).toEqual([{ kind: 'latency', ms: 50 }]);
    expect(buildScenario(opts)).toEqual({ scenario, profiles });
  });

  it('makes Aurora members carry the cluster id and the writer first', () => {
    const { cluster, members } = auroraCluster('orders', 'eu-west-1', 3);
    expect(cluster.members).toEqual([
      { instanceId: 'orders-instance-1', writer: true },
      { instanceId: 'orders-instance-2', writer: false },
      { instanceId: 'orders-instance-3', writer: false },
    ]);
    expect(members.every((m) => m.clusterId === 'orders' && m.engine === 'aurora-postgresql')).toBe(true);
    expect(instanceId(255)).toBe('i-000000000000000ff');
  });
});

describe('scenario builder: IAM Identity Center', () => {
  it('ssoScenario() has a start URL, a region and several accounts with roles; buildScenario({ sso }) uses the profiles', () => {
    const s = ssoScenario();
    expect(s.startUrl).toBe(SSO_START_URL);
    expect(s.accounts.length).toBeGreaterThanOrEqual(3);
    expect(s.accounts.every((a) => /^\d{12}$/.test(a.accountId) && a.roles.length > 0)).toBe(true);
    const { scenario, profiles } = buildScenario({ profiles: 2, sso: { region: 'us-west-2' } });
    expect(scenario.sso?.region).toBe('us-west-2');
    expect(scenario.sso?.accounts.map((a) => a.accountId)).toEqual(profiles.map((p) => p.accountId));
    expect(buildScenario({ profiles: 1 }).scenario.sso).toBeUndefined();
    expect(() => validateScenario({ accounts: {}, sso: { ...s, accounts: [{ accountId: '12', accountName: 'x', roles: [] }] } })).toThrow(
      /12-digit accountId/,
    );
  });
});
