// Fault injection: which scenario faults match a call, and the error each kind becomes in each service's
// real vocabulary (e.g. EC2 throttles with RequestLimitExceeded, RDS/STS with Throttling, SSM with
// ThrottlingException), so Porthole's error mapping is tested against what AWS really sends.
import type { Fault, FaultKind, Scenario, Service } from './scenario.js';
import { AwsError } from './wire.js';

export interface CallIdentity {
  service: Service;
  op: string;
  region: string;
  accessKeyId: string;
  accountId?: string;
  arn?: string;
  /** StartSession's Target, for the targetNotConnected message. */
  target?: string;
  documentName?: string;
}

export interface FaultOutcome {
  latencyMs: number;
  error?: AwsError;
  timeout: boolean;
}

function matches(f: Fault, c: CallIdentity): boolean {
  return (
    (f.service === undefined || f.service === c.service) &&
    (f.op === undefined || f.op === c.op) &&
    (f.region === undefined || f.region === c.region) &&
    (f.accessKeyId === undefined || f.accessKeyId === c.accessKeyId) &&
    (f.accountId === undefined || f.accountId === c.accountId)
  );
}

/** Evaluates the scenario's faults for one call; `used` counts firings of faults with `times`. */
export function evaluateFaults(scenario: Scenario, c: CallIdentity, used: WeakMap<object, number>): FaultOutcome {
  const out: FaultOutcome = { latencyMs: 0, timeout: false };
  for (const f of scenario.faults ?? []) {
    if (!matches(f, c)) continue;
    const n = used.get(f) ?? 0;
    if (f.times !== undefined && n >= f.times) continue;
    if (f.kind === 'latency') {
      used.set(f, n + 1);
      out.latencyMs += f.ms ?? 0;
      continue;
    }
    if (out.error || out.timeout) continue;
    used.set(f, n + 1);
    if (f.kind === 'timeout') out.timeout = true;
    else out.error = faultError(f.kind, c, f);
  }
  return out;
}

export function faultError(kind: Exclude<FaultKind, 'latency' | 'timeout'>, c: CallIdentity, f?: Fault): AwsError {
  const action = `${c.service}:${c.op}`;
  const arn = c.arn ?? `arn:aws:iam::${c.accountId ?? '000000000000'}:user/unknown`;
  const custom = (code: string, message: string, status: number): AwsError =>
    new AwsError(f?.code ?? code, f?.message ?? message, f?.status ?? status);
  if (c.service === 'sso' || c.service === 'sso-oidc') return ssoFaultError(kind, c.service, custom);
  switch (kind) {
    case 'throttle':
      if (c.service === 'ec2') return custom('RequestLimitExceeded', 'Request limit exceeded.', 503);
      if (c.service === 'ssm') return custom('ThrottlingException', 'Rate exceeded', 400);
      return custom('Throttling', 'Rate exceeded', 400);
    case 'accessDenied': {
      // IAM is global: its ARNs have no region.
      const resource = `arn:aws:${c.service}:${c.service === 'iam' ? '' : c.region}:${c.accountId ?? '000000000000'}:*`;
      const why = `User: ${arn} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`;
      if (c.service === 'ec2') return custom('UnauthorizedOperation', `You are not authorized to perform this operation. ${why}`, 403);
      if (c.service === 'ssm') return custom('AccessDeniedException', why, 400);
      return custom('AccessDenied', why, 403);
    }
    case 'expiredToken':
      if (c.service === 'ssm') return custom('ExpiredTokenException', 'The security token included in the request is expired', 400);
      return custom('ExpiredToken', 'The security token included in the request is expired', c.service === 'ec2' ? 400 : 403);
    case 'unrecognizedClient':
      if (c.service === 'ec2') return custom('AuthFailure', 'AWS was not able to validate the provided access credentials', 401);
      if (c.service === 'ssm') return custom('UnrecognizedClientException', 'The security token included in the request is invalid.', 400);
      return custom('InvalidClientTokenId', 'The security token included in the request is invalid.', 403);
    case 'targetNotConnected':
      return custom('TargetNotConnected', `${c.target ?? 'the target'} is not connected.`, 400);
    case 'documentNotAllowed':
      return custom(
        'InvalidDocument',
        `Document ${c.documentName ?? 'AWS-StartPortForwardingSessionToRemoteHost'} is not allowed for this session.`,
        400,
      );
    case 'error':
      return custom('InternalFailure', 'An internal error occurred', 500);
  }
}

type Custom = (code: string, message: string, status: number) => AwsError;

/** The same kinds in the portal's (sso) and SSO OIDC's vocabularies. */
function ssoFaultError(kind: Exclude<FaultKind, 'latency' | 'timeout'>, service: 'sso' | 'sso-oidc', custom: Custom): AwsError {
  const portal = service === 'sso';
  switch (kind) {
    case 'throttle':
      return portal
        ? custom('TooManyRequestsException', 'Too many requests', 429)
        : custom('SlowDownException', 'Client is polling too quickly', 400);
    case 'accessDenied':
      return portal ? custom('ForbiddenException', 'No access', 403) : custom('AccessDeniedException', 'Access denied', 400);
    case 'expiredToken':
      return portal
        ? custom('UnauthorizedException', 'Session token not found or invalid', 401)
        : custom('ExpiredTokenException', 'Token has expired', 400);
    case 'unrecognizedClient':
      return portal
        ? custom('UnauthorizedException', 'Session token not found or invalid', 401)
        : custom('InvalidClientException', 'Invalid client provided', 401);
    default:
      return custom('InternalServerException', 'An internal error occurred', 500);
  }
}
