import { describe, expect, it } from 'vitest';
import type { InventorySlice, JumpHost, Target, Tunnel } from '../../../shared/api';
import { evidenceFrom, hostChoicesFor } from './inventory-facts';
import { refusedRegions, worksNow } from './refetch-refused';
import { recreateRequest } from './use-tunnel-commands';

const expired = { code: 'SSO_LOGIN_REQUIRED', message: 'expired', hint: 'aws sso login --profile sec' };
const host = (id: string, name: string, patch: Partial<JumpHost> = {}): JumpHost => ({
  id,
  name,
  profile: 'dev',
  region: 'eu-west-1',
  pingStatus: 'Online',
  securityGroups: [],
  tags: {},
  ...patch,
});
const slice = (patch: Partial<InventorySlice>): InventorySlice => ({
  profile: 'dev',
  region: 'eu-west-1',
  loading: false,
  targets: [],
  hosts: [],
  eligibility: {},
  errors: [],
  ...patch,
});
const tunnel = (patch: Partial<Tunnel>): Tunnel => ({
  id: 't-1',
  name: 'vault',
  profile: 'dev',
  region: 'eu-west-1',
  target: { id: 'dev:eu-west-1:instance:vault', host: 'vault.rds', port: 5432, name: 'vault', engine: 'postgres' },
  jumpHostId: 'i-2',
  localPort: 15432,
  lazy: false,
  autoStart: true,
  idleMinutes: 5,
  state: 'healthy',
  since: '2026-11-22T10:00:00.000Z',
  stats: { activeConnections: 0, totalConnections: 0, bytesIn: 0, bytesOut: 0, restarts: 0, destinationFailures: 0 },
  health: { status: 'healthy', layers: [] },
  ...patch,
});

describe('evidenceFrom', () => {
  it('takes the newest working fetch and the newest refusal per profile, also a refused fetch with no slice', () => {
    const evidence = evidenceFrom(
      [
        slice({ region: 'eu-west-1', fetchedAt: '2026-11-22T10:00:00.000Z' }),
        slice({ region: 'us-east-1', fetchedAt: '2026-11-22T10:05:00.000Z' }),
        slice({ profile: 'sec', region: 'us-east-1', errors: [{ call: 'rds:DescribeDBInstances', error: expired }] }),
      ],
      [{ profile: 'other', region: 'us-east-1', phase: 'error', done: 0, total: 4, error: expired }],
    );
    expect(evidence.get('dev')).toEqual({ worked: { region: 'us-east-1', at: '2026-11-22T10:05:00.000Z' } });
    expect(evidence.get('sec')?.failed?.error.code).toBe('SSO_LOGIN_REQUIRED');
    expect(evidence.get('other')?.failed?.region).toBe('us-east-1');
  });
});

describe('hostChoicesFor', () => {
  it('offers the eligible hosts and those in another VPC (saying so), never offline ones', () => {
    const target = { id: 'dev:eu-west-1:instance:vault', eligibleHostIds: ['i-1'] } as Target;
    const s = slice({
      targets: [target],
      hosts: [
        host('i-1', 'bastion'),
        host('i-2', 'other-vpc', { vpcId: 'vpc-b' }),
        host('i-3', 'offline', { pingStatus: 'ConnectionLost' }),
      ],
      eligibility: {
        [target.id]: [
          { hostId: 'i-1', eligible: true, reasons: [] },
          { hostId: 'i-2', eligible: false, reasons: [{ code: 'OTHER_VPC', message: 'vpc-b' }] },
          { hostId: 'i-3', eligible: false, reasons: [{ code: 'NOT_ONLINE', message: 'lost' }] },
        ],
      },
    });
    const choices = hostChoicesFor(tunnel({}), s);
    expect(choices.map((c) => c.id)).toEqual(['i-1', 'i-2']);
    expect(choices[0]?.label).toBe('bastion (i-1)');
    expect(choices[1]?.note).toMatch(/another VPC \(vpc-b\)/);
  });
});

describe('recreateRequest', () => {
  it('brings a removed tunnel back on its port, through its jump host, with its modes', () => {
    expect(recreateRequest(tunnel({}))).toEqual({
      profile: 'dev',
      region: 'eu-west-1',
      target: { id: 'dev:eu-west-1:instance:vault' },
      jumpHostId: 'i-2',
      localPort: 15432,
      lazy: false,
      autoStart: true,
      idleMinutes: 5,
    });
    const custom = recreateRequest(
      tunnel({ target: { host: 'db.internal', port: 3306, name: 'db', engine: 'mysql' }, idleMinutes: undefined }),
    );
    expect(custom.target).toEqual({ host: 'db.internal', port: 3306, name: 'db', engine: 'mysql' });
    expect(custom).not.toHaveProperty('idleMinutes');
  });
});

describe('refusedRegions and worksNow', () => {
  it('after a sign-in, the regions refused for the credentials are the ones to fetch again', () => {
    const refused = slice({ profile: 'sec', region: 'us-east-1', errors: [{ call: 'rds:DescribeDBInstances', error: expired }] });
    const fine = slice({ profile: 'sec', region: 'eu-west-1', fetchedAt: '2026-11-22T10:00:00.000Z' });
    const throttled = slice({
      profile: 'sec',
      region: 'eu-north-1',
      errors: [{ call: 'x', error: { code: 'THROTTLED', message: 'slow' } }],
    });
    const progress = [
      { profile: 'sec', region: 'ap-south-1', phase: 'error' as const, done: 0, total: 4, error: expired },
      { profile: 'other', region: 'ap-south-1', phase: 'error' as const, done: 0, total: 4, error: expired },
    ];
    expect(refusedRegions('sec', [refused, fine, throttled, null], progress)).toEqual(['us-east-1', 'ap-south-1']);
  });

  it('a sign-in, a passing check or a login seen in the cache count; a warning does not', () => {
    const e = { profile: 'sec', message: 'm' };
    expect(worksNow({ ...e, kind: 'sign-in', outcome: 'signed-in' })).toBe(true);
    expect(worksNow({ ...e, kind: 'sign-in', outcome: 'failed' })).toBe(false);
    expect(worksNow({ ...e, kind: 'credentials' })).toBe(true);
    expect(worksNow({ ...e, kind: 'login', login: { state: 'signed-in', refreshable: true, startUrl: 's', ssoRegion: 'r' } })).toBe(true);
    expect(worksNow({ ...e, kind: 'expiry-warning' })).toBe(false);
  });
});
