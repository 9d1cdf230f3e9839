import type { DBInstance, Parameter } from '@aws-sdk/client-rds';
import type { AwsClients } from '../clients.js';
import { rdsSdk } from '../sdk-modules.js';
import { allPages, awsCall, defined, withoutUndefined } from './read-kit.js';
import type { DbDetail, DbParameter, ReadScope } from './types.js';

// The database as RDS describes it now, and the TLS parameters of its groups (facts-aws-paths.md A4).

/** rds:DescribeDBInstances for one instance. */
export async function readDbInstance(aws: AwsClients, scope: ReadScope, identifier: string): Promise<DbDetail | undefined> {
  const rds = aws.rds(scope.profile, scope.region);
  const sdk = rdsSdk();
  const reply = await awsCall(scope, 'rds:DescribeDBInstances', () =>
    rds.send(new sdk.DescribeDBInstancesCommand({ Filters: [{ Name: 'db-instance-id', Values: [identifier] }] })),
  );
  const db = (reply.DBInstances ?? []).find((row) => row.DBInstanceIdentifier === identifier);
  if (!db) return undefined;
  return withoutUndefined({
    kind: 'instance' as const,
    identifier,
    engine: db.Engine ?? 'unknown',
    engineVersion: db.EngineVersion,
    status: db.DBInstanceStatus ?? 'unknown',
    endpoints: defined([db.Endpoint?.Address]),
    port: db.Endpoint?.Port ?? db.DbInstancePort,
    resourceId: db.DbiResourceId,
    vpcId: db.DBSubnetGroup?.VpcId,
    subnetIds: subnetIds([db]),
    groupIds: groupIds(db.VpcSecurityGroups),
    caCertificates: defined([db.CACertificateIdentifier]),
    parameterGroups: parameterGroups(db),
    iamAuth: db.IAMDatabaseAuthenticationEnabled ?? false,
  });
}

/**
 * rds:DescribeDBClusters for one cluster, joined with its members from rds:DescribeDBInstances: a cluster
 * carries neither a VPC, subnets nor CA certificates of its own (its instances do).
 */
export async function readDbCluster(aws: AwsClients, scope: ReadScope, identifier: string): Promise<DbDetail | undefined> {
  const rds = aws.rds(scope.profile, scope.region);
  const sdk = rdsSdk();
  const reply = await awsCall(scope, 'rds:DescribeDBClusters', () =>
    rds.send(new sdk.DescribeDBClustersCommand({ Filters: [{ Name: 'db-cluster-id', Values: [identifier] }] })),
  );
  const cluster = (reply.DBClusters ?? []).find((row) => row.DBClusterIdentifier === identifier);
  if (!cluster) return undefined;
  const members = await awsCall(scope, 'rds:DescribeDBInstances', () =>
    allPages(async (marker) => {
      const page = await rds.send(
        new sdk.DescribeDBInstancesCommand({ Filters: [{ Name: 'db-cluster-id', Values: [identifier] }], Marker: marker }),
      );
      return { items: page.DBInstances ?? [], next: page.Marker };
    }),
  );
  return withoutUndefined({
    kind: 'cluster' as const,
    identifier,
    engine: cluster.Engine ?? 'unknown',
    engineVersion: cluster.EngineVersion,
    status: cluster.Status ?? 'unknown',
    endpoints: defined([cluster.Endpoint, cluster.ReaderEndpoint]),
    port: cluster.Port,
    resourceId: cluster.DbClusterResourceId,
    vpcId: members.find((member) => member.DBSubnetGroup?.VpcId)?.DBSubnetGroup?.VpcId,
    subnetIds: subnetIds(members),
    groupIds: groupIds(cluster.VpcSecurityGroups),
    caCertificates: unique(defined(members.map((member) => member.CACertificateIdentifier))),
    parameterGroups: members.flatMap(parameterGroups),
    clusterParameterGroup: cluster.DBClusterParameterGroup,
    iamAuth: cluster.IAMDatabaseAuthenticationEnabled ?? false,
  });
}

function subnetIds(instances: DBInstance[]): string[] {
  return unique(instances.flatMap((db) => defined((db.DBSubnetGroup?.Subnets ?? []).map((subnet) => subnet.SubnetIdentifier))));
}

function groupIds(groups: { VpcSecurityGroupId?: string }[] | undefined): string[] {
  return defined((groups ?? []).map((group) => group.VpcSecurityGroupId));
}

function parameterGroups(db: DBInstance): DbDetail['parameterGroups'] {
  return (db.DBParameterGroups ?? []).flatMap((group) =>
    group.DBParameterGroupName ? [withoutUndefined({ name: group.DBParameterGroupName, applyStatus: group.ParameterApplyStatus })] : [],
  );
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

/**
 * rds:DescribeDBParameters (or DescribeDBClusterParameters) for the named parameters. Filtered by
 * parameter-name only, never by Source: the wrong Source hides the row (facts A4).
 */
export async function readDbParameters(
  aws: AwsClients,
  scope: ReadScope,
  group: { kind: 'instance' | 'cluster'; name: string },
  names: readonly string[],
): Promise<DbParameter[]> {
  const rds = aws.rds(scope.profile, scope.region);
  const sdk = rdsSdk();
  const filters = [{ Name: 'parameter-name', Values: [...names] }];
  const rows =
    group.kind === 'cluster'
      ? await awsCall(scope, 'rds:DescribeDBClusterParameters', () =>
          allPages(async (marker) => {
            const page = await rds.send(
              new sdk.DescribeDBClusterParametersCommand({ DBClusterParameterGroupName: group.name, Filters: filters, Marker: marker }),
            );
            return { items: page.Parameters ?? [], next: page.Marker };
          }),
        )
      : await awsCall(scope, 'rds:DescribeDBParameters', () =>
          allPages(async (marker) => {
            const page = await rds.send(
              new sdk.DescribeDBParametersCommand({ DBParameterGroupName: group.name, Filters: filters, Marker: marker }),
            );
            return { items: page.Parameters ?? [], next: page.Marker };
          }),
        );
  return rows.flatMap(parameter);
}

function parameter(row: Parameter): DbParameter[] {
  if (!row.ParameterName) return [];
  return [withoutUndefined({ name: row.ParameterName, value: row.ParameterValue, source: row.Source, applyMethod: row.ApplyMethod })];
}
