import { paginateDescribeInstances } from '@aws-sdk/client-ec2';
import {
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  paginateDescribeDBClusters,
  paginateDescribeDBInstances,
} from '@aws-sdk/client-rds';
import { paginateDescribeInstanceInformation } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auroraCluster, buildScenario, dbInstance, jumpHost } from './scenario-builder.js';
import { startSandbox, type Sandbox } from './server.js';
import { sandboxClients } from './test-clients.js';

let sb: Sandbox;
const bulk = buildScenario({ profiles: 2, regions: ['us-east-1', 'eu-west-1'], databases: 120, clusters: 6, jumpHosts: 60, pageSize: 7 });
const p1 = bulk.profiles[0]!;

beforeAll(async () => {
  sb = await startSandbox(bulk.scenario);
});
afterAll(async () => {
  await sb.close();
});

async function collect<T>(pages: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const p of pages) out.push(p);
  return out;
}

describe('sandbox: discovery calls through the real SDK', () => {
  it('STS GetCallerIdentity names the account of the access key', async () => {
    const { sts } = sandboxClients(sb.url, { accessKeyId: p1.accessKeyId });
    const id = await sts.send(new GetCallerIdentityCommand({}));
    expect(id.Account).toBe(p1.accountId);
    expect(id.Arn).toBe(`arn:aws:iam::${p1.accountId}:user/profile-1`);
    expect(id.UserId).toBe(p1.accessKeyId);
  });

  it('pages DescribeDBInstances with Marker across many pages', async () => {
    const { rds } = sandboxClients(sb.url, { accessKeyId: p1.accessKeyId });
    const pages = await collect(paginateDescribeDBInstances({ client: rds, pageSize: 20 }, {}));
    const all = pages.flatMap((p) => p.DBInstances ?? []);
    const expected = bulk.scenario.data![p1.accountId]!['us-east-1']!.dbInstances!;
    expect(pages.length).toBe(Math.ceil(expected.length / 7));
    expect(all.map((d) => d.DBInstanceIdentifier)).toEqual(expected.map((d) => d.id));
    expect(sb.calls({ op: 'DescribeDBInstances' }).length).toBeGreaterThanOrEqual(pages.length);
  });

  it('pages DescribeDBClusters and the other calls in the other region', async () => {
    const { rds, ec2, ssm } = sandboxClients(sb.url, { accessKeyId: p1.accessKeyId, region: 'eu-west-1' });
    const cell = bulk.scenario.data![p1.accountId]!['eu-west-1']!;
    const clusters = (await collect(paginateDescribeDBClusters({ client: rds, pageSize: 20 }, {}))).flatMap((p) => p.DBClusters ?? []);
    expect(clusters.map((c) => c.DBClusterIdentifier)).toEqual(cell.dbClusters!.map((c) => c.id));
    const ec2Pages = await collect(paginateDescribeInstances({ client: ec2, pageSize: 5 }, {}));
    expect(ec2Pages.length).toBe(Math.ceil(cell.ec2Instances!.length / 5));
    const ids = ec2Pages
      .flatMap((p) => p.Reservations ?? [])
      .flatMap((r) => r.Instances ?? [])
      .map((i) => i.InstanceId);
    expect(ids).toEqual(cell.ec2Instances!.map((i) => i.id));
    const ssmPages = await collect(paginateDescribeInstanceInformation({ client: ssm, pageSize: 5 }, {}));
    expect(ssmPages.length).toBe(Math.ceil(cell.managedInstances!.length / 5));
    expect(ssmPages.flatMap((p) => p.InstanceInformationList ?? []).map((i) => i.InstanceId)).toEqual(ids);
  });
});

