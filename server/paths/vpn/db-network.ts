// The database's side of its Client VPN paths, read once for all of a region's endpoints: its addresses (RDS
// network interfaces, as the diagnosis finds them), its security groups' inbound rules and prefix lists, the
// endpoints' subnets, and the route tables of subnets in another VPC. Each read settles on its own.
import pLimit from 'p-limit';
import type { ClientVpnEndpoint, PathReadError, Target } from '../../../shared/api.js';
import type { AwsClients } from '../../aws/clients.js';
import { readRouteTable, readSubnets } from '../../aws/reads/ec2-network.js';
import { readNetworkInterfaces, readPrefixLists, readSecurityGroupRules, readSecurityGroups } from '../../aws/reads/ec2-security.js';
import { readDbCluster, readDbInstance } from '../../aws/reads/rds-details.js';
import type { DbDetail, RouteTableInfo, SgRule, SubnetInfo } from '../../aws/reads/types.js';
import { dbGroupIds, dbSide, type DbSide } from '../../diagnosis/checks/peers.js';
import { ok, settle, type Read } from '../../diagnosis/read-result.js';
import { toReadError } from './vpn-service.js';
import type { VpnPathFacts } from './vpn-facts.js';

export interface DbNetwork {
  db: DbSide;
  dbVpcId?: string;
  dbRules: Read<SgRule[]>;
  prefixLists: Map<string, string[]>;
  groupNames: Map<string, string>;
  subnets: Read<SubnetInfo[]>;
  routeTables: Map<string, Read<RouteTableInfo | undefined>>;
  errors: PathReadError[];
}

/** Reads what the Client VPN checks need of the database and the endpoints' subnets (`resolved`: what its name resolves to here). */
export async function readDbNetwork(
  aws: AwsClients,
  target: Target,
  endpoints: readonly ClientVpnEndpoint[],
  resolved: string[],
  concurrency = 4,
): Promise<DbNetwork> {
  const scope = { profile: target.profile, region: target.region };
  const limit = pLimit(concurrency);
  const read = <T>(action: string, run: () => Promise<T>): Promise<Read<T>> => limit(() => settle(action, run));
  const dbRead = await read(target.kind === 'instance' ? 'rds:DescribeDBInstances' : 'rds:DescribeDBClusters', () =>
    target.kind === 'instance' ? readDbInstance(aws, scope, target.identifier) : readDbCluster(aws, scope, target.identifier),
  );
  const detail: DbDetail | undefined = dbRead.ok ? dbRead.value : undefined;
  const groups = dbGroupIds({ target, db: dbRead });
  const endpointSubnets = endpoints.flatMap((endpoint) => endpoint.targetNetworks.map((network) => network.subnetId));
  const dbVpcId = detail?.vpcId ?? target.vpcId;
  const [interfaces, rules, subnets, names] = await Promise.all([
    read('ec2:DescribeNetworkInterfaces', () => readNetworkInterfaces(aws, scope, groups)),
    read('ec2:DescribeSecurityGroupRules', () => readSecurityGroupRules(aws, scope, groups)),
    read('ec2:DescribeSubnets', () => readSubnets(aws, scope, [...new Set([...(detail?.subnetIds ?? []), ...endpointSubnets])])),
    read('ec2:DescribeSecurityGroups', () => readSecurityGroups(aws, scope, groups)),
  ]);
  // The nested call carries the same rules: it stands in when the flat one is refused (as in the diagnosis).
  const dbRules: Read<SgRule[]> = rules.ok ? rules : names.ok ? ok(names.value.rules) : rules;
  const prefixIds = dbRules.ok ? [...new Set(dbRules.value.flatMap((rule) => (rule.prefixListId ? [rule.prefixListId] : [])))] : [];
  const lists = await read('ec2:GetManagedPrefixListEntries', () => readPrefixLists(aws, scope, prefixIds));
  const otherVpc = endpoints.flatMap((endpoint) =>
    endpoint.targetNetworks
      .filter((network) => network.status === 'associated' && (network.vpcId ?? endpoint.vpcId) !== dbVpcId)
      .map((network) => ({ subnetId: network.subnetId, vpcId: network.vpcId ?? endpoint.vpcId })),
  );
  const routeTables = new Map<string, Read<RouteTableInfo | undefined>>();
  await Promise.all(
    otherVpc.map(async ({ subnetId, vpcId }) => {
      routeTables.set(subnetId, await read('ec2:DescribeRouteTables', () => readRouteTable(aws, scope, subnetId, vpcId)));
    }),
  );
  const db = dbSide({ target, db: dbRead, dbInterfaces: interfaces, subnets, dns: { name: target.host, addresses: resolved } });
  const errors = [dbRead, interfaces, dbRules, subnets, lists].flatMap((one) => (one.ok ? [] : [toReadError(one.failure)]));
  return {
    db,
    ...(dbVpcId ? { dbVpcId } : {}),
    dbRules,
    prefixLists: new Map((lists.ok ? lists.value : []).map((list) => [list.id, list.cidrs])),
    groupNames: new Map(
      (names.ok ? names.value.groups : []).flatMap((group) => (group.name ? [[group.groupId, group.name] as const] : [])),
    ),
    subnets,
    routeTables,
    errors,
  };
}

/** The facts of one endpoint's checks, from the database's side and the endpoint. */
export function vpnFacts(target: Target, endpoint: ClientVpnEndpoint, network: DbNetwork, userGroups: string[]): VpnPathFacts {
  return {
    target,
    endpoint,
    db: network.db,
    ...(network.dbVpcId ? { dbVpcId: network.dbVpcId } : {}),
    dbRules: network.dbRules,
    prefixLists: network.prefixLists,
    groupNames: network.groupNames,
    subnets: network.subnets,
    routeTables: network.routeTables,
    userGroups,
  };
}
