import type { EvaluationResult } from '@aws-sdk/client-iam';
import type { AwsClients } from '../clients.js';
import { iamSdk, stsSdk } from '../sdk-modules.js';
import { awsCall, defined, withoutUndefined } from './read-kit.js';
import type { CallerIdentity, ContextEntry, EvalDecision, InstanceProfileInfo, ReadScope, SimulationResult } from './types.js';

// Who am I, which role does the jump host carry, and what may each of them do (facts-aws-paths.md A5).

/** sts:GetCallerIdentity (needs no permission). */
export async function readCallerIdentity(aws: AwsClients, scope: ReadScope): Promise<CallerIdentity> {
  const reply = await awsCall(scope, 'sts:GetCallerIdentity', () =>
    aws.sts(scope.profile, scope.region).send(new (stsSdk().GetCallerIdentityCommand)({})),
  );
  return { account: reply.Account ?? '', arn: reply.Arn ?? '', userId: reply.UserId ?? '' };
}

export interface PolicySource {
  /** An IAM user or role ARN, as SimulatePrincipalPolicy wants it. */
  arn: string;
  /** False when iam:GetRole was refused and the role ARN was rebuilt without its path (right only for path "/"). */
  exact: boolean;
}

/**
 * The IAM principal behind the caller. An assumed-role ARN drops the role's path, which IAM Identity Center
 * roles always have, so the role is looked up by name with iam:GetRole. Root and federated users cannot be
 * simulated: undefined.
 */
export async function readPolicySource(aws: AwsClients, scope: ReadScope, caller: CallerIdentity): Promise<PolicySource | undefined> {
  const match = /^arn:([\w-]+):(iam|sts)::(\d{12}):(user|assumed-role)\/(.+)$/.exec(caller.arn);
  if (!match) return undefined;
  const [, partition, , account, kind, rest] = match as unknown as [string, string, string, string, string, string];
  if (kind === 'user') return { arn: caller.arn, exact: true };
  const roleName = rest.slice(0, rest.lastIndexOf('/'));
  const fallback = { arn: `arn:${partition}:iam::${account}:role/${roleName}`, exact: false };
  try {
    const reply = await awsCall(scope, 'iam:GetRole', () =>
      aws.iam(scope.profile, scope.region).send(new (iamSdk().GetRoleCommand)({ RoleName: roleName })),
    );
    return reply.Role?.Arn ? { arn: reply.Role.Arn, exact: true } : fallback;
  } catch {
    return fallback;
  }
}

/** iam:GetInstanceProfile, by the name at the end of the profile's ARN. */
export async function readInstanceProfile(aws: AwsClients, scope: ReadScope, profileArn: string): Promise<InstanceProfileInfo | undefined> {
  const name = profileArn.slice(profileArn.lastIndexOf('/') + 1);
  try {
    const reply = await awsCall(scope, 'iam:GetInstanceProfile', () =>
      aws.iam(scope.profile, scope.region).send(new (iamSdk().GetInstanceProfileCommand)({ InstanceProfileName: name })),
    );
    const profile = reply.InstanceProfile;
    if (!profile) return undefined;
    const roles = (profile.Roles ?? []).flatMap((role) => (role.RoleName && role.Arn ? [{ name: role.RoleName, arn: role.Arn }] : []));
    return withoutUndefined({ name: profile.InstanceProfileName ?? name, arn: profile.Arn, roles });
  } catch (error) {
    // A profile deleted after it was associated: the association points at nothing.
    if ((error as { awsCode?: string }).awsCode === 'NoSuchEntityException' || (error as { awsCode?: string }).awsCode === 'NoSuchEntity')
      return undefined;
    throw error;
  }
}

/** Simulation pages no question Porthole asks should need more than. */
const MAX_PAGES = 10;

/**
 * iam:SimulatePrincipalPolicy: every action on every resource. Per-resource decisions come from
 * ResourceSpecificResults (the top-level EvalResourceName is now an ARN template), falling back to the top
 * level when that list is empty (facts A5).
 */
export async function simulatePrincipal(
  aws: AwsClients,
  scope: ReadScope,
  principalArn: string,
  actions: readonly string[],
  resources: readonly string[],
  context: readonly ContextEntry[] = [],
): Promise<SimulationResult[]> {
  const iam = aws.iam(scope.profile, scope.region);
  const sdk = iamSdk();
  const results: SimulationResult[] = [];
  let marker: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const reply = await awsCall(scope, 'iam:SimulatePrincipalPolicy', () =>
      iam.send(
        new sdk.SimulatePrincipalPolicyCommand({
          PolicySourceArn: principalArn,
          ActionNames: [...actions],
          ResourceArns: [...resources],
          ContextEntries: context.map((entry) => ({
            ContextKeyName: entry.key,
            ContextKeyType: entry.type,
            ContextKeyValues: entry.values,
          })),
          Marker: marker,
        }),
      ),
    );
    for (const result of reply.EvaluationResults ?? []) results.push(...perResource(result));
    if (!reply.IsTruncated || !reply.Marker) break;
    marker = reply.Marker;
  }
  return results;
}

function perResource(result: EvaluationResult): SimulationResult[] {
  const action = result.EvalActionName ?? '';
  const specific = result.ResourceSpecificResults ?? [];
  if (specific.length > 0) {
    return specific.map((row) => ({
      action,
      resource: row.EvalResourceName ?? '',
      decision: decision(row.EvalResourceDecision),
      missingContext: defined(row.MissingContextValues),
    }));
  }
  return [
    {
      action,
      resource: result.EvalResourceName ?? '*',
      decision: decision(result.EvalDecision),
      missingContext: defined(result.MissingContextValues),
    },
  ];
}

function decision(value: string | undefined): EvalDecision {
  return value === 'allowed' || value === 'explicitDeny' ? value : 'implicitDeny';
}
