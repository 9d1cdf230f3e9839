// The demo's "Why can't I connect?" showcase: every diagnosis check is the first broken link of exactly one
// database. Most live in acme-dev us-east-1, each with its own VPC and jump host so the break stays theirs;
// inventory-dev (sg-ingress) and gdpr-vault (host-vpc, in acme-prod eu-west-1) were already broken.
import type { CheckId } from '../../shared/diagnosis.js';
import { healthyIam, policy, SSM_CORE_ACTIONS } from '../sandbox/network-builder.js';
import type { DbInstance, IamAccountSpec, RegionData } from '../sandbox/scenario.js';
import { dbInstance, jumpHost } from '../sandbox/scenario-builder.js';

const REGION = 'us-east-1';
const OLD_AGENT = '3.0.1124.0';

/** Sessions in acme-dev us-east-1 are encrypted with this key (the Session Manager preferences say so). */
export const SHOWCASE_KMS_KEY = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

/** Database → the check that is its first broken link. */
export const SHOWCASE: Record<string, CheckId> = {
  'partners-dev': 'iam-start-session',
  'media-dev': 'session-preferences',
  'ledger-dev': 'host-running',
  'catalog-dev': 'host-role',
  'pricing-dev': 'ssm-reachability',
  'loyalty-dev': 'host-online',
  'shipping-dev': 'agent-version',
  'gdpr-vault': 'host-vpc',
  'reports-dev': 'sg-egress',
  'notify-dev': 'nacl',
  'inventory-dev': 'sg-ingress',
  'archive-dev': 'db-status',
  'metrics-dev': 'dns',
  'forms-dev': 'db-tls',
};

const vpc = (name: string) => `vpc-0${name}00000000`.slice(0, 21);
const SHARED_VPC = 'vpc-0dev1a2b3c4d5e6f7';
const tags = (team: string) => ({ env: 'dev', team, showcase: 'diagnosis' });

/** A database in its own VPC with its own jump host (numbered from 31). */
function pair(id: string, n: number, over: { db?: Partial<DbInstance>; host?: Parameters<typeof jumpHost>[1] } = {}) {
  const vpcId = vpc(id.replace(/-dev$/, ''));
  const db = dbInstance(id, REGION, { vpcId, tags: tags(id.replace(/-dev$/, '')), ...over.db });
  const host = jumpHost(n, { name: `bastion-${id.replace(/-dev$/, '')}`, ...over.host, ec2: { vpcId, ...over.host?.ec2 } });
  return { db, host };
}

const PAIRS = [
  pair('partners-dev', 31),
  pair('media-dev', 32, { host: { ec2: { instanceProfile: 'media-jump' } } }),
  pair('ledger-dev', 33, { host: { ec2: { state: 'stopped' }, ssm: { pingStatus: 'ConnectionLost' } } }),
  pair('catalog-dev', 34, {
    db: { engine: 'mysql', engineVersion: '8.0.39', port: 3306 },
    host: { ec2: { instanceProfile: '' }, ssm: { pingStatus: 'ConnectionLost' } },
  }),
  pair('pricing-dev', 35, { host: { ssm: { pingStatus: 'ConnectionLost' } } }),
  pair('loyalty-dev', 36, { host: { ssm: { pingStatus: 'ConnectionLost' } } }),
  pair('shipping-dev', 37, {
    db: { engine: 'mysql', engineVersion: '8.0.39', port: 3306 },
    host: { name: 'jump-shipping', ssm: { agentVersion: OLD_AGENT } },
  }),
  pair('reports-dev', 38, { host: { ec2: { securityGroups: ['sg-0reportsjump'] } } }),
  pair('metrics-dev', 39),
];

/** The showcase's databases and jump hosts, to add to acme-dev us-east-1 before its network is built. */
export function showcaseResources(): { dbs: DbInstance[]; hosts: ReturnType<typeof jumpHost>[] } {
  const shared = [
    dbInstance('notify-dev', REGION, { vpcId: SHARED_VPC, tags: tags('notify') }),
    dbInstance('forms-dev', REGION, { vpcId: SHARED_VPC, caCertificate: 'rds-ca-2019', tags: tags('forms') }),
    dbInstance('archive-dev', REGION, { vpcId: SHARED_VPC, status: 'stopped', tags: tags('archive') }),
  ];
  return { dbs: [...PAIRS.map((p) => p.db), ...shared], hosts: PAIRS.map((p) => p.host) };
}

/** Gives inventory-dev a group of its own before the network is built (so breaking it breaks nothing else). */
export function isolateInventoryDev(dbs: DbInstance[]): void {
  const db = dbs.find((candidate) => candidate.id === 'inventory-dev');
  if (db) db.securityGroups = ['sg-0inventorydb'];
}

