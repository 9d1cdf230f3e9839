// The sandbox's IAM: who a caller or PolicySourceArn is in the scenario's `iam` section, and a small policy
// evaluator (explicit Deny wins, then any Allow; `*` and `?` wildcards; actions case-insensitive). Conditions
// are ignored: the sandbox answers as if every condition held.
import type { CallContext } from './call-context.js';
import type { IamAccountSpec, PolicyDocumentSpec, Scenario } from './scenario.js';

export type Decision = 'allowed' | 'explicitDeny' | 'implicitDeny';

export interface IamPrincipal {
  kind: 'user' | 'role';
  name: string;
  policies: PolicyDocumentSpec[];
}

export function iamAccount(scenario: Scenario, accountId: string): IamAccountSpec | undefined {
  return scenario.iam?.[accountId];
}

/** The user or role an IAM user/role ARN or an assumed-role session ARN names, when the scenario has it. */
export function findPrincipal(scenario: Scenario, arn: string): IamPrincipal | undefined {
  const match = /^arn:[\w-]+:(iam|sts)::(\d{12}):(user|role|assumed-role)\/(.+)$/.exec(arn);
  if (!match) return undefined;
  const [, , accountId, kind, rest] = match as unknown as [string, string, string, string, string];
  const account = iamAccount(scenario, accountId);
  if (!account) return undefined;
  const segments = rest.split('/');
  // assumed-role/<Role>/<session>: the role is the second-to-last segment; user/role paths end in the name.
  const name = kind === 'assumed-role' ? segments[segments.length - 2] : segments[segments.length - 1];
  if (kind === 'user') {
    const user = account.users?.find((candidate) => candidate.name === name);
    return user ? { kind: 'user', name: user.name, policies: user.policies } : undefined;
  }
  const role = account.roles?.find((candidate) => candidate.name === name);
  return role ? { kind: 'role', name: role.name, policies: role.policies } : undefined;
}

function wildcard(pattern: string, value: string, caseInsensitive: boolean): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`, caseInsensitive ? 'i' : '').test(value);
}

function asList(value: string | string[]): string[] {
  return Array.isArray(value) ? value : [value];
}

export function evaluate(policies: PolicyDocumentSpec[], action: string, resource: string): Decision {
  let allowed = false;
  for (const statement of policies.flatMap((policy) => policy.Statement)) {
    const actionMatches = asList(statement.Action).some((pattern) => wildcard(pattern, action, true));
    const resourceMatches = asList(statement.Resource).some((pattern) => wildcard(pattern, resource, false));
    if (!actionMatches || !resourceMatches) continue;
    if (statement.Effect === 'Deny') return 'explicitDeny';
    allowed = true;
  }
  return allowed ? 'allowed' : 'implicitDeny';
}

/** Whether the calling identity may do `action` on `resource`; undefined when the scenario does not model it. */
export function callerAllowed(ctx: CallContext, action: string, resource: string): boolean | undefined {
  const principal = findPrincipal(ctx.scenario, ctx.account.arn);
  return principal ? evaluate(principal.policies, action, resource) === 'allowed' : undefined;
}
