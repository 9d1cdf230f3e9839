// RDS DescribeDBParameters / DescribeDBClusterParameters (awsQuery, Marker paging): the TLS parameters a
// diagnosis reads (facts-aws-paths.md A4). `default.<family>` groups exist without being listed and show each
// family's documented default; a listed group shows its own values over its family's defaults.
import { formFilters, formInt, type CallContext, type Handler } from './call-context.js';
import { regionData, type ParameterGroupSpec } from './scenario.js';
import { AwsError, el, list, node, paginate, queryReply, type WireReply } from './wire.js';

/** The parameter-group family of an engine version, as RDS names it (postgres16, mysql8.0, aurora-postgresql15). */
export function parameterFamily(engine: string, version: string | undefined): string {
  const parts = (version ?? '').split('.');
  if (engine === 'postgres' || engine === 'aurora-postgresql') return `${engine}${parts[0] || '16'}`;
  if (engine === 'aurora-mysql') return 'aurora-mysql8.0';
  return `${engine}${parts[0] || '8'}.${parts[1] || '0'}`;
}

interface Row {
  name: string;
  value?: string;
  source: 'system' | 'engine-default' | 'user';
}

/**
 * A family's defaults for the parameters Porthole reads: rds.force_ssl is 1 from PostgreSQL 15 on and 0
 * before (0 on Aurora PostgreSQL); require_secure_transport has no value on MySQL and MariaDB before 11.8
 * (OFF), and is ON from MariaDB 11.8 (facts A4).
 */
function familyDefaults(family: string): Row[] {
  const major = (prefix: string) => Number(family.slice(prefix.length).split('.')[0]);
  if (family.startsWith('aurora-postgresql')) return [{ name: 'rds.force_ssl', value: '0', source: 'engine-default' }];
  if (family.startsWith('postgres')) return [{ name: 'rds.force_ssl', value: major('postgres') >= 15 ? '1' : '0', source: 'system' }];
  if (family.startsWith('mariadb')) {
    const [maj = 0, min = 0] = family.slice('mariadb'.length).split('.').map(Number);
    const on = maj > 11 || (maj === 11 && min >= 8);
    return [
      on
        ? { name: 'require_secure_transport', value: '1', source: 'system' }
        : { name: 'require_secure_transport', source: 'engine-default' },
    ];
  }
  if (family.startsWith('mysql') || family.startsWith('aurora-mysql'))
    return [{ name: 'require_secure_transport', source: 'engine-default' }];
  return [];
}

function groupRows(name: string, groups: Record<string, ParameterGroupSpec> | undefined, notFound: string): Row[] {
  const spec = groups?.[name];
  if (!spec && !name.startsWith('default.')) throw new AwsError(notFound, `DBParameterGroup not found: ${name}`, 404);
  const rows = familyDefaults(spec?.family ?? name.slice('default.'.length));
  for (const [param, value] of Object.entries(spec?.parameters ?? {})) {
    const at = rows.findIndex((row) => row.name === param);
    const row: Row = { name: param, value, source: 'user' };
    if (at === -1) rows.push(row);
    else rows[at] = row;
  }
  return rows;
}

function answer(ctx: CallContext, op: string, rows: Row[]): WireReply {
  const maxRecords = formInt(ctx.form, 'MaxRecords');
  if (maxRecords !== undefined && (maxRecords < 20 || maxRecords > 100)) {
    throw new AwsError('InvalidParameterValue', 'Invalid value for MaxRecords. Must be between 20 and 100');
  }
  let out = rows;
  for (const filter of formFilters(ctx.form, 'Filters.Filter', 'Values.Value')) {
    // "The only supported filter is parameter-name" [SDK].
    if (filter.name !== 'parameter-name') throw new AwsError('InvalidParameterValue', `Unrecognized filter name: ${filter.name}`);
    out = out.filter((row) => filter.values.includes(row.name));
  }
  const source = ctx.form.Source;
  if (source !== undefined) out = out.filter((row) => row.source === source);
  const { page, next } = paginate(op, out, ctx.form.Marker, maxRecords, ctx.scenario.pageSize, 100);
  const body =
    list(
      'Parameters',
      'Parameter',
      page,
      (row) =>
        el('ParameterName', row.name) +
        el('ParameterValue', row.value) +
        el(
          'Description',
          row.name === 'rds.force_ssl' ? 'Force SSL connections.' : 'Whether client connections must use secure transport.',
        ) +
        el('Source', row.source) +
        el('ApplyType', 'dynamic') +
        el('DataType', 'boolean') +
        el('AllowedValues', '0,1') +
        el('IsModifiable', true) +
        el('ApplyMethod', 'pending-reboot') +
        (op === 'DescribeDBClusterParameters' ? node('SupportedEngineModes', el('member', 'provisioned')) : ''),
    ) + el('Marker', next);
  return queryReply('rds', op, body);
}

function describeDBParameters(ctx: CallContext): WireReply {
  const name = ctx.form.DBParameterGroupName ?? '';
  const groups = regionData(ctx.scenario, ctx.account.accountId, ctx.region).dbParameterGroups;
  return answer(ctx, 'DescribeDBParameters', groupRows(name, groups, 'DBParameterGroupNotFound'));
}

function describeDBClusterParameters(ctx: CallContext): WireReply {
  const name = ctx.form.DBClusterParameterGroupName ?? '';
  const groups = regionData(ctx.scenario, ctx.account.accountId, ctx.region).dbClusterParameterGroups;
  return answer(ctx, 'DescribeDBClusterParameters', groupRows(name, groups, 'DBParameterGroupNotFound'));
}

export const RDS_PARAMETER_HANDLERS: Record<string, Handler> = {
  DescribeDBParameters: describeDBParameters,
  DescribeDBClusterParameters: describeDBClusterParameters,
};
