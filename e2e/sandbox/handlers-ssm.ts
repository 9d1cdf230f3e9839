// SSM (awsJson1_1): DescribeInstanceInformation with NextToken paging, and the session calls.
// StartSession returns a StreamUrl pointing back at this sandbox; the stand-in plugin dials it over HTTP.
import type { CallContext } from './call-context.js';
import { regionData, type ManagedInstance, type SessionBehaviourRule } from './scenario.js';
import { callerAllowed } from './iam-policies.js';
import { AwsError, jsonReply, paginate, type WireReply } from './wire.js';

const DOCUMENTS = new Set([
  'AWS-StartPortForwardingSessionToRemoteHost',
  'AWS-StartPortForwardingSession',
  'AWS-StartSSHSession',
  'AWS-StartInteractiveCommand',
]);

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function instanceFilters(ctx: CallContext): { key: string; values: string[] }[] {
  const out: { key: string; values: string[] }[] = [];
  for (const f of (ctx.json.Filters as { Key?: string; Values?: string[] }[] | undefined) ?? []) {
    out.push({ key: f.Key ?? '', values: f.Values ?? [] });
  }
  const legacy = ctx.json.InstanceInformationFilterList as { key?: string; valueSet?: string[] }[] | undefined;
  for (const f of legacy ?? []) out.push({ key: f.key ?? '', values: f.valueSet ?? [] });
  return out;
}

const FILTER_FIELDS: Record<string, (m: ManagedInstance) => string> = {
  InstanceIds: (m) => m.id,
  PingStatus: (m) => m.pingStatus ?? 'Online',
  ResourceType: (m) => m.resourceType ?? 'EC2Instance',
  PlatformTypes: (m) => m.platformType ?? 'Linux',
  AgentVersion: (m) => m.agentVersion ?? '3.3.1142.0',
};

export function describeInstanceInformation(ctx: CallContext): WireReply {
  const maxResults = typeof ctx.json.MaxResults === 'number' ? ctx.json.MaxResults : undefined;
  if (maxResults !== undefined && (maxResults < 5 || maxResults > 50)) {
    throw new AwsError(
      'ValidationException',
      `1 validation error detected: Value '${maxResults}' at 'maxResults' failed to satisfy constraint: Member must have value between 5 and 50`,
    );
  }
  const data = regionData(ctx.scenario, ctx.account.accountId, ctx.region);
  let items = data.managedInstances ?? [];
  for (const f of instanceFilters(ctx)) {
    const get = FILTER_FIELDS[f.key];
    if (!get) throw new AwsError('InvalidFilterKey', `The specified key is not valid: ${f.key}`);
    items = items.filter((m) => f.values.includes(get(m)));
  }
  const { page, next } = paginate('DescribeInstanceInformation', items, str(ctx.json.NextToken), maxResults, ctx.scenario.pageSize, 50);
  const now = Math.floor(Date.now() / 1000);
  const list = page.map((m) => {
    const ec2 = data.ec2Instances?.find((i) => i.id === m.id);
    return {
      InstanceId: m.id,
      PingStatus: m.pingStatus ?? 'Online',
      LastPingDateTime: now - 30,
      AgentVersion: m.agentVersion ?? '3.3.1142.0',
      IsLatestVersion: m.isLatestVersion ?? false,
      PlatformType: m.platformType ?? 'Linux',
      PlatformName: m.platformName ?? 'Amazon Linux',
      PlatformVersion: '2023',
      ResourceType: m.resourceType ?? 'EC2Instance',
      ...(ec2?.privateIp ? { IPAddress: ec2.privateIp } : {}),
      ComputerName: `${m.id}.ec2.internal`,
    };
  });
  return jsonReply({ InstanceInformationList: list, ...(next ? { NextToken: next } : {}) });
}

/** The name part of SSM session ids: the IAM user name or the assumed-role session name. */
function sessionPrefix(arn: string): string {
  const last = arn.split('/').pop() ?? 'user';
  return last.replace(/[^A-Za-z0-9_.@-]/g, '') || 'user';
}

function pickBehaviour(ctx: CallContext, target: string, host: string | undefined, used: WeakMap<object, number>): SessionBehaviourRule {
  for (const rule of ctx.scenario.sessionBehaviours ?? []) {
    if (rule.target !== undefined && rule.target !== target) continue;
    if (rule.host !== undefined && rule.host !== host) continue;
    const n = used.get(rule) ?? 0;
    if (rule.times !== undefined && n >= rule.times) continue;
    used.set(rule, n + 1);
    return { ...rule };
  }
  return { behaviour: 'normal' };
}