/** Breaks, after the healthy network is built, exactly what each showcase database is about. */
export function breakShowcase(cell: RegionData): void {
  const group = (id: string) => cell.securityGroups!.find((candidate) => candidate.id === id)!;
  // sg-ingress: inventory-dev admits only the office VPN range, not the jump hosts.
  group('sg-0inventorydb').ingress = [{ protocol: 'tcp', port: 3306, cidr: '10.99.0.0/16', description: 'office VPN' }];
  // sg-egress: the reports jump host was hardened to HTTPS only.
  group('sg-0reportsjump').egress = [{ protocol: 'tcp', port: 443, cidr: '0.0.0.0/0', description: 'SSM endpoints' }];
  // nacl: notify-dev sits in a subnet whose ACL denies the jump hosts' subnet on 5432.
  const notify = cell.dbInstances!.find((db) => db.id === 'notify-dev')!;
  const hostSubnet = cell.subnets!.find((subnet) => subnet.vpcId === SHARED_VPC && subnet.id.startsWith('subnet-h'))!;
  const base = hostSubnet.cidr.split('.').slice(0, 2).join('.');
  cell.subnets!.push({ id: 'subnet-0notify000001', vpcId: SHARED_VPC, cidr: `${base}.4.0/24`, availabilityZone: `${REGION}c` });
  Object.assign(notify, { subnetId: 'subnet-0notify000001', subnetIds: ['subnet-0notify000001'], privateIp: `${base}.4.10` });
  cell.networkAcls = [
    {
      id: 'acl-0notify0000000001',
      vpcId: SHARED_VPC,
      subnetIds: ['subnet-0notify000001'],
      entries: [
        { ruleNumber: 90, protocol: '6', action: 'deny', egress: false, cidr: hostSubnet.cidr, fromPort: 5432, toPort: 5432 },
        { ruleNumber: 100, protocol: '-1', action: 'allow', egress: false, cidr: '0.0.0.0/0' },
        { ruleNumber: 100, protocol: '-1', action: 'allow', egress: true, cidr: '0.0.0.0/0' },
      ],
    },
  ];
  // ssm-reachability: pricing's subnet has no way out, and only an ssm endpoint.
  const pricing = vpc('pricing');
  cell.routeTables = cell.routeTables!.map((table) =>
    table.vpcId === pricing ? { ...table, routes: table.routes.filter((route) => route.target === 'local') } : table,
  );
  const pricingHost = cell.ec2Instances!.find((host) => host.vpcId === pricing)!;
  cell.vpcEndpoints = [
    {
      id: 'vpce-0pricingssm000001',
      vpcId: pricing,
      service: 'ssm',
      privateDns: true,
      subnetIds: [pricingHost.subnetId!],
      securityGroups: ['sg-0pricingvpce'],
    },
  ];
  cell.securityGroups!.push({
    id: 'sg-0pricingvpce',
    name: 'vpce-https',
    vpcId: pricing,
    ingress: [{ protocol: 'tcp', port: 443, groupId: 'sg-0bastion1' }],
  });
  // dns: DNS resolution is off in metrics' VPC.
  cell.vpcs = cell.vpcs!.map((candidate) => (candidate.id === vpc('metrics') ? { ...candidate, dnsSupport: false } : candidate));
  // session-preferences: sessions are KMS-encrypted here (media's role cannot decrypt: see showcaseIam).
  cell.documents = {
    'SSM-SessionManagerRunShell': {
      schemaVersion: '1.0',
      description: 'Document to hold regional settings for Session Manager',
      sessionType: 'Standard_Stream',
      inputs: {
        idleSessionTimeout: '20',
        maxSessionDuration: '480',
        kmsKeyId: SHOWCASE_KMS_KEY,
        runAsEnabled: false,
        cloudWatchStreamingEnabled: true,
      },
    },
  };
}

/**
 * IAM for acme-dev: alice may do everything Porthole needs except start sessions on partners' jump host
 * (iam-start-session); media's jump host carries a role with the SSM core permissions but no kms:Decrypt.
 */
export function showcaseIam(userName: string): IamAccountSpec {
  const iam = healthyIam(userName, {
    roles: [{ name: 'media-jump', policies: [policy({ Effect: 'Allow', Action: SSM_CORE_ACTIONS, Resource: '*' })] }],
    instanceProfiles: [{ name: 'media-jump', roles: ['media-jump'] }],
  });
  const partnersHost = PAIRS[0]!.host.ec2.id;
  iam.users![0]!.policies.push(
    policy({ Effect: 'Deny', Action: 'ssm:StartSession', Resource: `arn:aws:ec2:*:*:instance/${partnersHost}` }),
  );
  return iam;
}
