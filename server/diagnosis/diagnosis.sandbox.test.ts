// The runner end to end: the real inventory and readers against the sandbox. A healthy world passes every
// check; one broken thing fails exactly its check; a refused read makes only its checks `unknown`; results
// are cached with the inventory slice.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CHECK_IDS, type Diagnosis } from '../../shared/api.js';
import { startSandbox, type Sandbox } from '../../e2e/sandbox/server.js';
import { dbSubnetIds, hostSubnetId } from '../../e2e/sandbox/network-builder.js';
import type { AwsClients } from '../aws/clients.js';
import { tempAwsFiles, type TempAwsFiles } from '../../testing/aws/aws-files.js';
import { EventBus } from '../events/bus.js';
import { InventoryService } from '../inventory/inventory-service.js';
import { diagnosisScenario, HOST, patchRegion, PROFILE, REGION, VPC } from '../../testing/diagnosis/diagnosis-world.js';
import { DiagnosisService } from './diagnosis-service.js';
import type { Resolve } from './dns-lookup.js';

let sandbox: Sandbox;
let files: TempAwsFiles;
let aws: AwsClients;
let inventory: InventoryService;
let service: DiagnosisService;
const ORDERS_ID = `${PROFILE}:${REGION}:instance:orders`;
const LEDGER_ID = `${PROFILE}:${REGION}:cluster-writer:ledger`;
/** This machine resolves no AWS names; tests say what "DNS" answers. */
let answers: Record<string, string[]> = {};
const resolve: Resolve = async (name) => {
  const found = answers[name];
  if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
  return found;
};

beforeAll(async () => {
  sandbox = await startSandbox(diagnosisScenario());
  files = await tempAwsFiles(sandbox.url, { [PROFILE]: 'AKIDTEST' });
  aws = files.clients();
});
afterAll(async () => {
  await files.cleanup();
  await sandbox.close();
});
beforeEach(async () => {
  sandbox.setScenario(diagnosisScenario());
  answers = {};
  inventory = new InventoryService({ aws, bus: new EventBus() });
  service = new DiagnosisService({ aws, inventory, resolve });
  await inventory.refresh([{ profile: PROFILE, region: REGION }]);
});

function statuses(diagnosis: Diagnosis): Record<string, string> {
  return Object.fromEntries(diagnosis.checks.map((check) => [check.id, check.status]));
}

function byId(diagnosis: Diagnosis, id: string) {
  return diagnosis.checks.find((check) => check.id === id)!;
}