describe('sandbox: fields the SDK parses', () => {
  let fields: Sandbox;
  const region = 'us-east-1';
  const aurora = auroraCluster('orders', region, 2, { secretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!cluster-1' });
  const host = jumpHost(1, { name: 'bastion-a', ssm: { agentVersion: '3.1.1374.0' }, ec2: { securityGroups: ['sg-1', 'sg-2'] } });

  beforeAll(async () => {
    fields = await startSandbox({
      accounts: { '*': { accountId: '123456789012', arn: 'arn:aws:sts::123456789012:assumed-role/Dev/alice' } },
      data: {
        '123456789012': {
          [region]: {
            dbInstances: [
              dbInstance('billing', region, { iamAuth: true, secretArn: 'arn:secret:1', tags: { team: 'pay', env: 'prod' } }),
              ...aurora.members,
            ],
            dbClusters: [aurora.cluster],
            ec2Instances: [host.ec2],
            managedInstances: [host.managed],
          },
        },
      },
    });
  });
  afterAll(async () => {
    await fields.close();
  });

  it('DBInstance fields round-trip', async () => {
    const { rds } = sandboxClients(fields.url);
    const out = await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'billing' }));
    const db = out.DBInstances?.[0];
    expect(db).toMatchObject({
      DBInstanceIdentifier: 'billing',
      Engine: 'postgres',
      EngineVersion: '16.4',
      DBInstanceStatus: 'available',
      Endpoint: { Address: 'billing.c9akciq32.us-east-1.rds.amazonaws.com', Port: 5432 },
      DBSubnetGroup: { VpcId: 'vpc-0a1b2c3d', DBSubnetGroupName: 'private-db' },
      VpcSecurityGroups: [{ VpcSecurityGroupId: 'sg-0db00001', Status: 'active' }],
      IAMDatabaseAuthenticationEnabled: true,
      MasterUsername: 'app_admin',
      DBName: 'app',
      MasterUserSecret: { SecretArn: 'arn:secret:1' },
      TagList: [
        { Key: 'team', Value: 'pay' },
        { Key: 'env', Value: 'prod' },
      ],
    });
    const members = await rds.send(new DescribeDBInstancesCommand({ Filters: [{ Name: 'db-cluster-id', Values: ['orders'] }] }));
    expect(members.DBInstances?.map((d) => [d.DBInstanceIdentifier, d.DBClusterIdentifier])).toEqual([
      ['orders-instance-1', 'orders'],
      ['orders-instance-2', 'orders'],
    ]);
  });

  it('DBCluster fields round-trip, writer and reader endpoints included', async () => {
    const { rds } = sandboxClients(fields.url);
    const c = (await rds.send(new DescribeDBClustersCommand({}))).DBClusters?.[0];
    expect(c).toMatchObject({
      DBClusterIdentifier: 'orders',
      Endpoint: 'orders.cluster-c9akciq32.us-east-1.rds.amazonaws.com',
      ReaderEndpoint: 'orders.cluster-ro-c9akciq32.us-east-1.rds.amazonaws.com',
      Port: 5432,
      Engine: 'aurora-postgresql',
      Status: 'available',
      DBSubnetGroup: 'private-db',
      IAMDatabaseAuthenticationEnabled: true,
      DatabaseName: 'app',
      MasterUserSecret: { SecretArn: aurora.cluster.secretArn },
      DBClusterMembers: [
        { DBInstanceIdentifier: 'orders-instance-1', IsClusterWriter: true },
        { DBInstanceIdentifier: 'orders-instance-2', IsClusterWriter: false },
      ],
      VpcSecurityGroups: [{ VpcSecurityGroupId: 'sg-0db00001', Status: 'active' }],
    });
  });

  it('EC2 and SSM instance fields round-trip', async () => {
    const { ec2, ssm } = sandboxClients(fields.url);
    const { DescribeInstancesCommand } = await import('@aws-sdk/client-ec2');
    const { DescribeInstanceInformationCommand } = await import('@aws-sdk/client-ssm');
    const inst = (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [host.ec2.id] }))).Reservations?.[0]?.Instances?.[0];
    expect(inst).toMatchObject({
      InstanceId: host.ec2.id,
      State: { Name: 'running', Code: 16 },
      VpcId: 'vpc-0a1b2c3d',
      SubnetId: 'subnet-0a0a0a0a',
      PrivateIpAddress: '10.0.0.1',
      SecurityGroups: [{ GroupId: 'sg-1' }, { GroupId: 'sg-2' }],
      Tags: [{ Key: 'Name', Value: 'bastion-a' }],
    });
    const info = (await ssm.send(new DescribeInstanceInformationCommand({ Filters: [{ Key: 'PingStatus', Values: ['Online'] }] })))
      .InstanceInformationList?.[0];
    expect(info).toMatchObject({
      InstanceId: host.ec2.id,
      PingStatus: 'Online',
      AgentVersion: '3.1.1374.0',
      PlatformType: 'Linux',
      ResourceType: 'EC2Instance',
    });
    expect(info?.LastPingDateTime).toBeInstanceOf(Date);
  });
});
