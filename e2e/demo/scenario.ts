// The demo's made-up company "Acme": two AWS accounts (dev with static keys, prod with static keys) plus an
// SSO profile whose token has expired, two regions, two dozen RDS instances, an Aurora PostgreSQL cluster with a
// writer and a reader, and jump hosts of which several are ineligible for visible reasons. Every region has a
// working network and IAM, except where the diagnosis showcase (diagnosis-showcase.ts) breaks one link per
// database. Deterministic, so journeys can rely on the names below.
import type { DbInstance, Ec2Instance, ManagedInstance, RegionData, Scenario } from '../sandbox/scenario.js';
import { auroraCluster, dbInstance, jumpHost, rdsHost } from '../sandbox/scenario-builder.js';
import { healthyIam, withHealthyNetwork } from '../sandbox/network-builder.js';
import { withClientVpn } from '../sandbox/client-vpn-builder.js';
import { breakShowcase, isolateInventoryDev, showcaseIam, showcaseResources } from './diagnosis-showcase.js';
import type { ProfileSpec } from '../fixtures/aws-env.js';
import type { StackDatabase } from '../fixtures/stack.js';

export const DEMO_REGIONS = ['us-east-1', 'eu-west-1'] as const;
export const DEV = { profile: 'acme-dev', accessKeyId: 'AKIDACMEDEV0000001', accountId: '111122223333' } as const;
export const PROD = { profile: 'acme-prod', accessKeyId: 'AKIDACMEPROD000001', accountId: '444455556666' } as const;
export const SSO_EXPIRED = {
  profile: 'acme-security',
  accountId: '777788889999',
  startUrl: 'https://acme-security.awsapps.com/start',
  ssoRegion: 'us-east-1',
} as const;

const DEV_VPC = 'vpc-0dev1a2b3c4d5e6f7';
const STAGING_VPC = 'vpc-0stg9f8e7d6c5b4a3';
const PROD_VPC = 'vpc-0prd1122334455667';
const PROD_EU_VPC = 'vpc-0prdeu99887766554';
const VAULT_VPC = 'vpc-0vault0000000001';
const OLD_AGENT = '3.0.1124.0'; // older than 3.1.1374.0: no remote-host port forwarding

/** The RDS names with a real server behind them. */
export const ORDERS_DEV_HOST = rdsHost('orders-dev', 'us-east-1');
export const PAYMENTS_WRITER_HOST = rdsHost('payments-dev', 'us-east-1', 'cluster');
export const PAYMENTS_READER_HOST = rdsHost('payments-dev', 'us-east-1', 'cluster-ro');
export const BILLING_DEV_HOST = rdsHost('billing-dev', 'us-east-1');

export interface DemoWorld {
  scenario: Scenario;
  profiles: ProfileSpec[];
  /** A TLS PostgreSQL stands behind these names (orders-dev, and the Aurora writer and reader). */
  postgres: StackDatabase;
  /** A MariaDB stands behind billing-dev when mariadbd is installed. */
  mariadb: StackDatabase;
}

export interface DemoOptions {
  /** Latency on every AWS call, so the progress bars are visible (default 0). */
  latencyMs?: number;
  /** The certificate kit behind the mutual-TLS Client VPN endpoint (its CA and CRL); default: the sandbox's placeholder CA. */
  vpnKit?: { caPem: string; crlPem: string };
}

function host(n: number, name: string, vpcId: string, over: { ec2?: Partial<Ec2Instance>; ssm?: Partial<ManagedInstance> } = {}) {
  return jumpHost(n, { name, ec2: { vpcId, ...over.ec2 }, ...(over.ssm ? { ssm: over.ssm } : {}) });
}

function cell(dbs: DbInstance[], hosts: ReturnType<typeof jumpHost>[], clusters: RegionData['dbClusters'] = []): RegionData {
  return { dbInstances: dbs, dbClusters: clusters, ec2Instances: hosts.map((h) => h.ec2), managedInstances: hosts.map((h) => h.managed) };
}

