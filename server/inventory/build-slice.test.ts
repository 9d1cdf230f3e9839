import type { DBCluster, DBInstance } from '@aws-sdk/client-rds';
import { describe, expect, it } from 'vitest';
import { convertSlice } from '../aws/discovery/read-slice.js';
import type { RawSlice } from '../aws/discovery/fetch-slice.js';
import { buildSlice } from './build-slice.js';

/** SDK answers through the AWS edge's conversion, then into the API slice. */
const build = (k: typeof key, raw: RawSlice, fetchedAt: Date) => buildSlice(k, convertSlice(k, raw), fetchedAt);

const key = { profile: 'dev', region: 'eu-west-1' };
const at = new Date('2026-11-22T10:00:00Z');

function instance(id: string, over: Partial<DBInstance> = {}): DBInstance {
  return {
    DBInstanceIdentifier: id,
    Engine: 'postgres',
    EngineVersion: '16.4',
    Endpoint: { Address: `${id}.abc.eu-west-1.rds.amazonaws.com`, Port: 5432 },
    DBInstanceStatus: 'available',
    DBSubnetGroup: { VpcId: 'vpc-1', DBSubnetGroupName: 'private' },
    VpcSecurityGroups: [{ VpcSecurityGroupId: 'sg-1' }],
    IAMDatabaseAuthenticationEnabled: true,
    MasterUsername: 'admin',
    DBName: 'app',
    MasterUserSecret: { SecretArn: 'arn:secret' },
    TagList: [{ Key: 'env', Value: 'dev' }],
    ...over,
  };
}
const cluster: DBCluster = {
  DBClusterIdentifier: 'aurora',
  Engine: 'aurora-postgresql',
  Endpoint: 'aurora.cluster-abc.eu-west-1.rds.amazonaws.com',
  ReaderEndpoint: 'aurora.cluster-ro-abc.eu-west-1.rds.amazonaws.com',
  Port: 5432,
  Status: 'available',
  DBSubnetGroup: 'private',
  VpcSecurityGroups: [{ VpcSecurityGroupId: 'sg-1' }],
};

describe('buildSlice', () => {
  it('converts an RDS instance into a target with every known field', () => {
    const slice = build(key, { instances: [instance('orders')], errors: [] }, at);
    expect(slice.targets).toEqual([
      {
        id: 'dev:eu-west-1:instance:orders',
        profile: 'dev',
        region: 'eu-west-1',
        kind: 'instance',
        identifier: 'orders',
        name: 'orders',
        engine: 'postgres',
        engineVersion: '16.4',
        host: 'orders.abc.eu-west-1.rds.amazonaws.com',
        port: 5432,
        status: 'available',
        vpcId: 'vpc-1',
        securityGroups: ['sg-1'],
        subnetGroup: 'private',
        iamAuth: true,
        masterUsername: 'admin',
        dbName: 'app',
        masterSecretArn: 'arn:secret',
        tags: { env: 'dev' },
        eligibleHostIds: [],
      },
    ]);
    expect(slice.fetchedAt).toBe('2026-11-22T10:00:00.000Z');
    expect(slice.loading).toBe(false);
  });

  it('lists an Aurora cluster as writer and reader, with the members VPC, and not its members again', () => {
    const members = [
      instance('aurora-1', { DBClusterIdentifier: 'aurora', DBSubnetGroup: { VpcId: 'vpc-7' } }),
      instance('aurora-2', { DBClusterIdentifier: 'aurora' }),
    ];
    const slice = build(key, { instances: [...members, instance('solo')], clusters: [cluster], errors: [] }, at);
    expect(slice.targets.map((t) => [t.id, t.host])).toEqual([
      ['dev:eu-west-1:cluster-writer:aurora', 'aurora.cluster-abc.eu-west-1.rds.amazonaws.com'],
      ['dev:eu-west-1:cluster-reader:aurora', 'aurora.cluster-ro-abc.eu-west-1.rds.amazonaws.com'],
      ['dev:eu-west-1:instance:solo', 'solo.abc.eu-west-1.rds.amazonaws.com'],
    ]);
    expect(slice.targets[1]!.name).toBe('aurora (reader)');
    expect(slice.targets[0]!.vpcId).toBeDefined();
  });

  it('keeps cluster members as instances when the cluster call failed', () => {
    const error = { call: 'rds:DescribeDBClusters', error: { code: 'ACCESS_DENIED', message: 'no' } };
    const slice = build(key, { instances: [instance('aurora-1', { DBClusterIdentifier: 'aurora' })], errors: [error] }, at);
    expect(slice.targets.map((t) => t.kind)).toEqual(['instance']);
    expect(slice.errors).toEqual([error]);
  });

  it('lists a target still being created, without an endpoint, with its status', () => {
    const creating = instance('new-db', { DBInstanceStatus: 'creating' });
    delete creating.Endpoint;
    const writerOnly: DBCluster = { DBClusterIdentifier: 'fresh', Engine: 'aurora-mysql', Status: 'creating' };
    const slice = build(key, { instances: [creating], clusters: [writerOnly], errors: [] }, at);
    expect(slice.targets.map((t) => [t.id, t.status, t.host, t.port])).toEqual([
      ['dev:eu-west-1:cluster-writer:fresh', 'creating', '', 3306],
      ['dev:eu-west-1:instance:new-db', 'creating', '', 5432],
    ]);
  });

  it('joins SSM managed instances with EC2 and computes eligibility', () => {
    const slice = build(
      key,
      {
        instances: [instance('orders')],
        infos: [
          { InstanceId: 'i-1', PingStatus: 'Online', AgentVersion: '3.3.1142.0', PlatformName: 'Amazon Linux' },
          { InstanceId: 'mi-2', PingStatus: 'Online', AgentVersion: '3.3.1142.0', ComputerName: 'onprem' },
        ],
        ec2: new Map([
          [
            'i-1',
            {
              InstanceId: 'i-1',
              State: { Name: 'running' },
              VpcId: 'vpc-1',
              SubnetId: 'subnet-1',
              PrivateIpAddress: '10.0.0.5',
              SecurityGroups: [{ GroupId: 'sg-b' }],
              Tags: [{ Key: 'Name', Value: 'bastion' }],
            },
          ],
        ]),
        errors: [],
      },
      at,
    );
    expect(slice.hosts.find((h) => h.id === 'i-1')).toEqual({
      id: 'i-1',
      profile: 'dev',
      region: 'eu-west-1',
      name: 'bastion',
      pingStatus: 'Online',
      agentVersion: '3.3.1142.0',
      platform: 'Amazon Linux',
      state: 'running',
      vpcId: 'vpc-1',
      subnetId: 'subnet-1',
      securityGroups: ['sg-b'],
      privateIp: '10.0.0.5',
      tags: { Name: 'bastion' },
    });
    expect(slice.hosts.find((h) => h.id === 'mi-2')?.name).toBe('onprem');
    expect(slice.targets[0]!.recommendedHostId).toBe('i-1');
    expect(slice.eligibility['dev:eu-west-1:instance:orders']).toHaveLength(2);
  });
});
