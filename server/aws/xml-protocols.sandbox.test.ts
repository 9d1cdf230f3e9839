// The RDS and EC2 clients Porthole makes read XML with xml-parse.ts, and give the same answers and the same errors as
// the SDK's own clients, over the wire, from the local AWS sandbox.
import {
  DescribeClientVpnAuthorizationRulesCommand,
  DescribeClientVpnEndpointsCommand,
  DescribeClientVpnRoutesCommand,
  DescribeClientVpnTargetNetworksCommand,
  DescribeIamInstanceProfileAssociationsCommand,
  DescribeInstancesCommand,
  DescribeManagedPrefixListsCommand,
  DescribeNetworkAclsCommand,
  DescribeNetworkInterfacesCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcEndpointsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { DescribeDBClustersCommand, DescribeDBInstancesCommand, DescribeDBParametersCommand, RDSClient } from '@aws-sdk/client-rds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withClientVpn } from '../../e2e/sandbox/client-vpn-builder.js';
import { withHealthyNetwork } from '../../e2e/sandbox/network-builder.js';
import { account, auroraCluster, dbInstance, jumpHost } from '../../e2e/sandbox/scenario-builder.js';
import type { RegionData } from '../../e2e/sandbox/scenario.js';
import { startSandbox, type Sandbox } from '../../e2e/sandbox/server.js';
import { tempAwsFiles, type TempAwsFiles } from '../../testing/aws/aws-files.js';
import type { AwsClients } from './clients.js';
import { usesFastXml } from './xml-protocols.js';

const ACCOUNT = '111111111111';
const REGION = 'eu-west-1';

let sandbox: Sandbox;
let files: TempAwsFiles;
let porthole: AwsClients;

beforeAll(async () => {
  const aurora = auroraCluster('ledger', REGION, 2, { secretArn: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:rds!cluster-1` });
  const hosts = [jumpHost(1, { name: 'bastion <a & b>' }), jumpHost(2, { ec2: { state: 'stopped' } })];
  // Every kind of answer Porthole reads from RDS and EC2: databases, hosts, a whole network, Client VPN endpoints.
  const region: RegionData = withHealthyNetwork({
    dbInstances: [
      dbInstance('orders', REGION, { tags: { team: 'a & b <core>', empty: '' }, secretArn: 'arn:aws:secretsmanager:x' }),
      dbInstance('shop', REGION, { engine: 'mysql', iamAuth: true, securityGroups: ['sg-1', 'sg-2'] }),
      ...aurora.members,
    ],
    dbClusters: [aurora.cluster],
    ec2Instances: hosts.map((host) => host.ec2),
    managedInstances: hosts.map((host) => host.managed),
  });
  withClientVpn(region, { vpcId: 'vpc-0a1b2c3d', region: REGION, accountId: ACCOUNT });
  region.prefixLists = [{ id: 'pl-0office', name: 'office & vpn', cidrs: ['203.0.113.0/24', '198.51.100.0/24'] }];
  region.vpcEndpoints = ['ssm', 'ssmmessages', 'ec2messages'].map((service, n) => ({
    id: `vpce-0${n}`,
    vpcId: 'vpc-0a1b2c3d',
    service,
    privateDns: true,
    securityGroups: ['sg-0bastion1'],
  }));
  sandbox = await startSandbox({
    accounts: { AKIDDEV: account(ACCOUNT, 'dev') },
    data: { [ACCOUNT]: { [REGION]: region } },
    endpoints: {},
    faults: [],
    sessionBehaviours: [],
  });
  files = await tempAwsFiles(sandbox.url, { dev: 'AKIDDEV', stranger: 'AKIDUNKNOWN' });
  porthole = files.clients();
});
afterAll(async () => {
  await files.cleanup();
  await sandbox.close();
});

/** The SDK's own clients, with the same endpoint and keys. */
function sdkClients(accessKeyId: string): { rds: RDSClient; ec2: EC2Client } {
  const config = {
    region: REGION,
    endpoint: sandbox.url,
    maxAttempts: 1,
    credentials: { accessKeyId, secretAccessKey: 'sandbox-secret' },
  };
  return { rds: new RDSClient(config), ec2: new EC2Client(config) };
}

/** An answer without its request metadata (the request id differs per call). */
function answer({ $metadata, ...rest }: { $metadata: unknown }): unknown {
  expect($metadata).toBeDefined();
  return rest;
}

async function failure(call: Promise<unknown>): Promise<unknown> {
  const error = (await call.then(
    () => undefined,
    (caught: unknown) => caught,
  )) as { name: string; message: string; Code?: string; $fault: string; $metadata: { httpStatusCode: number } };
  expect(error).toBeDefined();
  return { name: error.name, message: error.message, code: error.Code, fault: error.$fault, status: error.$metadata.httpStatusCode };
}

describe('the XML clients Porthole makes', () => {
  it('parse with xml-parse.ts', () => {
    expect(usesFastXml(porthole.rds('dev', REGION).config.protocol)).toBe(true);
    expect(usesFastXml(porthole.ec2('dev', REGION).config.protocol)).toBe(true);
    expect(usesFastXml(sdkClients('AKIDDEV').rds.config.protocol)).toBe(false);
  });

  it('answer what the SDK’s own clients answer: RDS and EC2 reads, lists, tags, escaped text', async () => {
    const sdk = sdkClients('AKIDDEV');
    const rds = porthole.rds('dev', REGION);
    const ec2 = porthole.ec2('dev', REGION);
    const pairs: [Promise<{ $metadata: unknown }>, Promise<{ $metadata: unknown }>][] = [
      [rds.send(new DescribeDBInstancesCommand({})), sdk.rds.send(new DescribeDBInstancesCommand({}))],
      [rds.send(new DescribeDBInstancesCommand({ MaxRecords: 20 })), sdk.rds.send(new DescribeDBInstancesCommand({ MaxRecords: 20 }))],
      [rds.send(new DescribeDBClustersCommand({})), sdk.rds.send(new DescribeDBClustersCommand({}))],
      [
        rds.send(new DescribeDBParametersCommand({ DBParameterGroupName: 'default.postgres16' })),
        sdk.rds.send(new DescribeDBParametersCommand({ DBParameterGroupName: 'default.postgres16' })),
      ],
    ];
    const ec2Reads = [
      () => new DescribeInstancesCommand({}),
      () => new DescribeSecurityGroupsCommand({}),
      () => new DescribeSecurityGroupRulesCommand({}),
      () => new DescribeVpcEndpointsCommand({}),
      () => new DescribeSubnetsCommand({}),
      () => new DescribeRouteTablesCommand({}),
      () => new DescribeNetworkAclsCommand({}),
      () => new DescribeNetworkInterfacesCommand({}),
      () => new DescribeManagedPrefixListsCommand({}),
      () => new DescribeIamInstanceProfileAssociationsCommand({}),
      () => new DescribeVpcAttributeCommand({ VpcId: 'vpc-0a1b2c3d', Attribute: 'enableDnsSupport' }),
      () => new DescribeClientVpnEndpointsCommand({}),
    ];
    for (const read of ec2Reads) pairs.push([ec2.send(read() as never), sdk.ec2.send(read() as never)]);
    const endpoints = answer(await ec2.send(new DescribeClientVpnEndpointsCommand({}))) as {
      ClientVpnEndpoints: { ClientVpnEndpointId: string }[];
    };
    expect(endpoints.ClientVpnEndpoints.length).toBeGreaterThan(0);
    for (const { ClientVpnEndpointId } of endpoints.ClientVpnEndpoints) {
      for (const read of [
        () => new DescribeClientVpnTargetNetworksCommand({ ClientVpnEndpointId }),
        () => new DescribeClientVpnRoutesCommand({ ClientVpnEndpointId }),
        () => new DescribeClientVpnAuthorizationRulesCommand({ ClientVpnEndpointId }),
      ]) {
        pairs.push([ec2.send(read() as never), sdk.ec2.send(read() as never)]);
      }
    }

    for (const [index, [ours, theirs]] of pairs.entries()) {
      const read = answer(await ours) as Record<string, unknown>;
      expect(read).toStrictEqual(answer(await theirs));
      // Each answer carries something to compare (a list with items, or a value).
      const filled = Object.values(read).some((field) => (Array.isArray(field) ? field.length > 0 : field !== undefined));
      expect(filled, `answer ${index}: ${JSON.stringify(read)}`).toBe(true);
    }

    const instances = answer(await rds.send(new DescribeDBInstancesCommand({}))) as { DBInstances: { TagList: unknown }[] };
    expect(instances.DBInstances).toHaveLength(4);
    expect(instances.DBInstances[0]?.TagList).toEqual([
      { Key: 'team', Value: 'a & b <core>' },
      { Key: 'empty', Value: '' },
    ]);
    sdk.rds.destroy();
    sdk.ec2.destroy();
  });

  it('fail as the SDK’s own clients fail: the same error names, codes and messages', async () => {
    const sdk = sdkClients('AKIDUNKNOWN');
    const rds = porthole.rds('stranger', REGION);
    const ec2 = porthole.ec2('stranger', REGION);
    const ours = [await failure(rds.send(new DescribeDBInstancesCommand({}))), await failure(ec2.send(new DescribeInstancesCommand({})))];
    const theirs = [
      await failure(sdk.rds.send(new DescribeDBInstancesCommand({}))),
      await failure(sdk.ec2.send(new DescribeInstancesCommand({}))),
    ];
    expect(ours).toStrictEqual(theirs);
    expect(ours.map((error) => (error as { status: number }).status)).toEqual([403, 401]);
    sdk.rds.destroy();
    sdk.ec2.destroy();
  });
});
