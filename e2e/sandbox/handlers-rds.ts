// RDS DescribeDBInstances / DescribeDBClusters (awsQuery, Marker paging). Element names follow the SDK's
// schemas in @aws-sdk/client-rds (DBInstance$, DBCluster$, list members named after their item shape).
import { formFilters, formInt, type CallContext } from './call-context.js';
import { regionData, type DbCluster, type DbInstance } from './scenario.js';
import { AwsError, el, list, node, paginate, queryReply, type WireReply } from './wire.js';
import { parameterFamily } from './handlers-rds-params.js';
import { createHash } from 'node:crypto';

/** DbiResourceId / DbClusterResourceId: `db-` or `cluster-` and 26 upper-case letters and digits, stable per id. */
function stableResourceId(prefix: 'db' | 'cluster', id: string): string {
  const digest = createHash('sha256').update(id).digest('hex').toUpperCase().slice(0, 26);
  return `${prefix}-${digest}`;
}

const MAX_RECORDS = 100;

function checkMaxRecords(n: number | undefined): void {
  if (n !== undefined && (n < 20 || n > 100)) {
    throw new AwsError('InvalidParameterValue', 'Invalid value for MaxRecords. Must be between 20 and 100');
  }
}

function tagList(tags: Record<string, string> | undefined): string {
  return list('TagList', 'Tag', Object.entries(tags ?? {}), ([k, v]) => el('Key', k) + el('Value', v));
}

function securityGroups(ids: string[] | undefined): string {
  return list('VpcSecurityGroups', 'VpcSecurityGroupMembership', ids ?? [], (id) => el('VpcSecurityGroupId', id) + el('Status', 'active'));
}

function secret(arn: string | undefined): string {
  return arn ? node('MasterUserSecret', el('SecretArn', arn) + el('SecretStatus', 'active')) : '';
}

function instanceXml(db: DbInstance, ctx: CallContext): string {
  const arn = `arn:aws:rds:${ctx.region}:${ctx.account.accountId}:db:${db.id}`;
  return (
    el('DBInstanceIdentifier', db.id) +
    el('DBInstanceClass', 'db.t4g.medium') +
    el('Engine', db.engine) +
    el('DBInstanceStatus', db.status ?? 'available') +
    el('MasterUsername', db.masterUsername) +
    el('DBName', db.dbName) +
    (db.address ? node('Endpoint', el('Address', db.address) + el('Port', db.port ?? 5432)) : '') +
    securityGroups(db.securityGroups) +
    list(
      'DBParameterGroups',
      'DBParameterGroup',
      [db.parameterGroup ?? `default.${parameterFamily(db.engine, db.engineVersion)}`],
      (name) => el('DBParameterGroupName', name) + el('ParameterApplyStatus', db.parameterApplyStatus ?? 'in-sync'),
    ) +
    node(
      'DBSubnetGroup',
      el('DBSubnetGroupName', db.subnetGroup ?? 'default') +
        el('VpcId', db.vpcId) +
        el('SubnetGroupStatus', 'Complete') +
        list(
          'Subnets',
          'Subnet',
          db.subnetIds ?? (db.subnetId ? [db.subnetId] : []),
          (id) => el('SubnetIdentifier', id) + el('SubnetStatus', 'Active'),
        ),
    ) +
    el('EngineVersion', db.engineVersion) +
    el('DbiResourceId', stableResourceId('db', db.id)) +
    el('CACertificateIdentifier', db.caCertificate ?? 'rds-ca-rsa2048-g1') +
    el('PubliclyAccessible', false) +
    el('DBClusterIdentifier', db.clusterId) +
    el('DBInstanceArn', arn) +
    el('IAMDatabaseAuthenticationEnabled', db.iamAuth ?? false) +
    tagList(db.tags) +
    secret(db.secretArn)
  );
}

