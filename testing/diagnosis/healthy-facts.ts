// Test kit (not shipped): hand-made facts in which every check passes; each unit test breaks one thing.
import type { JumpHost, Target } from '../../shared/api.js';
import { hostEligibility } from '../../server/inventory/eligibility.js';
import type { ReadFailure } from '../../server/diagnosis/read-result.js';
import { failed, ok, type Read } from '../../server/diagnosis/read-result.js';
import type { DiagnosisFacts } from '../../server/diagnosis/facts.js';

export const ACCOUNT = '111122223333';
export const REGION = 'us-east-1';
export const HOST_ID = 'i-0123456789abcdef0';
export const DB_HOST = 'orders.c9akciq32.us-east-1.rds.amazonaws.com';
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/porthole-jump`;
export const USER_ARN = `arn:aws:iam::${ACCOUNT}:user/alice`;
export const INSTANCE_ARN = `arn:aws:ec2:${REGION}:${ACCOUNT}:instance/${HOST_ID}`;
export const DOCUMENT_ARN = `arn:aws:ssm:${REGION}::document/AWS-StartPortForwardingSessionToRemoteHost`;
export const SESSION_ARN = `arn:aws:ssm:${REGION}:${ACCOUNT}:session/alice-0123456789abcdef0`;
export const KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const CORE = [
  'ssm:UpdateInstanceInformation',
  'ssmmessages:CreateControlChannel',
  'ssmmessages:CreateDataChannel',
  'ssmmessages:OpenControlChannel',
  'ssmmessages:OpenDataChannel',
];

export function denied(permission: string): ReadFailure {
  return { action: permission, code: 'ACCESS_DENIED', message: `not allowed to call ${permission}`, permission };
}

export function refused<T>(permission: string): Read<T> {
  return failed(denied(permission));
}

export function target(over: Partial<Target> = {}): Target {
  return {
    id: `dev:${REGION}:instance:orders`,
    profile: 'dev',
    region: REGION,
    kind: 'instance',
    identifier: 'orders',
    name: 'orders',
    engine: 'postgres',
    engineVersion: '16.4',
    host: DB_HOST,
    port: 5432,
    status: 'available',
    vpcId: 'vpc-1',
    securityGroups: ['sg-db'],
    iamAuth: false,
    tags: {},
    eligibleHostIds: [HOST_ID],
    recommendedHostId: HOST_ID,
    ...over,
  };
}

export function host(over: Partial<JumpHost> = {}): JumpHost {
  return {
    id: HOST_ID,
    profile: 'dev',
    region: REGION,
    name: 'bastion',
    pingStatus: 'Online',
    agentVersion: '3.3.1142.0',
    state: 'running',
    vpcId: 'vpc-1',
    subnetId: 'subnet-host',
    securityGroups: ['sg-host'],
    privateIp: '10.0.1.25',
    tags: {},
    ...over,
  };
}

/** Facts in which every check is `ok`; `over` replaces whole fields (eligibility is recomputed from target and host). */
export function healthyFacts(over: Partial<DiagnosisFacts> = {}): DiagnosisFacts {
  const t = over.target ?? target();
  const h = over.host ?? host();
  const allowed = (action: string, resource: string) => ({ action, resource, decision: 'allowed' as const, missingContext: [] });
  return {
    target: t,
    host: h,
    eligibility: hostEligibility(h, t),
    inventoryErrors: [],
    accountId: ACCOUNT,
    partition: 'aws',
    db: ok({
      kind: 'instance',
      identifier: 'orders',
      engine: 'postgres',
      engineVersion: '16.4',
      status: 'available',
      endpoints: [DB_HOST],
      port: 5432,
      vpcId: 'vpc-1',
      subnetIds: ['subnet-db'],
      groupIds: ['sg-db'],
      caCertificates: ['rds-ca-rsa2048-g1'],
      parameterGroups: [{ name: 'default.postgres16', applyStatus: 'in-sync' }],
      iamAuth: false,
    }),
    instance: ok({
      id: HOST_ID,
      state: 'running',
      subnetId: 'subnet-host',
      vpcId: 'vpc-1',
      privateIp: '10.0.1.25',
      groupIds: ['sg-host'],
      instanceProfileArn: `arn:aws:iam::${ACCOUNT}:instance-profile/porthole-jump`,
    }),
    dbRules: ok([
      { groupId: 'sg-db', egress: false, protocol: 'tcp', fromPort: 5432, toPort: 5432, referencedGroupId: 'sg-host', ruleId: 'sgr-1' },
      { groupId: 'sg-db', egress: true, protocol: '-1', cidrIpv4: '0.0.0.0/0' },
      { groupId: 'sg-host', egress: true, protocol: '-1', cidrIpv4: '0.0.0.0/0' },
    ]),
    hostRules: ok([{ groupId: 'sg-host', egress: true, protocol: '-1', cidrIpv4: '0.0.0.0/0' }]),
    groupNames: new Map([['sg-db', 'orders-db']]),
    prefixLists: ok([]),
    dbInterfaces: ok([
      {
        id: 'eni-db',
        subnetId: 'subnet-db',
        vpcId: 'vpc-1',
        privateIps: ['10.0.2.15'],
        groupIds: ['sg-db'],
        description: 'RDSNetworkInterface',
        requesterId: 'amazon-rds',
      },
    ]),
    subnets: ok([
      { id: 'subnet-host', vpcId: 'vpc-1', cidr: '10.0.1.0/24' },
      { id: 'subnet-db', vpcId: 'vpc-1', cidr: '10.0.2.0/24' },
    ]),
    nacls: ok([
      {
        id: 'acl-default',
        vpcId: 'vpc-1',
        isDefault: true,
        subnetIds: ['subnet-host', 'subnet-db'],
        entries: [
          { ruleNumber: 100, protocol: '-1', action: 'allow', egress: false, cidr: '0.0.0.0/0' },
          { ruleNumber: 100, protocol: '-1', action: 'allow', egress: true, cidr: '0.0.0.0/0' },
          { ruleNumber: 32767, protocol: '-1', action: 'deny', egress: false, cidr: '0.0.0.0/0' },
          { ruleNumber: 32767, protocol: '-1', action: 'deny', egress: true, cidr: '0.0.0.0/0' },
        ],
      },
    ]),
    routeTable: ok({
      id: 'rtb-1',
      vpcId: 'vpc-1',
      main: false,
      routes: [
        { destinationCidr: '10.0.0.0/16', target: 'local', targetKind: 'local', state: 'active' },
        { destinationCidr: '0.0.0.0/0', target: 'nat-1', targetKind: 'nat', state: 'active' },
      ],
    }),
    endpoints: ok([]),
    endpointRules: ok([]),
    vpcDns: ok({ vpcId: 'vpc-1', dnsSupport: true, dnsHostnames: true }),
    association: ok({
      instanceId: HOST_ID,
      instanceProfileArn: `arn:aws:iam::${ACCOUNT}:instance-profile/porthole-jump`,
      state: 'associated',
    }),
    instanceProfile: ok({ name: 'porthole-jump', roles: [{ name: 'porthole-jump', arn: ROLE_ARN }] }),
    hostRoleSimulation: ok([...CORE.map((action) => allowed(action, '*')), allowed('kms:Decrypt', KEY_ARN)]),
    preferences: ok({ source: 'defaults', idleTimeoutMinutes: 20 }),
    caller: ok({ account: ACCOUNT, arn: USER_ARN, userId: 'AIDAEXAMPLE' }),
    policySource: ok({ arn: USER_ARN, exact: true }),
    userSimulation: ok([
      allowed('ssm:StartSession', INSTANCE_ARN),
      allowed('ssm:StartSession', DOCUMENT_ARN),
      allowed('ssm:TerminateSession', SESSION_ARN),
      allowed('ssm:ResumeSession', SESSION_ARN),
      allowed('kms:GenerateDataKey', KEY_ARN),
    ]),
    dbParameters: ok([{ name: 'rds.force_ssl', value: '1', source: 'system' }]),
    dns: { name: DB_HOST, addresses: ['10.0.2.15'] },
    ...over,
  };
}
