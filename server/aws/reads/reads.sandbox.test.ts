// The diagnosis readers through Porthole's own client factory and the real SDK, against the sandbox's wire
// formats: each returns Porthole's small types, and a refused call is an AccessDeniedError naming the action.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../e2e/sandbox/server.js';
import { dbSubnetIds, hostSubnetId, JUMP_ROLE, natGatewayId } from '../../../e2e/sandbox/network-builder.js';
import {
  ACCOUNT,
  diagnosisScenario,
  facts,
  HOST,
  LEDGER,
  patchRegion,
  PROFILE,
  REGION,
  USER,
  VPC,
} from '../../../testing/diagnosis/diagnosis-world.js';
import type { AwsClients } from '../clients.js';
import { AccessDeniedError } from '../errors.js';
import { tempAwsFiles, type TempAwsFiles } from '../../../testing/aws/aws-files.js';
import { readNetworkInterfaces, readPrefixLists, readSecurityGroupRules, readSecurityGroups } from './ec2-security.js';
import {
  readInstanceDetail,
  readNetworkAcls,
  readProfileAssociation,
  readRouteTable,
  readSubnets,
  readVpcDns,
  readVpcEndpoints,
} from './ec2-network.js';
import { readCallerIdentity, readInstanceProfile, readPolicySource, simulatePrincipal } from './iam-reads.js';
import { readDbCluster, readDbInstance, readDbParameters } from './rds-details.js';
import { readSessionPreferences } from './ssm-preferences.js';

let sandbox: Sandbox;
let files: TempAwsFiles;
let aws: AwsClients;
const scope = { profile: PROFILE, region: REGION };

beforeAll(async () => {
  sandbox = await startSandbox(diagnosisScenario());
  files = await tempAwsFiles(sandbox.url, { [PROFILE]: 'AKIDTEST' });
  aws = files.clients();
});
afterAll(async () => {
  await files.cleanup();
  await sandbox.close();
});
beforeEach(() => sandbox.setScenario(diagnosisScenario()));

describe('EC2 security readers', () => {
  it('reads flat rules from DescribeSecurityGroupRules and the same rules from DescribeSecurityGroups', async () => {
    const { orders, host } = facts();
    const dbGroup = orders.securityGroups![0]!;
    const hostGroup = host.securityGroups![0]!;
    const rules = await readSecurityGroupRules(aws, scope, [dbGroup, hostGroup]);
    const ingress = rules.find((rule) => rule.groupId === dbGroup && !rule.egress);
    expect(ingress).toMatchObject({ protocol: 'tcp', fromPort: 5432, toPort: 5432, referencedGroupId: hostGroup });
    expect(ingress?.ruleId).toMatch(/^sgr-[0-9a-f]{17}$/);
    expect(rules.find((rule) => rule.groupId === hostGroup && rule.egress)).toMatchObject({ protocol: '-1', cidrIpv4: '0.0.0.0/0' });

    const nested = await readSecurityGroups(aws, scope, [dbGroup, hostGroup, 'sg-0gone0000']);
    expect(nested.groups.map((group) => group.groupId).sort()).toEqual([dbGroup, hostGroup].sort());
    expect(nested.groups.find((group) => group.groupId === dbGroup)).toMatchObject({ name: 'databases', vpcId: VPC });
    const strip = ({ ruleId: _id, ...rest }: { ruleId?: string }) => rest;
    expect(nested.rules.map(strip)).toEqual(expect.arrayContaining(rules.map(strip)));
  });

  it('reads prefix lists with names and entries, and the RDS interfaces in a group', async () => {
    patchRegion(sandbox, (cell) => {
      cell.prefixLists = [{ id: 'pl-0c0ffee0c0ffee001', name: 'office ranges', cidrs: ['192.0.2.0/24', '198.51.100.16/28'] }];
    });
    expect(await readPrefixLists(aws, scope, ['pl-0c0ffee0c0ffee001'])).toEqual([
      { id: 'pl-0c0ffee0c0ffee001', name: 'office ranges', cidrs: ['192.0.2.0/24', '198.51.100.16/28'] },
    ]);
    // Names only label the entries: without DescribeManagedPrefixLists the CIDRs still come.
    sandbox.addFault({ service: 'ec2', op: 'DescribeManagedPrefixLists', kind: 'accessDenied' });
    expect(await readPrefixLists(aws, scope, ['pl-0c0ffee0c0ffee001'])).toEqual([
      { id: 'pl-0c0ffee0c0ffee001', cidrs: ['192.0.2.0/24', '198.51.100.16/28'] },
    ]);
    const { orders } = facts();
    const enis = await readNetworkInterfaces(aws, scope, orders.securityGroups!);
    const rds = enis.filter((eni) => eni.requesterId === 'amazon-rds');
    expect(rds.map((eni) => eni.privateIps[0])).toContain(orders.privateIp);
    expect(rds.find((eni) => eni.privateIps[0] === orders.privateIp)).toMatchObject({
      description: 'RDSNetworkInterface',
      subnetId: orders.subnetId,
    });
  });

  it('a refused Describe is an AccessDeniedError naming the permission', async () => {
    sandbox.addFault({ service: 'ec2', op: 'DescribeSecurityGroupRules', kind: 'accessDenied' });
    const refused = await readSecurityGroupRules(aws, scope, ['sg-0db00001']).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AccessDeniedError);
    expect(refused).toMatchObject({ code: 'ACCESS_DENIED', permission: 'ec2:DescribeSecurityGroupRules' });
  });
});

