// Discovery with real SDK clients against the local AWS sandbox (e2e/sandbox): paging, Aurora,
// eligibility reasons, a bad region among good ones, per-call failures and progress events.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { account, auroraCluster, dbInstance, jumpHost } from '../../e2e/sandbox/scenario-builder.js';
import type { RegionData, Scenario } from '../../e2e/sandbox/scenario.js';
import { startSandbox, type Sandbox } from '../../e2e/sandbox/server.js';
import type { InventoryProgress, InventorySlice } from '../../shared/api.js';
import { tempAwsFiles, type TempAwsFiles } from '../../testing/aws/aws-files.js';
import { EventBus } from '../events/bus.js';
import { InventoryService } from './inventory-service.js';

const VPC = 'vpc-0a1b2c3d';
const ACCOUNT = '111111111111';
const PAGE = 20;

function usEast(): RegionData {
  const region = 'us-east-1';
  const aurora = auroraCluster('aurora-main', region, 2);
  const creating = dbInstance('db-creating', region, { status: 'creating' });
  delete creating.address;
  const special = [
    jumpHost(1, { name: 'corp-jump-1', ssm: { agentVersion: '3.2.0.0' } }),
    jumpHost(2, { name: 'app-newest', ssm: { agentVersion: '3.3.9999.0' } }),
    jumpHost(3, { name: 'offline', ssm: { pingStatus: 'ConnectionLost' } }),
    jumpHost(4, { name: 'old-agent', ssm: { agentVersion: '3.1.1188.0' } }),
    jumpHost(5, { name: 'other-vpc', ec2: { vpcId: 'vpc-99999999' } }),
    jumpHost(6, { name: 'stopped', ec2: { state: 'stopped' } }),
    jumpHost(7, {
      name: 'everything-wrong',
      ec2: { state: 'stopped', vpcId: 'vpc-99999999' },
      ssm: { pingStatus: 'Inactive', agentVersion: '2.3.0.0' },
    }),
  ];
  // Enough workers (old agents, so they never win) to span several SSM and EC2 pages.
  const workers = Array.from({ length: 113 }, (_, i) => jumpHost(100 + i, { name: `worker-${i}`, ssm: { agentVersion: '3.0.0.0' } }));
  const hosts = [...special, ...workers];
  return {
    dbInstances: [
      ...Array.from({ length: 230 }, (_, i) => dbInstance(`db-${String(i).padStart(3, '0')}`, region)),
      creating,
      ...aurora.members,
    ],
    dbClusters: [aurora.cluster],
    ec2Instances: hosts.map((host) => host.ec2),
    managedInstances: hosts.map((host) => host.managed),
  };
}

function scenario(): Scenario {
  const euWest: RegionData = {
    dbInstances: [dbInstance('eu-db', 'eu-west-1')],
    dbClusters: [],
    ec2Instances: [jumpHost(900, { name: 'eu-bastion' }).ec2],
    managedInstances: [jumpHost(900, { name: 'eu-bastion' }).managed],
  };
  return {
    accounts: { AKIDPROFILE1: account(ACCOUNT, 'dev') },
    data: {
      [ACCOUNT]: { 'us-east-1': usEast(), 'eu-west-1': euWest, 'ap-south-1': { dbInstances: [dbInstance('never-seen', 'ap-south-1')] } },
    },
    endpoints: {},
    faults: [],
    sessionBehaviours: [],
    pageSize: PAGE,
  };
}

let sb: Sandbox;
let files: TempAwsFiles;

beforeAll(async () => {
  sb = await startSandbox(scenario());
  files = await tempAwsFiles(sb.url, { dev: 'AKIDPROFILE1' });
});
afterEach(() => {
  sb.clearFaults();
  sb.clearCalls();
});
afterAll(async () => {
  await files.cleanup();
  await sb.close();
});

