// Deterministic scenario helpers for tests, the demo and benchmarks: small factories for one resource,
// and buildScenario() for bulk worlds (e.g. 3 profiles × 4 regions, 2,000 DBs, 500 jump hosts).
import type { Account, DbCluster, DbInstance, Ec2Instance, ManagedInstance, RegionData, Scenario } from './scenario.js';
import type { SsoAccount, SsoScenario } from './sso-scenario.js';

export const DEFAULT_AGENT = '3.3.1142.0';

export function account(accountId: string, userName = 'porthole-user'): Account {
  return { accountId, arn: `arn:aws:iam::${accountId}:user/${userName}` };
}

/** `i-` plus 17 hex digits, from a number. */
export function instanceId(n: number): string {
  return `i-${n.toString(16).padStart(17, '0')}`;
}

export function rdsHost(id: string, region: string, kind: 'db' | 'cluster' | 'cluster-ro' = 'db'): string {
  const prefix = kind === 'db' ? '' : `${kind}-`;
  return `${id}.${prefix}c9akciq32.${region}.rds.amazonaws.com`;
}

export function dbInstance(id: string, region: string, over: Partial<DbInstance> = {}): DbInstance {
  const engine = over.engine ?? 'postgres';
  return {
    id,
    engine,
    engineVersion: engine.includes('mysql') || engine === 'mariadb' ? '8.0.39' : '16.4',
    address: rdsHost(id, region),
    port: engine.includes('mysql') || engine === 'mariadb' ? 3306 : 5432,
    status: 'available',
    vpcId: 'vpc-0a1b2c3d',
    subnetGroup: 'private-db',
    securityGroups: ['sg-0db00001'],
    iamAuth: false,
    masterUsername: 'app_admin',
    dbName: 'app',
    tags: { env: 'dev' },
    ...over,
  };
}

/** An Aurora cluster and its member instances (first member is the writer). */
export function auroraCluster(
  id: string,
  region: string,
  memberCount = 2,
  over: Partial<DbCluster> = {},
  vpcId = 'vpc-0a1b2c3d',
): { cluster: DbCluster; members: DbInstance[] } {
  const engine = over.engine ?? 'aurora-postgresql';
  const memberIds = Array.from({ length: memberCount }, (_, i) => `${id}-instance-${i + 1}`);
  const cluster: DbCluster = {
    id,
    engine,
    engineVersion: engine === 'aurora-mysql' ? '8.0.mysql_aurora.3.05.2' : '16.4',
    endpoint: rdsHost(id, region, 'cluster'),
    readerEndpoint: rdsHost(id, region, 'cluster-ro'),
    port: engine === 'aurora-mysql' ? 3306 : 5432,
    status: 'available',
    subnetGroup: 'private-db',
    securityGroups: ['sg-0db00001'],
    iamAuth: true,
    masterUsername: 'app_admin',
    databaseName: 'app',
    tags: { env: 'dev' },
    members: memberIds.map((m, i) => ({ instanceId: m, writer: i === 0 })),
    ...over,
  };
  const members = memberIds.map((m) =>
    dbInstance(m, region, { engine, clusterId: id, vpcId, port: cluster.port, engineVersion: cluster.engineVersion }),
  );
  return { cluster, members };
}

/** A jump host: the EC2 instance and its SSM managed-instance entry. */
export function jumpHost(
  n: number,
  over: { ec2?: Partial<Ec2Instance>; ssm?: Partial<ManagedInstance>; name?: string } = {},
): { ec2: Ec2Instance; managed: ManagedInstance } {
  const id = over.ec2?.id ?? instanceId(n);
  return {
    ec2: {
      id,
      state: 'running',
      vpcId: 'vpc-0a1b2c3d',
      subnetId: 'subnet-0a0a0a0a',
      privateIp: `10.0.${(n >> 8) & 255}.${n & 255}`,
      securityGroups: ['sg-0bastion1'],
      tags: { Name: over.name ?? `bastion-${n}` },
      ...over.ec2,
    },
    managed: {
      id,
      pingStatus: 'Online',
      agentVersion: DEFAULT_AGENT,
      platformType: 'Linux',
      platformName: 'Amazon Linux',
      resourceType: 'EC2Instance',
      ...over.ssm,
    },
  };
}

export const SSO_START_URL = 'https://porthole-sandbox.awsapps.com/start';
export const SSO_ROLES = ['AdministratorAccess', 'ReadOnlyAccess'];

