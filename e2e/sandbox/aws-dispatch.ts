// Turns one HTTP request into one AWS call: the service and region from the SigV4 credential scope
// (`Credential=AKID/20261122/us-east-1/rds/aws4_request`), the caller from the access key id, the
// operation from `Action` (query protocols) or `X-Amz-Target` (JSON 1.1). Signatures are not verified.
import type { IncomingHttpHeaders } from 'node:http';
import type { CallContext, Handler } from './call-context.js';
import { evaluateFaults, faultError, type CallIdentity } from './faults.js';
import { describeDBClusters, describeDBInstances } from './handlers-rds.js';
import { describeInstances, getCallerIdentity } from './handlers-ec2-sts.js';
import { describeInstanceInformation, getDocument, resumeSession, startSession, terminateSession } from './handlers-ssm.js';
import { EC2_SECURITY_HANDLERS } from './handlers-ec2-security.js';
import { EC2_VPC_HANDLERS } from './handlers-ec2-vpc.js';
import { EC2_CLIENT_VPN_HANDLERS } from './handlers-ec2-client-vpn.js';
import { IAM_HANDLERS } from './handlers-iam.js';
import { RDS_PARAMETER_HANDLERS } from './handlers-rds-params.js';
import { roleAccount } from './handlers-sso-portal.js';
import type { Account, Scenario, Service } from './scenario.js';
import type { SessionStore } from './sessions.js';
import type { SsoState } from './sso-state.js';
import { AwsError, errorReply, type WireReply } from './wire.js';

export interface CallRecord {
  seq: number;
  at: string;
  service: Service;
  op: string;
  region: string;
  accessKeyId: string;
  accountId?: string;
  /** Form fields (query protocols, minus Action/Version) or the JSON body. */
  params: Record<string, unknown>;
  status: number;
  errorCode?: string;
  timedOut?: boolean;
}

export interface DispatchDeps {
  scenario: () => Scenario;
  sessions: SessionStore;
  baseUrl: () => string;
  record: (r: Omit<CallRecord, 'seq' | 'at'>) => void;
  /** Resolves after ms, or early when the sandbox closes. */
  sleep: (ms: number) => Promise<void>;
  /** Fault and behaviour `times` counters. */
  used: WeakMap<object, number>;
  /** IAM Identity Center: its role credentials are callers too (until they expire on its clock). */
  sso: SsoState;
  /** When the request came in (`performance.now()`): a read-only call's latency counts from here. */
  askedAt: number;
}

export type DispatchResult = WireReply | { timeout: true };

type SignedService = 'sts' | 'rds' | 'ec2' | 'ssm' | 'iam';
const SERVICES = new Set<Service>(['sts', 'rds', 'ec2', 'ssm', 'iam']);

function handlers(used: WeakMap<object, number>): Record<SignedService, Record<string, Handler>> {
  return {
    sts: { GetCallerIdentity: getCallerIdentity },
    rds: { DescribeDBInstances: describeDBInstances, DescribeDBClusters: describeDBClusters, ...RDS_PARAMETER_HANDLERS },
    ec2: { DescribeInstances: describeInstances, ...EC2_SECURITY_HANDLERS, ...EC2_VPC_HANDLERS, ...EC2_CLIENT_VPN_HANDLERS },
    ssm: {
      DescribeInstanceInformation: describeInstanceInformation,
      StartSession: (ctx: CallContext) => startSession(ctx, used),
      TerminateSession: terminateSession,
      ResumeSession: resumeSession,
      GetDocument: getDocument,
    },
    iam: IAM_HANDLERS,
  };
}

