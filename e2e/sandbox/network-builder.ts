// A working network and IAM for a region's hosts and databases, so that every diagnosis check passes; tests and
// the demo then break one thing at a time. Deterministic: the same cell always gets the same ids.
import type { IamAccountSpec, PolicyDocumentSpec, RegionData, RouteTableSpec, SecurityGroupSpec, SubnetSpec, VpcSpec } from './scenario.js';

export const JUMP_ROLE = 'porthole-jump';

/** What AmazonSSMManagedInstanceCore gives a session host, as its minimal equivalent (facts A5). */
export const SSM_CORE_ACTIONS = [
  'ssm:UpdateInstanceInformation',
  'ssmmessages:CreateControlChannel',
  'ssmmessages:CreateDataChannel',
  'ssmmessages:OpenControlChannel',
  'ssmmessages:OpenDataChannel',
  's3:GetEncryptionConfiguration',
];

/** The VPC's /16 from its position in the cell: 10.<n>.0.0/16. */
function vpcIndex(vpcIds: string[], vpcId: string): number {
  return vpcIds.indexOf(vpcId) + 10;
}

function suffix(vpcId: string): string {
  return vpcId.replace(/^vpc-/, '');
}

export function hostSubnetId(vpcId: string): string {
  return `subnet-h${suffix(vpcId)}`;
}

export function dbSubnetIds(vpcId: string): [string, string] {
  return [`subnet-d${suffix(vpcId)}`, `subnet-e${suffix(vpcId)}`];
}

export function natGatewayId(vpcId: string): string {
  return `nat-${suffix(vpcId)}`;
}

/**
 * A copy of `cell` in which every host and database sits in its VPC (hosts in 10.N.1.0/24, databases in
 * 10.N.2.0/24 with a second subnet in their group), each database security group admits the hosts' groups
 * of its VPC on the database port, hosts keep the default allow-all egress, each VPC's main route table
 * sends 0.0.0.0/0 to a NAT gateway, DNS is on, and every host carries the `porthole-jump` instance profile.
 */
export function withHealthyNetwork(cell: RegionData): RegionData {
  const hosts = (cell.ec2Instances ?? []).map((host) => ({ ...host }));
  const dbs = (cell.dbInstances ?? []).map((db) => ({ ...db }));
  const vpcIds = [...new Set([...hosts.map((h) => h.vpcId), ...dbs.map((d) => d.vpcId)].filter((id): id is string => !!id))];
  const subnets: SubnetSpec[] = [];
  const vpcs: VpcSpec[] = [];
  const routeTables: RouteTableSpec[] = [];
  for (const vpcId of vpcIds) {
    const n = vpcIndex(vpcIds, vpcId);
    const [db1, db2] = dbSubnetIds(vpcId);
    subnets.push(
      { id: hostSubnetId(vpcId), vpcId, cidr: `10.${n}.1.0/24`, availabilityZone: 'a' },
      { id: db1, vpcId, cidr: `10.${n}.2.0/24`, availabilityZone: 'a' },
      { id: db2, vpcId, cidr: `10.${n}.3.0/24`, availabilityZone: 'b' },
    );
    vpcs.push({ id: vpcId, cidr: `10.${n}.0.0/16`, dnsSupport: true, dnsHostnames: true });
    routeTables.push({
      id: `rtb-${suffix(vpcId)}`,
      vpcId,
      main: true,
      routes: [
        { destination: `10.${n}.0.0/16`, target: 'local' },
        { destination: '0.0.0.0/0', target: natGatewayId(vpcId) },
      ],
    });
  }
  const counters = new Map<string, number>();
  const next = (key: string): number => {
    const value = (counters.get(key) ?? 9) + 1;
    counters.set(key, value);
    return value;
  };
  for (const host of hosts) {
    if (!host.vpcId) continue;
    host.subnetId = hostSubnetId(host.vpcId);
    host.privateIp = `10.${vpcIndex(vpcIds, host.vpcId)}.1.${next(`h${host.vpcId}`)}`;
    host.instanceProfile ??= JUMP_ROLE;
  }
  for (const db of dbs) {
    if (!db.vpcId) continue;
    const [db1, db2] = dbSubnetIds(db.vpcId);
    db.subnetId = db1;
    db.subnetIds = [db1, db2];
    db.privateIp = `10.${vpcIndex(vpcIds, db.vpcId)}.2.${next(`d${db.vpcId}`)}`;
  }
  const groups = new Map<string, SecurityGroupSpec>();
  const group = (id: string, vpcId: string | undefined, name: string): SecurityGroupSpec => {
    let found = groups.get(id);
    if (!found) {
      found = { id, name, ...(vpcId ? { vpcId } : {}), ingress: [] };
      groups.set(id, found);
    }
    return found;
  };
  for (const host of hosts) for (const id of host.securityGroups ?? []) group(id, host.vpcId, 'jump-hosts');
  for (const db of dbs) {
    const hostGroups = [...new Set(hosts.filter((h) => h.vpcId === db.vpcId).flatMap((h) => h.securityGroups ?? []))];
    for (const id of db.securityGroups ?? []) {
      const dbGroup = group(id, db.vpcId, 'databases');
      for (const source of hostGroups) {
        const port = db.port ?? 5432;
        if (!dbGroup.ingress!.some((rule) => rule.groupId === source && rule.port === port)) {
          dbGroup.ingress!.push({ protocol: 'tcp', port, groupId: source, description: 'from the jump hosts' });
        }
      }
    }
  }
  return { ...cell, ec2Instances: hosts, dbInstances: dbs, subnets, vpcs, routeTables, securityGroups: [...groups.values()] };
}