/** An IAM Identity Center: alice@example.com, three accounts (dev, staging, prod) with their permission sets. */
export function ssoScenario(over: Partial<SsoScenario> = {}): SsoScenario {
  const acct = (accountId: string, accountName: string, roles: string[]): SsoAccount => ({
    accountId,
    accountName,
    emailAddress: `aws+${accountName}@example.com`,
    roles,
  });
  return {
    startUrl: SSO_START_URL,
    region: 'eu-west-1',
    userName: 'alice@example.com',
    accounts: [
      acct('111111111111', 'dev', SSO_ROLES),
      acct('222222222222', 'staging', ['ReadOnlyAccess', 'DatabaseAdmin']),
      acct('333333333333', 'prod', ['ReadOnlyAccess']),
    ],
    ...over,
  };
}

export interface BulkOptions {
  /** Accounts (one access key each: AKIDPROFILE1, AKIDPROFILE2, …). Default 1. */
  profiles?: number;
  regions?: string[];
  /** Plain RDS instances, spread evenly over every profile × region. */
  databases?: number;
  /** Aurora clusters (2 members each), spread the same way. */
  clusters?: number;
  /** Jump hosts (EC2 + SSM), spread the same way. */
  jumpHosts?: number;
  pageSize?: number;
  /** Latency for every AWS call, in ms. */
  latencyMs?: number;
  /** IAM Identity Center whose accounts are the profiles' (roles SSO_ROLES); an object overrides ssoScenario(). */
  sso?: boolean | Partial<SsoScenario>;
}

/** A scenario whose optional collections are present, so callers can push to them. */
export type BuiltScenario = Scenario & Required<Pick<Scenario, 'data' | 'endpoints' | 'faults' | 'sessionBehaviours'>>;

export interface BulkScenario {
  scenario: BuiltScenario;
  profiles: { name: string; accessKeyId: string; accountId: string }[];
}

/** The big world the benchmarks and the large demo share: 3 profiles, 2,000 databases, 500 jump hosts, pages of 100. */
export const BIG_SCENARIO = { profiles: 3, databases: 2000, jumpHosts: 500, pageSize: 100 } as const satisfies BulkOptions;

export function buildScenario(opts: BulkOptions = {}): BulkScenario {
  const regions = opts.regions ?? ['us-east-1'];
  const profileCount = opts.profiles ?? 1;
  const profiles = Array.from({ length: profileCount }, (_, i) => ({
    name: `profile-${i + 1}`,
    accessKeyId: `AKIDPROFILE${i + 1}`,
    accountId: String(111111111111 * (i + 1))
      .padStart(12, '0')
      .slice(-12),
  }));
  const cells: RegionData[] = [];
  const data: Record<string, Record<string, RegionData>> = {};
  for (const p of profiles) {
    data[p.accountId] = {};
    for (const r of regions) {
      const cell: RegionData = { dbInstances: [], dbClusters: [], ec2Instances: [], managedInstances: [] };
      data[p.accountId]![r] = cell;
      cells.push(cell);
    }
  }
  const regionOf = (cellIndex: number): string => regions[cellIndex % regions.length]!;
  for (let i = 0; i < (opts.databases ?? 0); i++) {
    const c = i % cells.length;
    const engine = i % 4 === 3 ? 'mysql' : 'postgres';
    cells[c]!.dbInstances!.push(
      dbInstance(`db-${String(i + 1).padStart(4, '0')}`, regionOf(c), {
        engine,
        tags: { env: i % 2 ? 'prod' : 'dev', team: `team-${i % 7}` },
      }),
    );
  }
  for (let i = 0; i < (opts.clusters ?? 0); i++) {
    const c = i % cells.length;
    const { cluster, members } = auroraCluster(`aurora-${String(i + 1).padStart(3, '0')}`, regionOf(c));
    cells[c]!.dbClusters!.push(cluster);
    cells[c]!.dbInstances!.push(...members);
  }
  for (let i = 0; i < (opts.jumpHosts ?? 0); i++) {
    const c = i % cells.length;
    const { ec2, managed } = jumpHost(i + 1, { name: i % 5 === 0 ? `bastion-${i + 1}` : `app-${i + 1}` });
    cells[c]!.ec2Instances!.push(ec2);
    cells[c]!.managedInstances!.push(managed);
  }
  const scenario: BuiltScenario = {
    accounts: Object.fromEntries(profiles.map((p) => [p.accessKeyId, account(p.accountId, p.name)])),
    data,
    endpoints: {},
    faults: opts.latencyMs ? [{ kind: 'latency', ms: opts.latencyMs }] : [],
    sessionBehaviours: [],
    ...(opts.pageSize !== undefined ? { pageSize: opts.pageSize } : {}),
  };
  if (opts.sso) {
    const accounts = profiles.map((p) => ({
      accountId: p.accountId,
      accountName: p.name,
      emailAddress: `aws+${p.name}@example.com`,
      roles: SSO_ROLES,
    }));
    scenario.sso = ssoScenario({ accounts, ...(opts.sso === true ? {} : opts.sso) });
  }
  return { scenario, profiles };
}