function parseScope(auth: string | undefined): { accessKeyId: string; region: string; service: string } | undefined {
  const m = auth?.match(/Credential=([^/,\s]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/);
  return m ? { accessKeyId: m[1]!, region: m[2]!, service: m[3]! } : undefined;
}

export async function dispatchAws(headers: IncomingHttpHeaders, body: string, deps: DispatchDeps): Promise<DispatchResult> {
  const scope = parseScope(headers.authorization);
  const target = headers['x-amz-target'];
  const guessed: SignedService = typeof target === 'string' ? 'ssm' : 'sts';
  if (!scope || !SERVICES.has(scope.service as Service)) {
    const err = scope
      ? new AwsError('UnknownService', `The sandbox does not implement service ${scope.service}`)
      : new AwsError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403);
    return errorReply(scope && SERVICES.has(scope.service as Service) ? (scope.service as SignedService) : guessed, err);
  }
  const service = scope.service as SignedService;
  let form: Record<string, string> = {};
  let json: Record<string, unknown> = {};
  let op: string;
  if (service === 'ssm') {
    op = typeof target === 'string' ? (target.split('.')[1] ?? '') : '';
    try {
      json = body ? (JSON.parse(body) as Record<string, unknown>) : {};
    } catch {
      return errorReply(service, new AwsError('SerializationException', 'Malformed JSON body'));
    }
  } else {
    form = Object.fromEntries(new URLSearchParams(body));
    op = form.Action ?? '';
    delete form.Action;
    delete form.Version;
  }
  const scenario = deps.scenario();
  const minted = scenario.accounts[scope.accessKeyId] ? undefined : deps.sso.credentialsFor(scope.accessKeyId);
  const account: Account | undefined = scenario.accounts[scope.accessKeyId] ?? (minted ? roleAccount(minted) : scenario.accounts['*']);
  const identity: CallIdentity = {
    service,
    op,
    region: scope.region,
    accessKeyId: scope.accessKeyId,
    ...(account ? { accountId: account.accountId, arn: account.arn } : {}),
    ...(typeof json.Target === 'string' ? { target: json.Target } : {}),
    ...(typeof json.DocumentName === 'string' ? { documentName: json.DocumentName } : {}),
  };
  const params = service === 'ssm' ? json : form;
  const base = {
    service,
    op,
    region: scope.region,
    accessKeyId: scope.accessKeyId,
    params,
    ...(account ? { accountId: account.accountId } : {}),
  };

  const faults = evaluateFaults(scenario, identity, deps.used);
  // A call that only reads answers `latencyMs` after it was asked, the sandbox's own work included, and its
  // wait for the work of calls asked just before it (AWS answers calls in parallel, on its own machines): the
  // sandbox shares the machine's cores with what the benchmarks measure, and its work must not add to every page's
  // time. A call that changes something waits first, so its effect is not seen early.
  const readOnly = READ_ONLY.test(op);
  if (faults.latencyMs > 0 && !readOnly) await deps.sleep(faults.latencyMs);
  const after = async (result: DispatchResult): Promise<DispatchResult> => {
    if (faults.latencyMs > 0 && readOnly) await deps.sleep(Math.max(0, faults.latencyMs - (performance.now() - deps.askedAt)));
    return result;
  };
  if (faults.timeout) {
    deps.record({ ...base, status: 0, timedOut: true });
    return after({ timeout: true });
  }
  let reply: WireReply;
  try {
    if (faults.error) throw faults.error;
    if (!account) throw faultError('unrecognizedClient', identity);
    // Role credentials need their session token, and stop working when they expire (as STS's do).
    if (minted && headers['x-amz-security-token'] !== minted.sessionToken) throw faultError('unrecognizedClient', identity);
    if (minted && minted.expiresAt <= deps.sso.clock.now()) throw faultError('expiredToken', identity);
    const handler = handlers(deps.used)[service][op];
    if (!handler) {
      throw service === 'ssm'
        ? new AwsError('UnknownOperationException', `Unknown operation ${op}`)
        : new AwsError('InvalidAction', `Could not find operation ${op} for version of ${service}`);
    }
    const ctx: CallContext = {
      service,
      op,
      region: scope.region,
      accessKeyId: scope.accessKeyId,
      account,
      form,
      json,
      scenario,
      baseUrl: deps.baseUrl(),
      sessions: deps.sessions,
    };
    reply = await handler(ctx);
  } catch (err) {
    const awsErr = err instanceof AwsError ? err : new AwsError('InternalFailure', String(err), 500);
    reply = errorReply(service, awsErr);
    deps.record({ ...base, status: reply.status, errorCode: awsErr.code });
    return after(reply);
  }
  deps.record({ ...base, status: reply.status });
  return after(reply);
}

/** Calls that only read (Describe…, List…, Get…): their latency includes the sandbox's work. */
const READ_ONLY = /^(Describe|List|Get)/;