/** A policy document from statements. */
export function policy(...statements: PolicyDocumentSpec['Statement']): PolicyDocumentSpec {
  return { Version: '2012-10-17', Statement: statements };
}

/**
 * IAM for one account: the user may open tunnels and read what Porthole reads (and use any KMS key for
 * sessions), and the `porthole-jump` role (in the instance profile of the same name) has the SSM core
 * permissions and kms:Decrypt.
 */
export function healthyIam(userName: string, extra: Partial<IamAccountSpec> = {}): IamAccountSpec {
  return {
    users: [
      {
        name: userName,
        policies: [
          policy(
            {
              Effect: 'Allow',
              Action: 'ssm:StartSession',
              Resource: ['arn:aws:ec2:*:*:instance/*', 'arn:aws:ssm:*::document/AWS-StartPortForwardingSessionToRemoteHost'],
            },
            { Effect: 'Allow', Action: ['ssm:TerminateSession', 'ssm:ResumeSession'], Resource: 'arn:aws:ssm:*:*:session/*' },
            {
              Effect: 'Allow',
              Action: ['ec2:Describe*', 'ec2:GetManagedPrefixListEntries', 'rds:Describe*', 'ssm:Describe*', 'ssm:GetDocument'],
              Resource: '*',
            },
            { Effect: 'Allow', Action: ['iam:GetRole', 'iam:GetInstanceProfile', 'iam:SimulatePrincipalPolicy'], Resource: '*' },
            { Effect: 'Allow', Action: ['kms:GenerateDataKey', 'rds-db:connect', 'secretsmanager:GetSecretValue'], Resource: '*' },
          ),
        ],
      },
      ...(extra.users ?? []),
    ],
    roles: [
      {
        name: JUMP_ROLE,
        policies: [
          policy({ Effect: 'Allow', Action: SSM_CORE_ACTIONS, Resource: '*' }, { Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }),
        ],
      },
      ...(extra.roles ?? []),
    ],
    instanceProfiles: [{ name: JUMP_ROLE, roles: [JUMP_ROLE] }, ...(extra.instanceProfiles ?? [])],
  };
}
