import type { ProfileKind } from '../../shared/api.js';
import type { ErrorCode } from '../../shared/error-codes.js';
import { PortholeError, isPortholeError } from '../errors.js';

export interface AwsErrorContext {
  profile: string;
  region?: string;
  /** The AWS action that failed, e.g. "rds:DescribeDBInstances". */
  action: string;
  /** When known, the profile's kind picks the most useful hint (SSO users re-login). */
  kind?: ProfileKind;
}

/**
 * A PortholeError raised at the AWS edge. `authFailure` means AWS rejected the credentials it was sent
 * (expired or unknown keys), so cached credentials must be dropped and resolved again. (Whether a retry can
 * help is the code's, in shared/error-codes.ts.)
 */
export class AwsError extends PortholeError {
  readonly authFailure: boolean;
  /** AWS's own error code or the SDK's error name, for logs. */
  readonly awsCode: string | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { hint?: string; status: number; authFailure?: boolean; awsCode?: string; cause?: unknown },
  ) {
    super(code, message, { hint: options.hint, status: options.status, cause: options.cause });
    this.name = 'AwsError';
    this.authFailure = options.authFailure ?? false;
    this.awsCode = options.awsCode;
  }
}

/**
 * AWS refused a call for lack of a permission (code ACCESS_DENIED). `permission` names the IAM action that
 * was missing (from AWS's message, else the action Porthole called), so a diagnosis can say "unknown: needs
 * ec2:DescribeNetworkAcls" instead of failing as a whole.
 */
export class AccessDeniedError extends AwsError {
  constructor(
    readonly permission: string,
    message: string,
    options: { hint?: string; awsCode?: string; cause?: unknown },
  ) {
    super('ACCESS_DENIED', message, { ...options, status: 403 });
    this.name = 'AccessDeniedError';
  }
}

export function isAccessDenied(error: unknown): error is AccessDeniedError {
  return error instanceof AccessDeniedError;
}

/**
 * AWS refused or lacks this profile's credentials. 403, as AWS itself answers an expired or unknown token:
 * 401 is kept for one meaning only, a request without a valid Porthole token (scripts re-read the token on
 * 401; they must not do so because an SSO login expired). The error code says which credential problem it is.
 */
export const CREDENTIALS_STATUS = 403;

interface RawError {
  name: string;
  code: string;
  message: string;
  status: number | undefined;
  fault: string | undefined;
}

// Error codes as AWS services spell them (awsQuery `Code`, JSON `__type`, ec2Query `Code`).
const EXPIRED = new Set(['ExpiredToken', 'ExpiredTokenException', 'TokenRefreshRequired']);
const INVALID = new Set([
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'AuthFailure',
  'IncompleteSignature',
  'InvalidSignatureException',
  'MissingAuthenticationToken',
]);
const DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'AuthorizationError', 'NotAuthorized']);
const THROTTLED = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ProvisionedThroughputExceededException',
]);
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNABORTED',
]);
const NETWORK_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException', 'AbortError']);

/** Turns anything the AWS SDK throws into a user-facing error with a stable code and a hint. */
export function mapAwsError(error: unknown, context: AwsErrorContext): PortholeError {
  if (isPortholeError(error)) return error;
  const raw = describe(error);
  const where = context.region ? ` in ${context.region}` : '';
  const loginHint = `aws sso login --profile ${context.profile}`;
  const common = { awsCode: raw.code, cause: error };

  if (raw.name === 'CredentialsProviderError' || raw.name === 'TokenProviderError') {
    if (/multi-factor authentication/i.test(raw.message)) {
      const advice = mfaAdvice(context.profile);
      return new AwsError('MFA_REQUIRED', advice.message, { ...common, hint: advice.hint, status: 401 });
    }
    if (isSsoProblem(raw)) {
      return new AwsError('SSO_LOGIN_REQUIRED', `The SSO session for profile "${context.profile}" has expired or is missing.`, {
        ...common,
        hint: loginHint,
        status: CREDENTIALS_STATUS,
      });
    }
    return new AwsError('NO_CREDENTIALS', `No usable credentials for profile "${context.profile}": ${raw.message}`, {
      ...common,
      hint: `Configure it with \`aws configure --profile ${context.profile}\` (or \`aws configure sso\`), then check again.`,
      status: CREDENTIALS_STATUS,
    });
  }
  if (EXPIRED.has(raw.code)) {
    return new AwsError('CREDENTIALS_EXPIRED', `The credentials of profile "${context.profile}" have expired.`, {
      ...common,
      hint: context.kind === 'sso' ? loginHint : `Refresh the credentials of profile "${context.profile}" (for SSO: ${loginHint}).`,
      status: CREDENTIALS_STATUS,
      authFailure: true,
    });
  }
  if (INVALID.has(raw.code)) {
    return new AwsError('INVALID_CREDENTIALS', `AWS rejected the credentials of profile "${context.profile}": ${raw.message}`, {
      ...common,
      hint: `Check the access keys of profile "${context.profile}" or log in again.`,
      status: CREDENTIALS_STATUS,
      authFailure: true,
    });
  }
  if (context.action === 'ssm:StartSession') {
    const ssm = mapStartSessionError(raw, context, common);
    if (ssm) return ssm;
  }
  if (DENIED.has(raw.code)) {
    const permission = /not authorized to perform:?\s*([\w-]+:[\w*-]+)/i.exec(raw.message)?.[1] ?? context.action;
    return new AccessDeniedError(permission, `Profile "${context.profile}" is not allowed to call ${permission}${where}.`, {
      ...common,
      hint: `Ask your AWS administrator to allow ${permission} for this role. AWS said: ${raw.message}`,
    });
  }
  if (THROTTLED.has(raw.code) || raw.status === 429) {
    return new AwsError('THROTTLED', `AWS throttled ${context.action}${where} after several retries.`, {
      ...common,
      hint: 'Wait a moment and refresh again.',
      status: 429,
    });
  }
  if (NETWORK_NAMES.has(raw.name) || NETWORK_CODES.has(raw.code) || (raw.status === undefined && isNetworkMessage(raw.message))) {
    return new AwsError('AWS_UNREACHABLE', `Could not reach AWS for ${context.action}${where}: ${raw.message}`, {
      ...common,
      hint: 'Check your network, VPN or proxy, and that the region exists.',
      status: 502,
    });
  }
  // AWS's own fault (5xx) may pass; a request AWS rejected will be rejected again.
  const serverFault = raw.fault === 'server' || (raw.status !== undefined && raw.status >= 500);
  const code = serverFault ? 'AWS_SERVICE_ERROR' : 'AWS_ERROR';
  return new AwsError(code, `${context.action}${where} failed: ${raw.message || raw.code}`, { ...common, status: 502 });
}