function devUsEast(vpnKit: DemoOptions['vpnKit']): RegionData {
  const r = 'us-east-1';
  const tags = (team: string) => ({ env: 'dev', team, owner: `${team}@acme.example` });
  const payments = auroraCluster(
    'payments-dev',
    r,
    2,
    { masterUsername: 'postgres', databaseName: 'postgres', tags: tags('payments') },
    DEV_VPC,
  );
  const showcase = showcaseResources();
  const dbs: DbInstance[] = [
    // Real PostgreSQL behind this name: user postgres, database postgres.
    dbInstance('orders-dev', r, {
      vpcId: DEV_VPC,
      masterUsername: 'postgres',
      dbName: 'postgres',
      engineVersion: '16.4',
      tags: tags('orders'),
    }),
    // Real MariaDB behind this name (when installed).
    dbInstance('billing-dev', r, {
      engine: 'mariadb',
      engineVersion: '10.11.9',
      vpcId: DEV_VPC,
      masterUsername: 'root',
      dbName: 'billing',
      tags: tags('billing'),
    }),
    dbInstance('inventory-dev', r, { engine: 'mysql', engineVersion: '8.0.39', vpcId: DEV_VPC, tags: tags('warehouse') }),
    dbInstance('analytics-dev', r, { engineVersion: '15.8', vpcId: DEV_VPC, iamAuth: true, tags: tags('data') }),
    ...payments.members,
    ...showcase.dbs,
  ];
  isolateInventoryDev(dbs);
  const network = withHealthyNetwork(
    cell(
      dbs,
      [
        host(1, 'bastion-dev', DEV_VPC),
        host(2, 'app-worker-dev-1', DEV_VPC, { ssm: { agentVersion: '3.3.987.0' } }),
        host(3, 'legacy-jump-dev', DEV_VPC, { ssm: { agentVersion: OLD_AGENT, isLatestVersion: false } }),
        host(4, 'ci-runner-dev', DEV_VPC, { ssm: { pingStatus: 'ConnectionLost' } }),
        host(5, 'bastion-staging', STAGING_VPC),
        host(6, 'bastion-dev-spare', DEV_VPC, { ec2: { state: 'stopped' }, ssm: { pingStatus: 'ConnectionLost' } }),
        ...showcase.hosts,
      ],
      [payments.cluster],
    ),
  );
  breakShowcase(network);
  // Two Client VPN endpoints into the dev VPC (mutual TLS for everyone; SAML where dba holds the database subnet
  // and dev-team only the whole VPC). inventory-dev's group admits only the office range, not the endpoints.
  withClientVpn(network, { vpcId: DEV_VPC, region: 'us-east-1', accountId: DEV.accountId, admitGroups: ['sg-0db00001'], ...vpnKit });
  return network;
}

function devEuWest(): RegionData {
  const r = 'eu-west-1';
  return withHealthyNetwork(
    cell(
      [
        dbInstance('reporting-dev-eu', r, { vpcId: DEV_VPC, tags: { env: 'dev', team: 'data' } }),
        dbInstance('search-dev-eu', r, { engine: 'mysql', engineVersion: '8.0.36', vpcId: DEV_VPC, tags: { env: 'dev', team: 'search' } }),
      ],
      [host(7, 'bastion-dev-eu', DEV_VPC)],
    ),
  );
}

function prodUsEast(): RegionData {
  const r = 'us-east-1';
  const tags = (team: string) => ({ env: 'prod', team, 'cost-center': 'cc-1042' });
  return withHealthyNetwork(
    cell(
      [
        dbInstance('orders-prod', r, { vpcId: PROD_VPC, engineVersion: '16.4', iamAuth: true, tags: tags('orders') }),
        dbInstance('users-prod', r, {
          vpcId: PROD_VPC,
          engineVersion: '16.4',
          secretArn: `arn:aws:secretsmanager:${r}:${PROD.accountId}:secret:rds!db-users-prod-AbCdEf`,
          tags: tags('identity'),
        }),
        dbInstance('sessions-prod', r, { engine: 'mysql', engineVersion: '8.0.39', vpcId: PROD_VPC, tags: tags('identity') }),
        dbInstance('legacy-crm', r, { engine: 'mariadb', engineVersion: '10.6.19', vpcId: PROD_VPC, tags: tags('sales') }),
        dbInstance('audit-prod', r, { engineVersion: '14.13', status: 'backing-up', vpcId: PROD_VPC, tags: tags('security') }),
      ],
      [host(11, 'bastion-prod-a', PROD_VPC), host(12, 'bastion-prod-b', PROD_VPC, { ssm: { agentVersion: '3.2.582.0' } })],
    ),
  );
}

