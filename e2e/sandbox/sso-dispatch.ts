// IAM Identity Center's calls carry no SigV4 signature (the SDKs mark them noAuth), so they are told apart by
// method and path: SSO OIDC (/client/register, /device_authorization, /token), the access portal
// (/federation/credentials, /assignment/accounts, /assignment/roles, /logout) and the sign-in pages
// (/authorize, /device). Errors use each service's restJson shape; faults and call records work as elsewhere.
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { DispatchDeps, DispatchResult } from './aws-dispatch.js';
import { evaluateFaults, type CallIdentity } from './faults.js';
import { createToken, registerClient, startDeviceAuthorization } from './handlers-sso-oidc.js';
import { getRoleCredentials, listAccountRoles, listAccounts, logout } from './handlers-sso-portal.js';
import { authorizePage, devicePage } from './sso-pages.js';
import type { SsoState } from './sso-state.js';
import { AwsError, type WireReply } from './wire.js';

type SsoService = 'sso' | 'sso-oidc';

const ROUTES: Record<string, [SsoService, string]> = {
  'POST /client/register': ['sso-oidc', 'RegisterClient'],
  'POST /device_authorization': ['sso-oidc', 'StartDeviceAuthorization'],
  'POST /token': ['sso-oidc', 'CreateToken'],
  'GET /authorize': ['sso-oidc', 'Authorize'],
  'POST /authorize': ['sso-oidc', 'Authorize'],
  'GET /device': ['sso-oidc', 'DeviceVerification'],
  'POST /device': ['sso-oidc', 'DeviceVerification'],
  'GET /federation/credentials': ['sso', 'GetRoleCredentials'],
  'GET /assignment/accounts': ['sso', 'ListAccounts'],
  'GET /assignment/roles': ['sso', 'ListAccountRoles'],
  'POST /logout': ['sso', 'Logout'],
};

/** The SSO route of an unsigned request, or undefined (then it is an ordinary AWS call). */
export function ssoRoute(method: string | undefined, pathname: string, headers: IncomingHttpHeaders): [SsoService, string] | undefined {
  if (headers.authorization) return undefined;
  return ROUTES[`${method ?? 'GET'} ${pathname.replace(/\/+$/, '') || '/'}`];
}

const OIDC_ERRORS: Record<string, string> = {
  InternalServerException: 'server_error',
  InvalidClientMetadataException: 'invalid_client_metadata',
  InvalidRedirectUriException: 'invalid_redirect_uri',
};

/** OIDC errors: `{error, error_description}` and a Coral-style x-amzn-ErrorType, as the service sends them. */
function errorReply(service: SsoService, err: AwsError): WireReply {
  const oidc = service === 'sso-oidc';
  const snake =
    OIDC_ERRORS[err.code] ??
    err.code
      .replace(/Exception$/, '')
      .replace(/([a-z])([A-Z])/g, '$1_$2')
      .toLowerCase();
  return {
    status: err.status,
    headers: {
      'content-type': 'application/json',
      'x-amzn-requestid': randomUUID(),
      'x-amzn-errortype': oidc ? `${err.code}:http://internal.amazon.com/coral/com.amazonaws.sso.oidc/` : err.code,
    },
    body: JSON.stringify(oidc ? { error: snake, error_description: err.message } : { message: err.message }),
  };
}

function jsonReply(value: unknown): WireReply {
  return { status: 200, headers: { 'content-type': 'application/json', 'x-amzn-requestid': randomUUID() }, body: JSON.stringify(value) };
}

const SECRET_KEYS = new Set(['clientSecret', 'refreshToken', 'codeVerifier', 'deviceCode', 'code', 'accessToken']);

/** Call records keep the shape of the request but never its secrets. */
function redact(params: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, SECRET_KEYS.has(k) ? '<redacted>' : v]));
}

export async function dispatchSso(
  route: [SsoService, string],
  method: string,
  url: URL,
  headers: IncomingHttpHeaders,
  body: string,
  deps: DispatchDeps & { sso: SsoState },
): Promise<DispatchResult> {
  const [service, op] = route;
  const scenario = deps.scenario();
  const region = scenario.sso?.region ?? '';
  const page = op === 'Authorize' || op === 'DeviceVerification';
  let json: Record<string, unknown> = {};
  const form = new URLSearchParams(page && method === 'POST' ? body : '');
  const params: Record<string, unknown> = page ? Object.fromEntries(url.searchParams) : {};
  if (!page && method === 'POST') {
    try {
      json = body ? (JSON.parse(body) as Record<string, unknown>) : {};
    } catch {
      return errorReply(service, new AwsError('InvalidRequestException', 'Malformed JSON body'));
    }
  }
  Object.assign(params, page ? Object.fromEntries(form) : method === 'GET' ? Object.fromEntries(url.searchParams) : json);
  const base = { service, op, region, accessKeyId: '', params: redact(params) };
  const identity: CallIdentity = { service, op, region, accessKeyId: '' };
  const faults = evaluateFaults(scenario, identity, deps.used);
  if (faults.latencyMs > 0) await deps.sleep(faults.latencyMs);
  if (faults.timeout) {
    deps.record({ ...base, status: 0, timedOut: true });
    return { timeout: true };
  }
  let reply: WireReply;
  try {
    if (faults.error) throw faults.error;
    reply = answer(op, method, url, headers, json, form, deps);
  } catch (err) {
    const awsErr = err instanceof AwsError ? err : new AwsError('InternalServerException', String(err), 500);
    reply = errorReply(service, awsErr);
    deps.record({ ...base, status: reply.status, errorCode: awsErr.code });
    return reply;
  }
  deps.record({ ...base, status: reply.status });
  return reply;
}

function answer(
  op: string,
  method: string,
  url: URL,
  headers: IncomingHttpHeaders,
  json: Record<string, unknown>,
  form: URLSearchParams,
  deps: DispatchDeps & { sso: SsoState },
): WireReply {
  const sso = deps.sso;
  const q = url.searchParams;
  switch (op) {
    case 'RegisterClient':
      return jsonReply(registerClient(sso, json));
    case 'StartDeviceAuthorization':
      return jsonReply(startDeviceAuthorization(sso, json, deps.baseUrl()));
    case 'CreateToken':
      return jsonReply(createToken(sso, json));
    case 'GetRoleCredentials':
      return jsonReply(getRoleCredentials(sso, q, headers));
    case 'ListAccounts':
      return jsonReply(listAccounts(sso, q, headers));
    case 'ListAccountRoles':
      return jsonReply(listAccountRoles(sso, q, headers));
    case 'Logout':
      return jsonReply(logout(sso, headers));
    case 'Authorize':
      return authorizePage(sso, method, url, form);
    default:
      return devicePage(sso, method, url, form);
  }
}
