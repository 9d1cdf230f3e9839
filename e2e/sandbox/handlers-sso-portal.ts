// The access portal (restJson, unsigned, bearer token in `x-amz-sso_bearer_token`; @aws-sdk/client-sso and
// botocore's sso): GetRoleCredentials, ListAccounts, ListAccountRoles (next_token / max_result) and Logout.
import { createHash } from 'node:crypto';
import type { Account } from './scenario.js';
import type { SsoAccount } from './sso-scenario.js';
import type { RoleCredentials, SsoState } from './sso-state.js';
import { AwsError, paginate } from './wire.js';

const MAX_RESULTS = 100;

/** Who minted credentials are to STS: AWSReservedSSO_<permission set>_<16 hex> assumed by the user. */
export function roleAccount(c: RoleCredentials): Account {
  const hex = createHash('sha256').update(`${c.accountId}/${c.roleName}`).digest('hex');
  const roleId = `AROA${hex.slice(0, 17).toUpperCase()}`;
  return {
    accountId: c.accountId,
    arn: `arn:aws:sts::${c.accountId}:assumed-role/AWSReservedSSO_${c.roleName}_${hex.slice(0, 16)}/${c.userName}`,
    userId: `${roleId}:${c.userName}`,
  };
}

function bearer(headers: Record<string, string | string[] | undefined>): string | undefined {
  const v = headers['x-amz-sso_bearer_token'];
  return typeof v === 'string' ? v : undefined;
}

function assigned(sso: SsoState, accountId: string | null): SsoAccount {
  const a = sso.sso().accounts.find((x) => x.accountId === accountId);
  if (!a) throw new AwsError('ForbiddenException', 'No access', 403);
  return a;
}

function page<T>(op: string, items: readonly T[], q: URLSearchParams, pageSize: number | undefined): { page: T[]; next?: string } {
  const raw = q.get('max_result');
  const max = raw === null ? undefined : Number(raw);
  if (max !== undefined && (!Number.isInteger(max) || max < 1 || max > MAX_RESULTS)) {
    throw new AwsError('InvalidRequestException', `maxResults must be between 1 and ${MAX_RESULTS}`);
  }
  try {
    return paginate(op, items, q.get('next_token') ?? undefined, max, pageSize, MAX_RESULTS);
  } catch {
    throw new AwsError('InvalidRequestException', 'Invalid nextToken');
  }
}

export type PortalHeaders = Record<string, string | string[] | undefined>;

export function getRoleCredentials(sso: SsoState, q: URLSearchParams, headers: PortalHeaders): Record<string, unknown> {
  sso.checkAccessToken(bearer(headers));
  const roleName = q.get('role_name');
  const accountId = q.get('account_id');
  if (!roleName || !accountId) throw new AwsError('InvalidRequestException', 'role_name and account_id are required');
  if (!assigned(sso, accountId).roles.includes(roleName)) throw new AwsError('ForbiddenException', 'No access', 403);
  const c = sso.mintCredentials(accountId, roleName);
  return {
    roleCredentials: {
      accessKeyId: c.accessKeyId,
      secretAccessKey: c.secretAccessKey,
      sessionToken: c.sessionToken,
      expiration: c.expiresAt,
    },
  };
}

export function listAccounts(sso: SsoState, q: URLSearchParams, headers: PortalHeaders): Record<string, unknown> {
  sso.checkAccessToken(bearer(headers));
  const s = sso.sso();
  const { page: accounts, next } = page('ListAccounts', s.accounts, q, s.pageSize);
  return {
    accountList: accounts.map((a) => ({
      accountId: a.accountId,
      accountName: a.accountName,
      ...(a.emailAddress ? { emailAddress: a.emailAddress } : {}),
    })),
    ...(next ? { nextToken: next } : {}),
  };
}

export function listAccountRoles(sso: SsoState, q: URLSearchParams, headers: PortalHeaders): Record<string, unknown> {
  sso.checkAccessToken(bearer(headers));
  const accountId = q.get('account_id');
  if (!accountId) throw new AwsError('InvalidRequestException', 'account_id is required');
  const a = assigned(sso, accountId);
  const { page: roles, next } = page('ListAccountRoles', a.roles, q, sso.sso().pageSize);
  return { roleList: roles.map((roleName) => ({ roleName, accountId })), ...(next ? { nextToken: next } : {}) };
}

export function logout(sso: SsoState, headers: PortalHeaders): Record<string, unknown> {
  sso.logout(bearer(headers));
  return {};
}