describe('EC2 network readers', () => {
  it('reads the ACLs of subnets, including the VPC default and the implicit deny', async () => {
    const [dbSubnet] = dbSubnetIds(VPC);
    patchRegion(sandbox, (cell) => {
      cell.networkAcls = [
        {
          id: 'acl-0db',
          vpcId: VPC,
          subnetIds: [dbSubnet],
          entries: [
            { ruleNumber: 90, protocol: '6', action: 'deny', egress: false, cidr: '10.10.1.0/24', fromPort: 5432, toPort: 5432 },
            { ruleNumber: 100, protocol: '-1', action: 'allow', egress: false, cidr: '0.0.0.0/0' },
          ],
        },
      ];
    });
    const acls = await readNetworkAcls(aws, scope, [dbSubnet, hostSubnetId(VPC)]);
    const db = acls.find((acl) => acl.id === 'acl-0db');
    expect(db?.entries).toContainEqual({
      ruleNumber: 90,
      protocol: '6',
      action: 'deny',
      egress: false,
      cidr: '10.10.1.0/24',
      fromPort: 5432,
      toPort: 5432,
    });
    expect(db?.entries).toContainEqual({ ruleNumber: 32767, protocol: '-1', action: 'deny', egress: true, cidr: '0.0.0.0/0' });
    expect(acls.find((acl) => acl.isDefault)?.subnetIds).toContain(hostSubnetId(VPC));
  });

  it("reads the subnet's route table, falling back to the VPC's main table", async () => {
    const main = await readRouteTable(aws, scope, hostSubnetId(VPC), VPC);
    expect(main).toMatchObject({ main: true, vpcId: VPC });
    expect(main?.routes).toContainEqual({ destinationCidr: '0.0.0.0/0', targetKind: 'nat', target: natGatewayId(VPC), state: 'active' });
    patchRegion(sandbox, (cell) => {
      cell.routeTables!.push({
        id: 'rtb-own',
        vpcId: VPC,
        subnetIds: [hostSubnetId(VPC)],
        routes: [{ destination: '0.0.0.0/0', target: 'igw-0123', state: 'blackhole' }],
      });
    });
    const own = await readRouteTable(aws, scope, hostSubnetId(VPC), VPC);
    expect(own).toMatchObject({ id: 'rtb-own', main: false, routes: [{ targetKind: 'igw', target: 'igw-0123', state: 'blackhole' }] });
  });

  it('reads VPC endpoints, subnets and DNS attributes', async () => {
    patchRegion(sandbox, (cell) => {
      cell.vpcEndpoints = [
        {
          id: 'vpce-1',
          vpcId: VPC,
          service: 'ssmmessages',
          privateDns: true,
          subnetIds: [hostSubnetId(VPC)],
          securityGroups: ['sg-0vpce'],
        },
      ];
      cell.vpcs = [{ id: VPC, dnsSupport: true, dnsHostnames: false }];
    });
    expect(await readVpcEndpoints(aws, scope, VPC)).toEqual([
      {
        id: 'vpce-1',
        type: 'Interface',
        serviceName: `com.amazonaws.${REGION}.ssmmessages`,
        state: 'available',
        privateDnsEnabled: true,
        subnetIds: [hostSubnetId(VPC)],
        groupIds: ['sg-0vpce'],
      },
    ]);
    expect(await readVpcDns(aws, scope, VPC)).toEqual({ vpcId: VPC, dnsSupport: true, dnsHostnames: false });
    const subnets = await readSubnets(aws, scope, dbSubnetIds(VPC));
    expect(subnets.map((subnet) => subnet.cidr)).toEqual(['10.10.2.0/24', '10.10.3.0/24']);
  });

  it("reads the host's public address, groups and instance profile both ways", async () => {
    patchRegion(sandbox, (cell) => {
      cell.ec2Instances![0]!.publicIp = '203.0.113.7';
    });
    const { host } = facts();
    const detail = await readInstanceDetail(aws, scope, HOST.ec2.id);
    expect(detail).toMatchObject({ publicIp: '203.0.113.7', privateIp: host.privateIp, groupIds: host.securityGroups, state: 'running' });
    expect(detail?.instanceProfileArn).toBe(`arn:aws:iam::${ACCOUNT}:instance-profile/${JUMP_ROLE}`);
    expect(await readProfileAssociation(aws, scope, HOST.ec2.id)).toMatchObject({
      instanceProfileArn: detail?.instanceProfileArn,
      state: 'associated',
    });
  });
});

