// "Why can't I connect?": the checks between laptop, jump host and database (GET /api/targets/:id/diagnosis)
// and the least-privilege IAM policies (GET /api/iam-policy). Fields may be added, never renamed or dropped.

export type CheckStatus = 'ok' | 'warn' | 'fail' | 'unknown';

/**
 * Every check, in the order a broken link is reported: along the path from the laptop (may I start the
 * session?) through the jump host (a cause before its effect: a stopped instance or a missing role explains
 * an agent that is not Online) and the network to the database.
 */
export const CHECK_IDS = [
  'iam-start-session',
  'session-preferences',
  'host-running',
  'host-role',
  'ssm-reachability',
  'host-online',
  'agent-version',
  'host-vpc',
  'sg-egress',
  'nacl',
  'sg-ingress',
  'db-status',
  'dns',
  'db-tls',
] as const;

export type CheckId = (typeof CHECK_IDS)[number];

export interface DiagnosisFix {
  /** What to change, in one sentence. */
  summary: string;
  /** AWS CLI commands with the exact ids and ports, ready to paste (Porthole never runs them). */
  commands?: string[];
  /** Where the same change is made in the AWS console. */
  console?: string;
}

export interface DiagnosisCheck {
  id: CheckId;
  title: string;
  status: CheckStatus;
  /** One line: what was found. */
  summary: string;
  /** What was read to decide, one fact per line (rules, routes, parameter values…). */
  read: string[];
  /** Why this link matters for a tunnel. */
  why: string;
  /** For `fail` (and a `warn` worth acting on): how to fix it. */
  fix?: DiagnosisFix;
  /** For `unknown` because AWS refused a read: the permission that call needs, e.g. "ec2:DescribeNetworkAcls". */
  missingPermission?: string;
}

/** Session Manager preferences (the `SSM-SessionManagerRunShell` document, or AWS's defaults without one). */
export interface SessionPreferences {
  source: 'document' | 'defaults';
  /** Minutes without data before the service ends a session (1–60, default 20). */
  idleTimeoutMinutes: number;
  /** Minutes after which the service ends any session; absent when unset. */
  maxDurationMinutes?: number;
  /** The KMS key sessions are encrypted with; absent when encryption is off. */
  kmsKeyId?: string;
}

export interface DiagnosisLink {
  check: CheckId;
  title: string;
  summary: string;
}

export interface Diagnosis {
  targetId: string;
  jumpHostId: string;
  profile: string;
  region: string;
  checkedAt: string;
  /** The inventory fetch this result belongs to: it is kept until that slice is fetched again. */
  inventoryFetchedAt?: string;
  /** True when this answer came from the cache (ask with `refresh=1` for a new one). */
  cached: boolean;
  checks: DiagnosisCheck[];
  /** The first `fail` in CHECK_IDS order, if any. */
  firstBroken?: DiagnosisLink;
  sessionPreferences?: SessionPreferences;
}

/** Put on a tunnel after it failed in a way a diagnosis can explain. */
export interface TunnelDiagnosis {
  checkedAt: string;
  /** The failure that started it, e.g. "TARGET_NOT_CONNECTED" or "DESTINATION_UNREACHABLE". */
  trigger: string;
  targetId: string;
  jumpHostId: string;
  /** Absent when every check passed or could not be read. */
  firstBroken?: DiagnosisLink;
}

// ---------- least-privilege IAM policies ----------

export type PolicyCondition = Record<string, Record<string, string | string[]>>;

export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource: string | string[];
  Condition?: PolicyCondition;
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

export interface AccountPolicies {
  /** The account the tunnels' profiles sign in to ("*" in ARNs when it could not be read). */
  accountId: string;
  profiles: string[];
  /** For the person (or their permission set) who opens these tunnels. */
  user: PolicyDocument;
  jumpHostRole: {
    /** Attach these managed policies to the jump hosts' role… */
    managedPolicyArns: string[];
    /** …plus this inline policy (session-encryption key), when there is anything to add. */
    inline?: PolicyDocument;
    /** The smallest custom equivalent of the managed policy, for accounts that avoid AWS-managed ones. */
    minimalAlternative: PolicyDocument;
  };
}

export interface IamPolicies {
  tunnels: string[];
  accounts: AccountPolicies[];
  /** What could not be read and was widened with a wildcard, and other caveats. */
  notes: string[];
}
