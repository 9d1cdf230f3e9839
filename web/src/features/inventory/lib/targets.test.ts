import { describe, expect, it } from 'vitest';
import type { InventorySlice, JumpHost, Target } from '../../../../../shared/api';
import { target } from '../../../test/targets';
import { buildRows, filterRows, matchesTag, mergeCallErrors, sortRows, tableItems, whyNoHost } from './targets';

const host = (id: string, name?: string): JumpHost => ({
  id,
  profile: 'dev',
  region: 'eu-west-1',
  ...(name ? { name } : {}),
  pingStatus: 'Online',
  securityGroups: [],
  tags: {},
});

function slice(targets: Target[], patch: Partial<InventorySlice> = {}): InventorySlice {
  return {
    profile: 'dev',
    region: 'eu-west-1',
    loading: false,
    targets,
    hosts: [host('i-1', 'bastion'), host('i-2')],
    eligibility: {},
    errors: [],
    ...patch,
  };
}

describe('buildRows', () => {
  it('resolves the recommended host and counts eligible ones', () => {
    const [row] = buildRows(slice([target('orders', { eligibleHostIds: ['i-1', 'i-2'] })]));
    expect(row?.recommended?.name).toBe('bastion');
    expect(row?.eligibleCount).toBe(2);
    expect(row?.hostCount).toBe(2);
    expect(row?.whyNone).toBeUndefined();
  });

  it('explains why no host is eligible, counting each reason', () => {
    const t = target('lonely', { eligibleHostIds: [], recommendedHostId: undefined });
    const s = slice([t], {
      eligibility: {
        [t.id]: [
          { hostId: 'i-1', eligible: false, reasons: [{ code: 'OTHER_VPC', message: 'vpc-b' }] },
          {
            hostId: 'i-2',
            eligible: false,
            reasons: [
              { code: 'OTHER_VPC', message: 'vpc-b' },
              { code: 'NOT_ONLINE', message: 'ConnectionLost' },
            ],
          },
        ],
      },
    });
    expect(buildRows(s)[0]?.whyNone).toBe('No eligible jump host: 2 hosts are in another VPC; 1 host is not Online in SSM');
  });

  it('counts the hosts that are ineligible only for being in another VPC (the user may still pick them)', () => {
    const t = target('vault', { eligibleHostIds: [], recommendedHostId: undefined });
    const s = slice([t], {
      eligibility: {
        [t.id]: [
          { hostId: 'i-1', eligible: false, reasons: [{ code: 'OTHER_VPC', message: 'vpc-b' }] },
          {
            hostId: 'i-2',
            eligible: false,
            reasons: [
              { code: 'OTHER_VPC', message: 'vpc-b' },
              { code: 'NOT_ONLINE', message: 'ConnectionLost' },
            ],
          },
        ],
      },
    });
    expect(buildRows(s)[0]?.mayWorkCount).toBe(1);
  });

  it('says when a region has no managed instances at all', () => {
    expect(whyNoHost(slice([], { hosts: [] }), 'x')).toBe('No SSM-managed instances in this region');
  });
});

describe('filterRows', () => {
  const rows = buildRows(
    slice([
      target('orders-db', { tags: { env: 'prod', team: 'payments' } }),
      target('billing', { engine: 'aurora-mysql', tags: { env: 'staging' } }),
      target('search', { vpcId: 'vpc-zzz' }),
    ]),
  );
  const names = (r: typeof rows) => r.map((x) => x.target.name);

  it('matches every word anywhere: name, engine, VPC, tag', () => {
    expect(names(filterRows(rows, { query: 'ORD', tag: '' }))).toEqual(['orders-db']);
    expect(names(filterRows(rows, { query: 'aurora', tag: '' }))).toEqual(['billing']);
    expect(names(filterRows(rows, { query: 'vpc-zzz', tag: '' }))).toEqual(['search']);
    expect(names(filterRows(rows, { query: 'env=prod', tag: '' }))).toEqual(['orders-db']);
    expect(names(filterRows(rows, { query: 'orders staging', tag: '' }))).toEqual([]);
    expect(filterRows(rows, { query: '  ', tag: '' })).toBe(rows);
  });

  it('filters by tag key or key=value, case-insensitively', () => {
    expect(names(filterRows(rows, { query: '', tag: 'env' }))).toEqual(['orders-db', 'billing']);
    expect(names(filterRows(rows, { query: '', tag: 'ENV=Staging' }))).toEqual(['billing']);
    expect(matchesTag({ team: 'payments' }, 'team = payments')).toBe(true);
    expect(matchesTag({}, '')).toBe(true);
  });
});