describe('diagnosis against the sandbox', () => {
  it('passes every check in a healthy world, for an instance and an Aurora cluster', async () => {
    for (const id of [ORDERS_ID, LEDGER_ID]) {
      const diagnosis = await service.diagnose(id);
      expect(diagnosis.checks.map((check) => check.id)).toEqual([...CHECK_IDS]);
      expect(statuses(diagnosis), id).toEqual(Object.fromEntries(CHECK_IDS.map((check) => [check, 'ok'])));
      expect(diagnosis).toMatchObject({
        jumpHostId: HOST.ec2.id,
        cached: false,
        sessionPreferences: { source: 'defaults', idleTimeoutMinutes: 20 },
      });
      expect(diagnosis.firstBroken).toBeUndefined();
    }
  });

  it('names the database group and the exact rule when it does not admit the jump host', async () => {
    patchRegion(sandbox, (cell) => {
      cell.securityGroups!.find((group) => group.id === 'sg-0db00001')!.ingress = [{ protocol: 'tcp', port: 5432, cidr: '10.99.0.0/16' }];
    });
    const diagnosis = await service.diagnose(ORDERS_ID, { refresh: true });
    expect(diagnosis.firstBroken).toMatchObject({ check: 'sg-ingress' });
    const ingress = byId(diagnosis, 'sg-ingress');
    expect(ingress.status).toBe('fail');
    expect(ingress.fix?.commands).toEqual([
      `aws ec2 authorize-security-group-ingress --region ${REGION} --group-id sg-0db00001 --protocol tcp --port 5432 --source-group sg-0bastion1`,
    ]);
    expect(ingress.fix?.summary).toContain('sg-0db00001 (databases)');
    expect(Object.values(statuses(diagnosis)).filter((status) => status !== 'ok')).toEqual(['fail']);
  });

  it('finds a network ACL that blocks the database port, with an allow rule to add before it', async () => {
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
            { ruleNumber: 100, protocol: '-1', action: 'allow', egress: true, cidr: '0.0.0.0/0' },
          ],
        },
      ];
    });
    const nacl = byId(await service.diagnose(ORDERS_ID, { refresh: true }), 'nacl');
    expect(nacl.status).toBe('fail');
    expect(nacl.fix?.commands?.[0]).toBe(
      `aws ec2 create-network-acl-entry --region ${REGION} --network-acl-id acl-0db --ingress --rule-number 89 --protocol tcp --port-range From=5432,To=5432 --cidr-block 10.10.1.10/32 --rule-action allow`,
    );
  });

  it('names each missing VPC endpoint when the host has no internet path', async () => {
    patchRegion(sandbox, (cell) => {
      cell.routeTables = [
        { id: 'rtb-private', vpcId: VPC, subnetIds: [hostSubnetId(VPC)], routes: [{ destination: '10.10.0.0/16', target: 'local' }] },
      ];
      cell.vpcEndpoints = [
        { id: 'vpce-ssm', vpcId: VPC, service: 'ssm', privateDns: true, subnetIds: [hostSubnetId(VPC)], securityGroups: ['sg-0vpce'] },
      ];
      cell.securityGroups!.push({ id: 'sg-0vpce', vpcId: VPC, ingress: [{ protocol: 'tcp', port: 443, groupId: 'sg-0bastion1' }] });
      cell.managedInstances![0]!.pingStatus = 'ConnectionLost';
    });
    await inventory.refresh([{ profile: PROFILE, region: REGION }]);
    const diagnosis = await service.diagnose(ORDERS_ID);
    const reach = byId(diagnosis, 'ssm-reachability');
    expect(reach.status).toBe('fail');
    expect(reach.summary).toMatch(/^No ssmmessages endpoint; no ec2messages endpoint, and no internet path/);
    expect(reach.fix?.commands).toHaveLength(2);
    expect(reach.fix?.commands?.[0]).toContain(`--service-name com.amazonaws.${REGION}.ssmmessages`);
    expect(reach.fix?.commands?.[0]).toContain('--security-group-ids sg-0vpce');
    expect(diagnosis.firstBroken?.check).toBe('ssm-reachability');
  });

  it('a refused Describe makes only the checks that need it unknown, naming the permission', async () => {
    sandbox.addFault({ service: 'ec2', op: 'DescribeNetworkAcls', kind: 'accessDenied' });
    const diagnosis = await service.diagnose(ORDERS_ID, { refresh: true });
    expect(byId(diagnosis, 'nacl')).toMatchObject({ status: 'unknown', missingPermission: 'ec2:DescribeNetworkAcls' });
    expect(Object.entries(statuses(diagnosis)).filter(([, status]) => status !== 'ok')).toEqual([['nacl', 'unknown']]);
  });

  it('iam-start-session is unknown, not fail, when the simulation itself is refused', async () => {
    sandbox.addFault({ service: 'iam', op: 'SimulatePrincipalPolicy', kind: 'accessDenied' });
    const diagnosis = await service.diagnose(ORDERS_ID, { refresh: true });
    expect(byId(diagnosis, 'iam-start-session')).toMatchObject({ status: 'unknown', missingPermission: 'iam:SimulatePrincipalPolicy' });
    // The host is Online: its role is evidently fine even unsimulated.
    expect(byId(diagnosis, 'host-role').status).toBe('ok');
  });

  it('fails iam-start-session when a policy denies StartSession on this host', async () => {
    const scenario = structuredClone(sandbox.scenario());
    const user = scenario.iam!['123456789012']!.users![0]!;
    user.policies.push({
      Statement: [{ Effect: 'Deny', Action: 'ssm:StartSession', Resource: `arn:aws:ec2:*:*:instance/${HOST.ec2.id}` }],
    });
    sandbox.setScenario(scenario);
    const check = byId(await service.diagnose(ORDERS_ID, { refresh: true }), 'iam-start-session');
    expect(check.status).toBe('fail');
    expect(check.summary).toContain('explicitly deny');
  });

  it('caches with the inventory slice: served again until the slice is fetched again or refresh asks', async () => {
    const first = await service.diagnose(ORDERS_ID);
    sandbox.clearCalls();
    const again = await service.diagnose(ORDERS_ID);
    expect(again).toMatchObject({ cached: true, checkedAt: first.checkedAt });
    expect(sandbox.calls()).toEqual([]);
    await inventory.refresh([{ profile: PROFILE, region: REGION }]);
    sandbox.clearCalls();
    expect((await service.diagnose(ORDERS_ID)).cached).toBe(false);
    expect(sandbox.calls({ op: 'DescribeSecurityGroupRules' }).length).toBeGreaterThan(0);
    expect((await service.diagnose(ORDERS_ID, { refresh: true })).cached).toBe(false);
  });
});
