import type { Instance, Tag as Ec2Tag } from '@aws-sdk/client-ec2';
import type { DBCluster, DBInstance, Tag as RdsTag } from '@aws-sdk/client-rds';
import type { InstanceInformation } from '@aws-sdk/client-ssm';
import type { JumpHost, Target, TargetKind } from '../../../shared/api.js';
import { engineInfo } from '../../../shared/engines.js';

// SDK shapes end here: everything past this file speaks shared/api.ts.

export interface SliceKey {
  profile: string;
  region: string;
}

export function targetId(key: SliceKey, kind: TargetKind, identifier: string): string {
  return `${key.profile}:${key.region}:${kind}:${identifier}`;
}

/** The engine's usual port, for targets that have no endpoint yet (0: none known). */
function defaultPort(engine: string): number {
  return engineInfo(engine).defaultPort ?? 0;
}

export function instanceTarget(key: SliceKey, db: DBInstance): Target | undefined {
  const identifier = db.DBInstanceIdentifier;
  if (!identifier) return undefined;
  const engine = db.Engine ?? 'unknown';
  return withoutUndefined<Target>({
    id: targetId(key, 'instance', identifier),
    profile: key.profile,
    region: key.region,
    kind: 'instance',
    identifier,
    name: identifier,
    engine,
    engineVersion: db.EngineVersion,
    host: db.Endpoint?.Address ?? '',
    port: db.Endpoint?.Port ?? db.DbInstancePort ?? defaultPort(engine),
    status: db.DBInstanceStatus ?? 'unknown',
    vpcId: db.DBSubnetGroup?.VpcId,
    securityGroups: securityGroupIds(db.VpcSecurityGroups),
    subnetGroup: db.DBSubnetGroup?.DBSubnetGroupName,
    iamAuth: db.IAMDatabaseAuthenticationEnabled ?? false,
    masterUsername: db.MasterUsername,
    dbName: db.DBName,
    masterSecretArn: db.MasterUserSecret?.SecretArn,
    tags: tagRecord(db.TagList),
    eligibleHostIds: [],
  });
}

function securityGroupIds(groups: { VpcSecurityGroupId?: string }[] | undefined): string[] {
  return (groups ?? []).flatMap((group) => (group.VpcSecurityGroupId ? [group.VpcSecurityGroupId] : []));
}

/**
 * An Aurora (or Multi-AZ) cluster becomes its writer endpoint and, when it has one, its reader
 * endpoint. A cluster has no VpcId of its own; `vpcId` comes from one of its member instances.
 */
export function clusterTargets(key: SliceKey, cluster: DBCluster, vpcId: string | undefined): Target[] {
  const identifier = cluster.DBClusterIdentifier;
  if (!identifier) return [];
  const engine = cluster.Engine ?? 'unknown';
  const common = {
    profile: key.profile,
    region: key.region,
    identifier,
    engine,
    engineVersion: cluster.EngineVersion,
    port: cluster.Port ?? defaultPort(engine),
    status: cluster.Status ?? 'unknown',
    vpcId,
    securityGroups: securityGroupIds(cluster.VpcSecurityGroups),
    subnetGroup: cluster.DBSubnetGroup,
    iamAuth: cluster.IAMDatabaseAuthenticationEnabled ?? false,
    masterUsername: cluster.MasterUsername,
    dbName: cluster.DatabaseName,
    masterSecretArn: cluster.MasterUserSecret?.SecretArn,
    tags: tagRecord(cluster.TagList),
    eligibleHostIds: [],
  };
  const targets: Target[] = [
    withoutUndefined<Target>({
      ...common,
      id: targetId(key, 'cluster-writer', identifier),
      kind: 'cluster-writer',
      name: identifier,
      host: cluster.Endpoint ?? '',
    }),
  ];
  if (cluster.ReaderEndpoint) {
    targets.push(
      withoutUndefined<Target>({
        ...common,
        id: targetId(key, 'cluster-reader', identifier),
        kind: 'cluster-reader',
        name: `${identifier} (reader)`,
        host: cluster.ReaderEndpoint,
      }),
    );
  }
  return targets;
}

/** An SSM managed instance, joined with its EC2 description when EC2 knows it. */
export function jumpHost(key: SliceKey, info: InstanceInformation, ec2: Instance | undefined): JumpHost | undefined {
  const id = info.InstanceId;
  if (!id) return undefined;
  const tags = tagRecord(ec2?.Tags);
  return withoutUndefined<JumpHost>({
    id,
    profile: key.profile,
    region: key.region,
    name: tags.Name ?? info.Name ?? info.ComputerName,
    pingStatus: info.PingStatus ?? 'Unknown',
    agentVersion: info.AgentVersion,
    platform: info.PlatformName ?? info.PlatformType,
    state: ec2?.State?.Name,
    vpcId: ec2?.VpcId,
    subnetId: ec2?.SubnetId,
    securityGroups: (ec2?.SecurityGroups ?? []).flatMap((group) => (group.GroupId ? [group.GroupId] : [])),
    privateIp: ec2?.PrivateIpAddress ?? info.IPAddress,
    tags,
  });
}

function tagRecord(tags: (RdsTag | Ec2Tag)[] | undefined): Record<string, string> {
  const record: Record<string, string> = {};
  for (const tag of tags ?? []) if (tag.Key) record[tag.Key] = tag.Value ?? '';
  return record;
}

/** Copies only the defined fields, so API payloads carry only what is known (no `delete`: it slows objects down). */
function withoutUndefined<T extends object>(value: T): T {
  const copy: Record<string, unknown> = {};
  for (const key in value) if (value[key] !== undefined) copy[key] = value[key];
  return copy as T;
}