describe('sortRows', () => {
  const rows = buildRows(
    slice([
      target('db-10', { status: 'available', eligibleHostIds: ['i-1'] }),
      target('db-2', { status: 'modifying', eligibleHostIds: [] }),
      target('db-1', { status: 'available', eligibleHostIds: ['i-1', 'i-2'] }),
    ]),
  );
  const names = (r: typeof rows) => r.map((x) => x.target.name);

  it('sorts names naturally, both ways', () => {
    expect(names(sortRows(rows, { key: 'name', dir: 'asc' }))).toEqual(['db-1', 'db-2', 'db-10']);
    expect(names(sortRows(rows, { key: 'name', dir: 'desc' }))).toEqual(['db-10', 'db-2', 'db-1']);
  });

  it('sorts by eligible host count, then name', () => {
    expect(names(sortRows(rows, { key: 'jump', dir: 'desc' }))).toEqual(['db-1', 'db-10', 'db-2']);
    expect(names(sortRows(rows, { key: 'status', dir: 'asc' }))).toEqual(['db-1', 'db-10', 'db-2']);
  });
});

describe('tableItems', () => {
  it('puts a group header before each slice, keeping empty groups', () => {
    const items = tableItems(
      [
        { profile: 'dev', region: 'eu-west-1', slice: slice([target('b'), target('a')]) },
        { profile: 'prod', region: 'us-east-1', fetchError: 'boom' },
      ],
      { query: '', tag: '' },
      { key: 'name', dir: 'asc' },
    );
    expect(items.map((i) => (i.kind === 'group' ? `# ${i.profile}/${i.region} ${i.count}/${i.total}` : i.row.target.name))).toEqual([
      '# dev/eu-west-1 2/2',
      'a',
      'b',
      '# prod/us-east-1 0/0',
    ]);
    const last = items[3];
    expect(last?.kind === 'group' && last.fetchError).toBe('boom');
  });

  it('while searching, leaves out the groups with no match, so a search without any match leaves nothing', () => {
    const slices = [
      { profile: 'dev', region: 'eu-west-1', slice: slice([target('orders'), target('billing')]) },
      { profile: 'prod', region: 'us-east-1', slice: slice([target('users')]) },
    ];
    const names = (query: string) =>
      tableItems(slices, { query, tag: '' }, { key: 'name', dir: 'asc' }).map((i) =>
        i.kind === 'group' ? `# ${i.profile}` : i.row.target.name,
      );
    expect(names('users')).toEqual(['# prod', 'users']);
    expect(names('nothing-like-this')).toEqual([]);
  });

  it('filters 2,000 targets by text and tag together', () => {
    const many = Array.from({ length: 2000 }, (_, i) => target(`svc-${i}`, { tags: { team: i % 2 ? 'a' : 'b' } }));
    const items = tableItems(
      [{ profile: 'dev', region: 'eu-west-1', slice: slice(many) }],
      { query: 'svc-19', tag: 'team=a' },
      { key: 'name', dir: 'asc' },
    );
    expect(items.filter((i) => i.kind === 'target')).toHaveLength(56);
  });
});

describe('mergeCallErrors', () => {
  it('says a failure shared by several calls once, naming them all', () => {
    const denied = { code: 'NO_CREDENTIALS', message: 'No usable credentials', hint: 'aws configure' };
    const merged = mergeCallErrors([
      { call: 'rds:DescribeDBInstances', error: denied },
      { call: 'ssm:DescribeInstanceInformation', error: { code: 'THROTTLED', message: 'Slow down' } },
      { call: 'rds:DescribeDBClusters', error: denied },
    ]);
    expect(merged).toEqual([
      { calls: 'rds:DescribeDBInstances, rds:DescribeDBClusters', error: denied },
      { calls: 'ssm:DescribeInstanceInformation', error: { code: 'THROTTLED', message: 'Slow down' } },
    ]);
  });
});