/**
 * An assume-role profile with `mfa_serial`: the SDK needs a code Porthole has no way to ask for. The AWS CLI
 * can ask, and `aws configure export-credentials` hands its result on (as environment variables here).
 */
export function mfaAdvice(profile: string): { message: string; hint: string } {
  return {
    message: `Profile "${profile}" needs an MFA code for its role, and Porthole cannot ask for one.`,
    hint:
      `In a terminal run eval "$(aws configure export-credentials --profile ${profile} --format env)" (the AWS CLI asks for the code), ` +
      'then start Porthole from that terminal: the credentials show as the (environment) profile until they expire.',
  };
}

/** Whether AWS rejected the credentials it was sent (expired, unknown keys): cached ones must go. */
export function isAuthFailure(error: unknown): boolean {
  const mapped = error instanceof AwsError ? error : mapAwsError(error, { profile: '', action: '' });
  return mapped instanceof AwsError && mapped.authFailure;
}

function mapStartSessionError(raw: RawError, context: AwsErrorContext, common: { awsCode: string; cause: unknown }): AwsError | undefined {
  if (raw.code === 'TargetNotConnected') {
    return new AwsError('TARGET_NOT_CONNECTED', `The jump host is not connected to Session Manager: ${raw.message}`, {
      ...common,
      hint: 'Check that the instance is running and its SSM agent is online, then retry.',
      status: 409,
    });
  }
  if (raw.code === 'InvalidTarget') {
    return new AwsError('TARGET_NOT_FOUND', `The jump host was not found: ${raw.message}`, {
      ...common,
      hint: 'Refresh the inventory and pick another jump host.',
      status: 404,
    });
  }
  const mentionsDocument = /document/i.test(raw.message);
  if (raw.code === 'InvalidDocument' || raw.code === 'InvalidDocumentAccess' || (DENIED.has(raw.code) && mentionsDocument)) {
    return new AwsError('DOCUMENT_NOT_ALLOWED', `Profile "${context.profile}" may not use the port-forwarding document: ${raw.message}`, {
      ...common,
      hint: 'Ask your AWS administrator to allow ssm:StartSession on document AWS-StartPortForwardingSessionToRemoteHost.',
      status: 403,
    });
  }
  return undefined;
}

function isSsoProblem(raw: RawError): boolean {
  return raw.name === 'TokenProviderError' || /\bsso\b|UnauthorizedException|session token/i.test(raw.message);
}

function isNetworkMessage(message: string): boolean {
  return /socket hang up|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|getaddrinfo|timed out|timeout/i.test(message);
}

function describe(error: unknown): RawError {
  if (typeof error !== 'object' || error === null) {
    return { name: 'Error', code: 'Error', message: String(error), status: undefined, fault: undefined };
  }
  const record = error as Record<string, unknown> & { $metadata?: { httpStatusCode?: number }; $fault?: string };
  const name = typeof record.name === 'string' ? record.name : 'Error';
  const codeField = [record.Code, record.code].find((value): value is string => typeof value === 'string');
  // SDK service exceptions carry the AWS code as `name`; Node network errors carry it as `code`.
  const code = codeField && (NETWORK_CODES.has(codeField) || name === 'Error') ? codeField : name;
  const message = typeof record.message === 'string' ? record.message : '';
  return { name, code, message, status: record.$metadata?.httpStatusCode, fault: record.$fault };
}