function clusterXml(c: DbCluster, ctx: CallContext): string {
  const arn = `arn:aws:rds:${ctx.region}:${ctx.account.accountId}:cluster:${c.id}`;
  return (
    el('DatabaseName', c.databaseName) +
    el('DBClusterIdentifier', c.id) +
    el('DBClusterParameterGroup', c.clusterParameterGroup ?? `default.${parameterFamily(c.engine, c.engineVersion)}`) +
    el('DBSubnetGroup', c.subnetGroup ?? 'default') +
    el('DbClusterResourceId', stableResourceId('cluster', c.id)) +
    el('Status', c.status ?? 'available') +
    el('Endpoint', c.endpoint) +
    el('ReaderEndpoint', c.readerEndpoint) +
    el('MultiAZ', false) +
    el('Engine', c.engine) +
    el('EngineVersion', c.engineVersion) +
    el('Port', c.port ?? (c.engine.includes('mysql') ? 3306 : 5432)) +
    el('MasterUsername', c.masterUsername) +
    list(
      'DBClusterMembers',
      'DBClusterMember',
      c.members ?? [],
      (m) => el('DBInstanceIdentifier', m.instanceId) + el('IsClusterWriter', m.writer),
    ) +
    securityGroups(c.securityGroups) +
    el('DBClusterArn', arn) +
    el('IAMDatabaseAuthenticationEnabled', c.iamAuth ?? false) +
    tagList(c.tags) +
    secret(c.secretArn)
  );
}

function applyFilters<T>(ctx: CallContext, items: T[], fields: Record<string, (t: T) => string | undefined>): T[] {
  let out = items;
  for (const f of formFilters(ctx.form, 'Filters.Filter', 'Values.Value')) {
    const get = fields[f.name];
    if (!get) throw new AwsError('InvalidParameterValue', `Unrecognized filter name: ${f.name}`);
    out = out.filter((t) => f.values.includes(get(t) ?? ''));
  }
  return out;
}

export function describeDBInstances(ctx: CallContext): WireReply {
  const maxRecords = formInt(ctx.form, 'MaxRecords');
  checkMaxRecords(maxRecords);
  let items = regionData(ctx.scenario, ctx.account.accountId, ctx.region).dbInstances ?? [];
  const id = ctx.form.DBInstanceIdentifier;
  if (id !== undefined) {
    items = items.filter((d) => d.id === id);
    if (items.length === 0) throw new AwsError('DBInstanceNotFound', `DBInstance ${id} not found.`, 404);
  }
  items = applyFilters(ctx, items, {
    'db-instance-id': (d) => d.id,
    'db-cluster-id': (d) => d.clusterId,
    engine: (d) => d.engine,
  });
  const { page, next } = paginate('DescribeDBInstances', items, ctx.form.Marker, maxRecords, ctx.scenario.pageSize, MAX_RECORDS);
  const body = el('Marker', next) + list('DBInstances', 'DBInstance', page, (d) => instanceXml(d, ctx));
  return queryReply('rds', 'DescribeDBInstances', body);
}

export function describeDBClusters(ctx: CallContext): WireReply {
  const maxRecords = formInt(ctx.form, 'MaxRecords');
  checkMaxRecords(maxRecords);
  let items = regionData(ctx.scenario, ctx.account.accountId, ctx.region).dbClusters ?? [];
  const id = ctx.form.DBClusterIdentifier;
  if (id !== undefined) {
    items = items.filter((c) => c.id === id);
    if (items.length === 0) throw new AwsError('DBClusterNotFoundFault', `DBCluster ${id} not found.`, 404);
  }
  items = applyFilters(ctx, items, { 'db-cluster-id': (c) => c.id, engine: (c) => c.engine });
  const { page, next } = paginate('DescribeDBClusters', items, ctx.form.Marker, maxRecords, ctx.scenario.pageSize, MAX_RECORDS);
  const body = el('Marker', next) + list('DBClusters', 'DBCluster', page, (c) => clusterXml(c, ctx));
  return queryReply('rds', 'DescribeDBClusters', body);
}