function service(options: { requestTimeoutMs?: number; maxAttempts?: number } = {}) {
  const bus = new EventBus();
  const events: InventoryProgress[] = [];
  bus.subscribe(({ event }) => {
    if (event.type === 'inventory') events.push(event.data);
  });
  return { inventory: new InventoryService({ aws: files.clients(options), bus }), events };
}

describe('discovery against the sandbox', () => {
  let slice: InventorySlice;

  beforeAll(async () => {
    const { inventory } = service();
    [slice] = (await inventory.refresh([{ profile: 'dev', region: 'us-east-1' }])) as [InventorySlice];
  });

  it('reads every page of every call', () => {
    expect(slice.errors).toEqual([]);
    // 231 plain instances + writer + reader; the two Aurora members are not listed again.
    expect(slice.targets).toHaveLength(233);
    expect(slice.hosts).toHaveLength(120);
    expect(slice.hosts.every((host) => host.state !== undefined && host.vpcId !== undefined)).toBe(true);
    expect(new Set(slice.targets.map((target) => target.id)).size).toBe(233);
    // 233 DB instances (members included) at 20 a page; 120 managed instances at 20 a page, each
    // page's ids described by EC2 as it arrives.
    expect(sb.calls({ service: 'rds', op: 'DescribeDBInstances' })).toHaveLength(12);
    expect(sb.calls({ service: 'ssm', op: 'DescribeInstanceInformation' })).toHaveLength(6);
    expect(sb.calls({ service: 'ec2', op: 'DescribeInstances' })).toHaveLength(6);
  });

  it('lists Aurora as writer and reader endpoints, with the members VPC, and never its members', () => {
    const aurora = slice.targets.filter((target) => target.identifier.startsWith('aurora-main'));
    expect(aurora.map((target) => [target.kind, target.name, target.host])).toEqual([
      ['cluster-writer', 'aurora-main', 'aurora-main.cluster-c9akciq32.us-east-1.rds.amazonaws.com'],
      ['cluster-reader', 'aurora-main (reader)', 'aurora-main.cluster-ro-c9akciq32.us-east-1.rds.amazonaws.com'],
    ]);
    expect(aurora.every((target) => target.vpcId === VPC && target.iamAuth && target.engine === 'aurora-postgresql')).toBe(true);
  });

  it('keeps a database that is still being created, with its status and no endpoint', () => {
    expect(slice.targets.find((target) => target.identifier === 'db-creating')).toMatchObject({ status: 'creating', host: '' });
  });

  it('gives every eligibility reason and recommends the jump host', () => {
    const target = slice.targets.find((candidate) => candidate.identifier === 'db-000')!;
    const byName = (name: string) => {
      const host = slice.hosts.find((candidate) => candidate.name === name)!;
      return slice.eligibility[target.id]!.find((entry) => entry.hostId === host.id)!;
    };
    const codes = (name: string) => byName(name).reasons.map((reason) => reason.code);
    expect(byName('corp-jump-1').eligible).toBe(true);
    expect(byName('app-newest').eligible).toBe(true);
    expect(codes('offline')).toEqual(['NOT_ONLINE']);
    expect(codes('old-agent')).toEqual(['AGENT_TOO_OLD']);
    expect(codes('other-vpc')).toEqual(['OTHER_VPC']);
    expect(codes('stopped')).toEqual(['NOT_RUNNING']);
    expect(codes('everything-wrong')).toEqual(['NOT_ONLINE', 'AGENT_TOO_OLD', 'OTHER_VPC', 'NOT_RUNNING']);
    const jump = slice.hosts.find((host) => host.name === 'corp-jump-1')!;
    const newest = slice.hosts.find((host) => host.name === 'app-newest')!;
    expect(target.recommendedHostId).toBe(jump.id);
    expect(target.eligibleHostIds).toEqual([jump.id, newest.id]);
  });
});