export function startSession(ctx: CallContext, used: WeakMap<object, number>): WireReply {
  const target = str(ctx.json.Target);
  if (!target)
    throw new AwsError(
      'ValidationException',
      "1 validation error detected: Value null at 'target' failed to satisfy constraint: Member must not be null",
    );
  const documentName = str(ctx.json.DocumentName) ?? 'SSM-SessionManagerRunShell';
  if (ctx.json.DocumentName !== undefined && !DOCUMENTS.has(documentName)) {
    throw new AwsError('InvalidDocument', `Document with name ${documentName} does not exist.`);
  }
  // With the caller modelled in the scenario's IAM, StartSession is refused as AWS refuses it.
  const resources = [
    `arn:aws:ec2:${ctx.region}:${ctx.account.accountId}:instance/${target}`,
    `arn:aws:ssm:${ctx.region}::document/${documentName}`,
  ];
  const refused = resources.find((resource) => callerAllowed(ctx, 'ssm:StartSession', resource) === false);
  if (refused) {
    throw new AwsError(
      'AccessDeniedException',
      `User: ${ctx.account.arn} is not authorized to perform: ssm:StartSession on resource: ${refused} because no identity-based policy allows the ssm:StartSession action`,
    );
  }
  const managed = regionData(ctx.scenario, ctx.account.accountId, ctx.region).managedInstances?.find((m) => m.id === target);
  if (!managed || (managed.pingStatus ?? 'Online') !== 'Online') {
    throw new AwsError('TargetNotConnected', `${target} is not connected.`);
  }
  const parameters = (ctx.json.Parameters ?? {}) as Record<string, string[]>;
  const host = parameters.host?.[0];
  const behaviour = pickBehaviour(ctx, target, host, used);
  const { record, token } = ctx.sessions.create({
    namePrefix: sessionPrefix(ctx.account.arn),
    accountId: ctx.account.accountId,
    accessKeyId: ctx.accessKeyId,
    region: ctx.region,
    target,
    documentName,
    parameters,
    behaviour,
  });
  return jsonReply({ SessionId: record.sessionId, TokenValue: token, StreamUrl: streamUrl(ctx, record.sessionId) });
}

function streamUrl(ctx: CallContext, sessionId: string): string {
  const ws = ctx.baseUrl.replace(/^http/, 'ws');
  return `${ws}/v1/data-channel/${sessionId}?role=publish_subscribe`;
}

function ownSession(ctx: CallContext): string {
  const id = str(ctx.json.SessionId);
  if (!id)
    throw new AwsError(
      'ValidationException',
      "1 validation error detected: Value null at 'sessionId' failed to satisfy constraint: Member must not be null",
    );
  const r = ctx.sessions.get(id);
  if (r && r.accountId !== ctx.account.accountId) {
    throw new AwsError(
      'AccessDeniedException',
      `User: ${ctx.account.arn} is not authorized to perform: ssm:${ctx.op} on resource: arn:aws:ssm:${ctx.region}:${ctx.account.accountId}:session/${id}`,
    );
  }
  return id;
}

export function terminateSession(ctx: CallContext): WireReply {
  const id = ownSession(ctx);
  ctx.sessions.end(id, 'api');
  return jsonReply({ SessionId: id });
}

/** An ended session resumes with no token: the plugin then prints `Session: <id> timed out.` */
export function resumeSession(ctx: CallContext): WireReply {
  const id = ownSession(ctx);
  const token = ctx.sessions.resume(id);
  if (token === undefined) return jsonReply({ SessionId: id });
  return jsonReply({ SessionId: id, TokenValue: token, StreamUrl: streamUrl(ctx, id) });
}

/** GetDocument for documents the scenario lists (e.g. SSM-SessionManagerRunShell); others do not exist. */
export function getDocument(ctx: CallContext): WireReply {
  const name = str(ctx.json.Name);
  const content = name === undefined ? undefined : regionData(ctx.scenario, ctx.account.accountId, ctx.region).documents?.[name];
  if (name === undefined || content === undefined)
    throw new AwsError('InvalidDocument', `Document with name ${name ?? ''} does not exist.`);
  return jsonReply({
    Name: name,
    CreatedDate: 1735732800.123,
    DocumentVersion: '1',
    Status: 'Active',
    Content: typeof content === 'string' ? content : JSON.stringify(content, null, 4),
    DocumentType: 'Session',
    DocumentFormat: 'JSON',
    Requires: [],
    AttachmentsContent: [],
  });
}
