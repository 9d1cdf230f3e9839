// The sandbox's world: who calls (access keys → accounts), what each account sees per region, where
// "RDS" hosts really live on loopback, which calls fail, and how stand-in plugin sessions behave.
// Plain JSON so a scenario file can drive the CLI; see README.md beside this file.
import type { IamAccountSpec, NetworkData } from './scenario-network.js';
import { validateSso, type SsoScenario } from './sso-scenario.js';

export type { SsoScenario } from './sso-scenario.js';
export type * from './scenario-network.js';

export type Service = 'sts' | 'rds' | 'ec2' | 'ssm' | 'iam' | 'sso' | 'sso-oidc';

export interface Account {
  accountId: string;
  /** e.g. arn:aws:iam::111111111111:user/alice or arn:aws:sts::…:assumed-role/Admin/alice */
  arn: string;
  /** GetCallerIdentity's UserId (default: the access key id), e.g. AROA…:alice@example.com for a role. */
  userId?: string;
}

export interface DbInstance {
  id: string;
  engine: string;
  engineVersion?: string;
  /** Endpoint address, e.g. orders.abc123.us-east-1.rds.amazonaws.com */
  address?: string;
  port?: number;
  status?: string;
  vpcId?: string;
  subnetGroup?: string;
  securityGroups?: string[];
  iamAuth?: boolean;
  masterUsername?: string;
  dbName?: string;
  secretArn?: string;
  tags?: Record<string, string>;
  /** Set for Aurora cluster members. */
  clusterId?: string;
  /** The instance's network interface (DescribeNetworkInterfaces shows an RDSNetworkInterface when both are set). */
  subnetId?: string;
  privateIp?: string;
  /** The subnet group's subnets (default: [subnetId]). */
  subnetIds?: string[];
  /** DB parameter group (default `default.<family>`) and its apply status (default in-sync). */
  parameterGroup?: string;
  parameterApplyStatus?: string;
  /** CACertificateIdentifier (default rds-ca-rsa2048-g1). */
  caCertificate?: string;
}

export interface DbClusterMember {
  instanceId: string;
  writer: boolean;
}

export interface DbCluster {
  id: string;
  engine: string;
  engineVersion?: string;
  endpoint?: string;
  readerEndpoint?: string;
  port?: number;
  status?: string;
  /** A subnet group NAME (clusters carry no VpcId; members do). */
  subnetGroup?: string;
  securityGroups?: string[];
  iamAuth?: boolean;
  masterUsername?: string;
  databaseName?: string;
  secretArn?: string;
  tags?: Record<string, string>;
  members?: DbClusterMember[];
  /** DB cluster parameter group (default `default.<family>`). */
  clusterParameterGroup?: string;
}

export interface Ec2Instance {
  id: string;
  /** pending | running | stopping | stopped | shutting-down | terminated (default running) */
  state?: string;
  vpcId?: string;
  subnetId?: string;
  privateIp?: string;
  /** Security group ids. */
  securityGroups?: string[];
  tags?: Record<string, string>;
  publicIp?: string;
  /** The associated instance profile's name (absent or "": none; the network builder gives hosts `porthole-jump` unless "" says none). */
  instanceProfile?: string;
}

export interface ManagedInstance {
  id: string;
  /** Online | ConnectionLost | Inactive (default Online) */
  pingStatus?: string;
  agentVersion?: string;
  isLatestVersion?: boolean;
  platformType?: string;
  platformName?: string;
  /** EC2Instance | ManagedInstance (default EC2Instance) */
  resourceType?: string;
}

export interface RegionData extends NetworkData {
  dbInstances?: DbInstance[];
  dbClusters?: DbCluster[];
  ec2Instances?: Ec2Instance[];
  managedInstances?: ManagedInstance[];
}

export type FaultKind =
  | 'latency'
  | 'throttle'
  | 'accessDenied'
  | 'expiredToken'
  | 'unrecognizedClient'
  | 'timeout'
  | 'targetNotConnected'
  | 'documentNotAllowed'
  | 'error';

export interface Fault {
  service?: Service;
  /** Operation name, e.g. DescribeDBInstances. */
  op?: string;
  accountId?: string;
  accessKeyId?: string;
  region?: string;
  kind: FaultKind;
  /** latency: delay in ms before answering (stacks with an error fault). */
  ms?: number;
  /** Fire this many times, then stop matching (default: always). */
  times?: number;
  /** kind 'error': the error code / __type to send, the message and HTTP status. */
  code?: string;
  message?: string;
  status?: number;
}

export type SessionBehaviour =
  | 'normal'
  | 'destinationUnreachable'
  | 'hangBeforePort'
  | 'exitBeforePort'
  | 'dieAfterMs'
  | 'endAfterMs'
  | 'dropStreamAfterMs'
  | 'basicMode';

export interface SessionBehaviourRule {
  /** Match StartSession's Target … */
  target?: string;
  /** … and/or its Parameters.host[0]. A rule with neither matches every session. */
  host?: string;
  behaviour: SessionBehaviour;
  /** dieAfterMs / endAfterMs / dropStreamAfterMs: delay after the plugin attaches. */
  ms?: number;
  /** endAfterMs / exitBeforePort: the text printed as `SessionId: <id> : <reason>`. */
  reason?: string;
  /** Apply to this many sessions, then stop matching (default: always). */
  times?: number;
  /** The plugin ignores SIGINT (to test SIGKILL escalation). */
  ignoreSigint?: boolean;
}

export interface Scenario {
  /** Keyed by access key id; the key '*' matches any access key not listed. */
  accounts: Record<string, Account>;
  /** accountId → region → resources. */
  data?: Record<string, Record<string, RegionData>>;
  /** "rds-host:port" → "127.0.0.1:realPort": where the stand-in plugin really forwards. */
  endpoints?: Record<string, string>;
  faults?: Fault[];
  /** Largest page any Describe call returns (the request's MaxRecords/MaxResults can make it smaller). */
  pageSize?: number;
  sessionBehaviours?: SessionBehaviourRule[];
  /** IAM Identity Center (SSO OIDC + the access portal); see sso-scenario.ts. */
  sso?: SsoScenario;
  /** IAM per account id: roles, users, instance profiles and their policies (SimulatePrincipalPolicy reads them). */
  iam?: Record<string, IamAccountSpec>;
}

export function emptyScenario(): Scenario {
  return { accounts: {}, data: {}, endpoints: {}, faults: [], sessionBehaviours: [] };
}

export function regionData(s: Scenario, accountId: string, region: string): RegionData {
  return s.data?.[accountId]?.[region] ?? {};
}

/** Throws on what would otherwise fail obscurely mid-test. */
export function validateScenario(value: unknown): Scenario {
  if (typeof value !== 'object' || value === null) throw new Error('scenario must be an object');
  const s = value as Scenario;
  if (typeof s.accounts !== 'object' || s.accounts === null) throw new Error('scenario.accounts is required');
  for (const [key, acct] of Object.entries(s.accounts)) {
    if (!acct || typeof acct.accountId !== 'string' || typeof acct.arn !== 'string') {
      throw new Error(`scenario.accounts.${key} needs accountId and arn`);
    }
  }
  for (const f of s.faults ?? []) {
    if (typeof f.kind !== 'string') throw new Error('every fault needs a kind');
  }
  if (s.sso !== undefined) validateSso(s.sso);
  return s;
}