function prodEuWest(): RegionData {
  const r = 'eu-west-1';
  return withHealthyNetwork(
    cell(
      [
        dbInstance('orders-prod-eu', r, { vpcId: PROD_EU_VPC, engineVersion: '16.4', tags: { env: 'prod', team: 'orders' } }),
        // No jump host in its VPC: the dashboard explains why none is eligible.
        dbInstance('gdpr-vault', r, {
          vpcId: VAULT_VPC,
          engineVersion: '16.4',
          tags: { env: 'prod', team: 'legal', classification: 'restricted' },
        }),
      ],
      [host(21, 'bastion-prod-eu', PROD_EU_VPC)],
    ),
  );
}

export function demoWorld(options: DemoOptions = {}): DemoWorld {
  const scenario: Scenario = {
    accounts: {
      [DEV.accessKeyId]: { accountId: DEV.accountId, arn: `arn:aws:iam::${DEV.accountId}:user/alice` },
      [PROD.accessKeyId]: { accountId: PROD.accountId, arn: `arn:aws:iam::${PROD.accountId}:user/alice-readonly` },
    },
    data: {
      [DEV.accountId]: { 'us-east-1': devUsEast(options.vpnKit), 'eu-west-1': devEuWest() },
      [PROD.accountId]: { 'us-east-1': prodUsEast(), 'eu-west-1': prodEuWest() },
    },
    endpoints: {},
    faults: options.latencyMs ? [{ kind: 'latency', ms: options.latencyMs }] : [],
    sessionBehaviours: [],
    pageSize: 5,
    // IAM is modelled, so the sandbox refuses StartSession as AWS would (partners-dev's jump host).
    iam: { [DEV.accountId]: showcaseIam('alice'), [PROD.accountId]: healthyIam('alice-readonly') },
    // acme-security's sign-in: "Sign in" opens the sandbox's IAM Identity Center page (Allow), which also grants
    // a read-only role in acme-dev (the accounts picker offers it as a source).
    sso: {
      startUrl: SSO_EXPIRED.startUrl,
      region: SSO_EXPIRED.ssoRegion,
      userName: 'alice@acme.example',
      accounts: [
        {
          accountId: SSO_EXPIRED.accountId,
          accountName: 'acme-security',
          emailAddress: 'aws+security@acme.example',
          roles: ['SecurityAudit'],
        },
        { accountId: DEV.accountId, accountName: 'acme-dev', emailAddress: 'aws+dev@acme.example', roles: ['ReadOnlyAccess'] },
      ],
    },
  };
  return {
    scenario,
    profiles: [
      { name: DEV.profile, accessKeyId: DEV.accessKeyId, region: 'us-east-1' },
      { name: PROD.profile, accessKeyId: PROD.accessKeyId, region: 'eu-west-1' },
      {
        name: SSO_EXPIRED.profile,
        kind: 'sso',
        token: 'expired',
        accountId: SSO_EXPIRED.accountId,
        region: 'us-east-1',
        roleName: 'SecurityAudit',
        startUrl: SSO_EXPIRED.startUrl,
        ssoRegion: SSO_EXPIRED.ssoRegion,
      },
    ],
    postgres: { hosts: [ORDERS_DEV_HOST, PAYMENTS_WRITER_HOST, PAYMENTS_READER_HOST], port: 5432, requireTls: true },
    // The RDS record names database "billing": the server has it, so the mysql line works as given.
    mariadb: { hosts: [BILLING_DEV_HOST], port: 3306, databases: ['billing'] },
  };
}
