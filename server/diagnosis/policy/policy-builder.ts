// Least-privilege IAM policies for the chosen tunnels (facts-aws-paths.md A5): one for the person who opens
// them, one for the jump hosts' role. Pure: everything read from AWS comes in as `PolicyFacts`.
import type { AccountPolicies, IamPolicies, PolicyDocument, PolicyStatement, TunnelSpec } from '../../../shared/api.js';
import { PREFERENCES_DOCUMENT } from '../../aws/reads/ssm-preferences.js';
import { documentArn, instanceArn, kmsKeyArn, partitionOf } from '../arns.js';
import {
  CLIENT_VPN_ACTIONS,
  DIAGNOSIS_ACTIONS,
  DISCOVERY_ACTIONS,
  IAM_READ_ACTIONS,
  SSM_CORE_ACTIONS,
  SSM_CORE_POLICY_ARN,
} from './action-catalog.js';

export interface PolicyFacts {
  /** Profile → its account id (undefined when STS could not say: ARNs get "*"). */
  accounts: ReadonlyMap<string, string | undefined>;
  /** "<profile>\0<region>" → the session KMS key id from the preferences (absent: none or unknown). */
  kmsKeys: ReadonlyMap<string, string | undefined>;
  /** Tunnel id → DbiResourceId / DbClusterResourceId of its IAM-auth database. */
  dbResourceIds: ReadonlyMap<string, string | undefined>;
  notes: string[];
}

export function regionKey(profile: string, region: string): string {
  return `${profile}\u0000${region}`;
}

const VERSION = '2012-10-17' as const;

function policy(statements: (PolicyStatement | undefined)[]): PolicyDocument {
  return { Version: VERSION, Statement: statements.filter((statement): statement is PolicyStatement => statement !== undefined) };
}

function unique(values: string[]): string[] {
  return [...new Set(values)].sort();
}

/** One policy pair per account: a permission set or role lives in one account. */
export function buildPolicies(tunnels: readonly TunnelSpec[], facts: PolicyFacts): IamPolicies {
  const byAccount = new Map<string, TunnelSpec[]>();
  for (const tunnel of tunnels) {
    const account = facts.accounts.get(tunnel.profile) ?? '*';
    byAccount.set(account, [...(byAccount.get(account) ?? []), tunnel]);
  }
  const notes = [...facts.notes];
  if ([...byAccount.keys()].includes('*'))
    notes.push('The account of some profiles could not be read (sts:GetCallerIdentity): their ARNs use "*".');
  return {
    tunnels: tunnels.map((tunnel) => tunnel.id),
    accounts: [...byAccount].map(([account, mine]) => accountPolicies(account, mine, facts, notes)),
    notes,
  };
}

function accountPolicies(account: string, tunnels: TunnelSpec[], facts: PolicyFacts, notes: string[]): AccountPolicies {
  const partition = partitionOf(tunnels[0]?.region ?? 'us-east-1');
  const regions = unique(tunnels.map((tunnel) => tunnel.region));
  const keys = unique(
    tunnels.flatMap((tunnel) => {
      const key = facts.kmsKeys.get(regionKey(tunnel.profile, tunnel.region));
      if (!key) return [];
      const arn = kmsKeyArn(key, partition, tunnel.region, account);
      if (!arn) notes.push(`Sessions in ${tunnel.region} use ${key}, an alias: name its key ARN in the KMS statements.`);
      return [arn ?? `arn:${partition}:kms:${tunnel.region}:${account}:key/*`];
    }),
  );
  const iamAuth = tunnels.filter((tunnel) => tunnel.target.iamAuth);
  const secrets = unique(tunnels.flatMap((tunnel) => (tunnel.target.masterSecretArn ? [tunnel.target.masterSecretArn] : [])));
  const user = policy([
    {
      Sid: 'StartTunnelsOnTheseJumpHostsOnly',
      Effect: 'Allow',
      Action: 'ssm:StartSession',
      Resource: unique([
        ...tunnels.map((tunnel) => instanceArn(partition, tunnel.region, account, tunnel.jumpHostId)),
        ...regions.map((region) => documentArn(partition, region)),
      ]),
      Condition: { BoolIfExists: { 'ssm:SessionDocumentAccessCheck': 'true' } },
    },
    {
      // The session-id tag is the caller's ${aws:userid} for IAM users and assumed roles alike; session ARNs
      // named ${aws:username}-* would work for IAM users only (SSM-UG getting-started-restrict-access-examples).
      Sid: 'EndOrResumeOwnSessions',
      Effect: 'Allow',
      Action: ['ssm:TerminateSession', 'ssm:ResumeSession'],
      Resource: `arn:${partition}:ssm:*:${account}:session/*`,
      Condition: { StringLike: { 'ssm:resourceTag/aws:ssmmessages:session-id': ['${aws:userid}'] } },
    },
    { Sid: 'DiscoverAndDiagnose', Effect: 'Allow', Action: [...DISCOVERY_ACTIONS, ...DIAGNOSIS_ACTIONS], Resource: '*' },
    // The other ways in (Client VPN endpoints, their rules and configuration); none of these changes anything.
    { Sid: 'ReadClientVpnEndpoints', Effect: 'Allow', Action: [...CLIENT_VPN_ACTIONS], Resource: '*' },
    {
      Sid: 'ReadSessionPreferences',
      Effect: 'Allow',
      Action: 'ssm:GetDocument',
      Resource: regions.map((region) => `arn:${partition}:ssm:${region}:${account}:document/${PREFERENCES_DOCUMENT}`),
    },
    {
      Sid: 'SimulateOwnAndJumpHostPermissions',
      Effect: 'Allow',
      Action: [...IAM_READ_ACTIONS],
      Resource: [
        `arn:${partition}:iam::${account}:role/*`,
        `arn:${partition}:iam::${account}:user/*`,
        `arn:${partition}:iam::${account}:instance-profile/*`,
      ],
    },
    iamAuth.length > 0
      ? {
          Sid: 'IamDatabaseAuthentication',
          Effect: 'Allow',
          Action: 'rds-db:connect',
          Resource: unique(
            iamAuth.map((tunnel) => {
              const resource = facts.dbResourceIds.get(tunnel.id) ?? '*';
              return `arn:${partition}:rds-db:${tunnel.region}:${account}:dbuser:${resource}/${tunnel.target.masterUsername ?? '*'}`;
            }),
          ),
        }
      : undefined,
    secrets.length > 0
      ? { Sid: 'ReadManagedMasterPasswords', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: secrets }
      : undefined,
    keys.length > 0 ? { Sid: 'EncryptSessions', Effect: 'Allow', Action: 'kms:GenerateDataKey', Resource: keys } : undefined,
  ]);
  const decrypt: PolicyStatement | undefined =
    keys.length > 0 ? { Sid: 'DecryptSessions', Effect: 'Allow', Action: 'kms:Decrypt', Resource: keys } : undefined;
  return {
    accountId: account,
    profiles: unique(tunnels.map((tunnel) => tunnel.profile)),
    user,
    jumpHostRole: {
      managedPolicyArns: [SSM_CORE_POLICY_ARN(partition)],
      ...(decrypt ? { inline: policy([decrypt]) } : {}),
      minimalAlternative: policy([
        { Sid: 'SessionManagerAgent', Effect: 'Allow', Action: [...SSM_CORE_ACTIONS, 's3:GetEncryptionConfiguration'], Resource: '*' },
        decrypt,
      ]),
    },
  };
}