describe('RDS readers', () => {
  it('reads an instance and a cluster with its members, and their TLS parameters', async () => {
    const orders = await readDbInstance(aws, scope, 'orders');
    expect(orders).toMatchObject({
      kind: 'instance',
      engine: 'postgres',
      status: 'available',
      port: 5432,
      vpcId: VPC,
      caCertificates: ['rds-ca-rsa2048-g1'],
    });
    expect(orders?.parameterGroups).toEqual([{ name: 'default.postgres16', applyStatus: 'in-sync' }]);
    expect(orders?.resourceId).toMatch(/^db-[0-9A-F]{26}$/);
    expect(await readDbParameters(aws, scope, { kind: 'instance', name: 'default.postgres16' }, ['rds.force_ssl'])).toEqual([
      { name: 'rds.force_ssl', value: '1', source: 'system', applyMethod: 'pending-reboot' },
    ]);

    const ledger = await readDbCluster(aws, scope, 'ledger');
    expect(ledger).toMatchObject({ kind: 'cluster', clusterParameterGroup: 'default.aurora-postgresql16', vpcId: VPC });
    expect(ledger?.endpoints).toEqual([LEDGER.cluster.endpoint, LEDGER.cluster.readerEndpoint]);
    expect(ledger?.subnetIds).toEqual(dbSubnetIds(VPC));
    expect(await readDbParameters(aws, scope, { kind: 'cluster', name: 'default.aurora-postgresql16' }, ['rds.force_ssl'])).toEqual([
      { name: 'rds.force_ssl', value: '0', source: 'engine-default', applyMethod: 'pending-reboot' },
    ]);
    expect(await readDbInstance(aws, scope, 'nope')).toBeUndefined();
  });
});

describe('SSM and IAM readers', () => {
  it('reads Session Manager preferences, or the defaults without the document', async () => {
    expect(await readSessionPreferences(aws, scope)).toEqual({ source: 'defaults', idleTimeoutMinutes: 20 });
    patchRegion(sandbox, (cell) => {
      cell.documents = {
        'SSM-SessionManagerRunShell': {
          schemaVersion: '1.0',
          inputs: { idleSessionTimeout: '15', maxSessionDuration: '', kmsKeyId: 'alias/ssm' },
        },
      };
    });
    expect(await readSessionPreferences(aws, scope)).toEqual({ source: 'document', idleTimeoutMinutes: 15, kmsKeyId: 'alias/ssm' });
    sandbox.addFault({ service: 'ssm', op: 'GetDocument', kind: 'accessDenied' });
    await expect(readSessionPreferences(aws, scope)).rejects.toMatchObject({ permission: 'ssm:GetDocument' });
  });

  it('finds the caller, the host role, and simulates per resource', async () => {
    const caller = await readCallerIdentity(aws, scope);
    expect(caller).toMatchObject({ account: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/${USER}` });
    expect(await readPolicySource(aws, scope, caller)).toEqual({ arn: caller.arn, exact: true });
    const profile = await readInstanceProfile(aws, scope, `arn:aws:iam::${ACCOUNT}:instance-profile/${JUMP_ROLE}`);
    expect(profile?.roles).toEqual([{ name: JUMP_ROLE, arn: `arn:aws:iam::${ACCOUNT}:role/${JUMP_ROLE}` }]);
    expect(await readInstanceProfile(aws, scope, `arn:aws:iam::${ACCOUNT}:instance-profile/gone`)).toBeUndefined();

    const instance = `arn:aws:ec2:${REGION}:${ACCOUNT}:instance/${HOST.ec2.id}`;
    const results = await simulatePrincipal(aws, scope, caller.arn, ['ssm:StartSession', 'ec2:TerminateInstances'], [instance]);
    expect(results).toEqual([
      { action: 'ssm:StartSession', resource: instance, decision: 'allowed', missingContext: [] },
      { action: 'ec2:TerminateInstances', resource: instance, decision: 'implicitDeny', missingContext: [] },
    ]);
    sandbox.addFault({ service: 'iam', op: 'SimulatePrincipalPolicy', kind: 'accessDenied' });
    await expect(simulatePrincipal(aws, scope, caller.arn, ['ssm:StartSession'], [instance])).rejects.toMatchObject({
      permission: 'iam:SimulatePrincipalPolicy',
    });
  });
});