describe('failures and progress', () => {
  it('shows one region that times out beside the regions that answer, with progress for each', async () => {
    sb.addFault({ region: 'ap-south-1', kind: 'timeout' });
    // Generous enough that the answering regions never hit it on a loaded machine.
    const { inventory, events } = service({ requestTimeoutMs: 1500 });
    const pairs = ['us-east-1', 'eu-west-1', 'ap-south-1'].map((region) => ({ profile: 'dev', region }));
    await inventory.refresh(pairs);

    const bad = inventory.slices({ region: 'ap-south-1' })[0]!;
    expect(bad.targets).toEqual([]);
    expect(bad.errors.map((error) => [error.call, error.error.code])).toEqual([
      ['rds:DescribeDBInstances', 'AWS_UNREACHABLE'],
      ['rds:DescribeDBClusters', 'AWS_UNREACHABLE'],
      ['ssm:DescribeInstanceInformation', 'AWS_UNREACHABLE'],
    ]);
    expect(inventory.slices({ region: 'us-east-1' })[0]!.targets).toHaveLength(233);
    expect(inventory.slices({ region: 'eu-west-1' })[0]).toMatchObject({ errors: [], targets: [{ identifier: 'eu-db' }] });

    for (const region of ['us-east-1', 'eu-west-1', 'ap-south-1']) {
      const mine = events.filter((event) => event.region === region);
      expect(mine.map((event) => `${event.phase} ${event.done}/${event.total}`)).toEqual([
        'loading 0/4',
        'loading 1/4',
        'loading 2/4',
        'loading 3/4',
        'loading 4/4',
        region === 'ap-south-1' ? 'error 4/4' : 'done 4/4',
      ]);
    }
    expect(events.find((event) => event.region === 'ap-south-1' && event.phase === 'error')?.error?.code).toBe('AWS_UNREACHABLE');
    expect(inventory.progress()).toHaveLength(3);
  });

  it('keeps the databases when only EC2 is denied, and names the missing permission', async () => {
    sb.addFault({ service: 'ec2', kind: 'accessDenied' });
    const { inventory } = service();
    const [slice] = await inventory.refresh([{ profile: 'dev', region: 'eu-west-1' }]);
    expect(slice!.targets.map((target) => target.identifier)).toEqual(['eu-db']);
    expect(slice!.hosts.map((host) => [host.pingStatus, host.state])).toEqual([['Online', undefined]]);
    expect(slice!.errors).toHaveLength(1);
    expect(slice!.errors[0]).toMatchObject({ call: 'ec2:DescribeInstances', error: { code: 'ACCESS_DENIED' } });
    expect(slice!.errors[0]!.error.message).toContain('ec2:DescribeInstances');
  });

  it('rides through throttling with the SDK retries, and reports THROTTLED when it persists', async () => {
    sb.addFault({ service: 'rds', op: 'DescribeDBClusters', kind: 'throttle', times: 1 });
    const retried = service({ maxAttempts: 3 });
    const [ok] = await retried.inventory.refresh([{ profile: 'dev', region: 'eu-west-1' }]);
    expect(ok!.errors).toEqual([]);
    expect(sb.calls({ service: 'rds', op: 'DescribeDBClusters' }).map((call) => call.errorCode ?? 'ok')).toEqual(['Throttling', 'ok']);

    sb.addFault({ service: 'rds', op: 'DescribeDBClusters', kind: 'throttle' });
    const [throttled] = await service({ maxAttempts: 1 }).inventory.refresh([{ profile: 'dev', region: 'eu-west-1' }]);
    expect(throttled!.errors.map((error) => error.error.code)).toEqual(['THROTTLED']);
    expect(throttled!.targets).toHaveLength(1);
  });

  it('reports an expired token on every call of the slice', async () => {
    sb.addFault({ kind: 'expiredToken' });
    const [slice] = await service().inventory.refresh([{ profile: 'dev', region: 'eu-west-1' }]);
    expect(new Set(slice!.errors.map((error) => error.error.code))).toEqual(new Set(['CREDENTIALS_EXPIRED']));
  });
});
