// IAM (awsQuery, `<member>` lists): GetRole, GetInstanceProfile, SimulatePrincipalPolicy, answered from the
// scenario's `iam` section. Simulation answers in the current shape: a top-level result per action and the
// per-resource decisions in ResourceSpecificResults (facts-aws-paths.md A5).
import { formList, type CallContext, type Handler } from './call-context.js';
import { stableId } from './ec2-kit.js';
import { evaluate, findPrincipal, iamAccount, type Decision } from './iam-policies.js';
import type { IamRoleSpec } from './scenario.js';
import { AwsError, el, list, node, queryReply, type WireReply } from './wire.js';

function noSuchEntity(what: string): AwsError {
  return new AwsError('NoSuchEntity', what, 404);
}

function roleArn(accountId: string, role: IamRoleSpec): string {
  return `arn:aws:iam::${accountId}:role${role.path ?? '/'}${role.name}`;
}

function roleXml(accountId: string, role: IamRoleSpec): string {
  return (
    el('Path', role.path ?? '/') +
    el('RoleName', role.name) +
    el('RoleId', `AROA${stableId('x', role.name).slice(2, 19).toUpperCase()}`) +
    el('Arn', roleArn(accountId, role)) +
    el('CreateDate', '2024-06-01T08:00:00Z') +
    el('AssumeRolePolicyDocument', encodeURIComponent('{"Version":"2012-10-17","Statement":[]}')) +
    el('MaxSessionDuration', 3600)
  );
}

function getRole(ctx: CallContext): WireReply {
  const name = ctx.form.RoleName ?? '';
  const role = iamAccount(ctx.scenario, ctx.account.accountId)?.roles?.find((candidate) => candidate.name === name);
  if (!role) throw noSuchEntity(`The role with name ${name} cannot be found.`);
  return queryReply('iam', 'GetRole', node('Role', roleXml(ctx.account.accountId, role)));
}

function getInstanceProfile(ctx: CallContext): WireReply {
  const name = ctx.form.InstanceProfileName ?? '';
  const account = iamAccount(ctx.scenario, ctx.account.accountId);
  const profile = account?.instanceProfiles?.find((candidate) => candidate.name === name);
  if (!profile) throw noSuchEntity(`Instance Profile ${name} cannot be found.`);
  const roles = profile.roles.flatMap((roleName) => account?.roles?.filter((role) => role.name === roleName) ?? []);
  const body =
    el('Path', '/') +
    el('InstanceProfileName', profile.name) +
    el('InstanceProfileId', `AIPA${stableId('x', profile.name).slice(2, 19).toUpperCase()}`) +
    el('Arn', `arn:aws:iam::${ctx.account.accountId}:instance-profile/${profile.name}`) +
    el('CreateDate', '2024-06-01T08:00:00Z') +
    list('Roles', 'member', roles, (role) => roleXml(ctx.account.accountId, role));
  return queryReply('iam', 'GetInstanceProfile', node('InstanceProfile', body));
}

function simulatePrincipalPolicy(ctx: CallContext): WireReply {
  const source = ctx.form.PolicySourceArn ?? '';
  if (!/^arn:[\w-]+:iam::\d{12}:(user|role|group)\//.test(source)) {
    throw new AwsError('InvalidInput', `Invalid ARN for PolicySourceArn: ${source}`);
  }
  const principal = findPrincipal(ctx.scenario, source);
  if (!principal) throw noSuchEntity(`The principal ${source} cannot be found.`);
  const actions = formList(ctx.form, 'ActionNames.member');
  if (actions.length === 0)
    throw new AwsError(
      'ValidationError',
      "1 validation error detected: Value null at 'actionNames' failed to satisfy constraint: Member must not be null",
    );
  const resources = formList(ctx.form, 'ResourceArns.member');
  const targets = resources.length > 0 ? resources : ['*'];
  const results = actions.map((action) => {
    const decisions = targets.map((resource) => ({ resource, decision: evaluate(principal.policies, action, resource) }));
    const overall: Decision = decisions.some((d) => d.decision === 'explicitDeny')
      ? 'explicitDeny'
      : decisions.every((d) => d.decision === 'allowed')
        ? 'allowed'
        : 'implicitDeny';
    return (
      el('EvalActionName', action) +
      el('EvalResourceName', '*') +
      el('EvalDecision', overall) +
      node('MatchedStatements', '') +
      node('MissingContextValues', '') +
      list(
        'ResourceSpecificResults',
        'member',
        resources.length > 0 ? decisions : [],
        (d) =>
          el('EvalResourceName', d.resource) +
          el('EvalResourceDecision', d.decision) +
          node('MatchedStatements', '') +
          node('MissingContextValues', ''),
      )
    );
  });
  return queryReply(
    'iam',
    'SimulatePrincipalPolicy',
    el('IsTruncated', false) + list('EvaluationResults', 'member', results, (xml) => xml),
  );
}

export const IAM_HANDLERS: Record<string, Handler> = {
  GetRole: getRole,
  GetInstanceProfile: getInstanceProfile,
  SimulatePrincipalPolicy: simulatePrincipalPolicy,
};
