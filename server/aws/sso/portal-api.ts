import type { SsoAccountInfo } from '../../../shared/api.js';
import type { PortholeError } from '../../errors.js';
import { AwsError, mapAwsError } from '../errors.js';
import { ssoSdk } from '../sdk-modules.js';
import type { SsoClients } from './sso-clients.js';

// The AWS access portal through @aws-sdk/client-sso: which accounts and roles a sign-in grants (ListAccounts,
// ListAccountRoles, every page). The bearer token is a secret and never leaves this module.

/** Pages are bounded: a directory with more accounts than this is cut off rather than read forever. */
const MAX_PAGES = 200;

export interface PortalApi {
  /** Whether the portal takes the token: one ListAccounts call for one account. */
  check(accessToken: string): Promise<void>;
  accounts(accessToken: string): Promise<Omit<SsoAccountInfo, 'roles'>[]>;
  roles(accessToken: string, accountId: string): Promise<string[]>;
}

export type PortalApiFactory = (region: string) => PortalApi;

export function portalApiFromClients(clients: SsoClients): PortalApiFactory {
  return (region) => {
    const sdk = ssoSdk();
    const call = async <T>(action: string, accountId: string, run: () => Promise<T>): Promise<T> => {
      try {
        return await run();
      } catch (error) {
        throw portalError(error, region, action, accountId);
      }
    };
    return {
      check: (accessToken) =>
        call('sso:ListAccounts', '', async () => {
          await clients.portal(region).send(new sdk.ListAccountsCommand({ accessToken, maxResults: 1 }));
        }),
      accounts: (accessToken) =>
        call('sso:ListAccounts', '', async () => {
          const out: Omit<SsoAccountInfo, 'roles'>[] = [];
          let nextToken: string | undefined;
          for (let page = 0; page < MAX_PAGES; page++) {
            const reply = await clients
              .portal(region)
              .send(new sdk.ListAccountsCommand({ accessToken, ...(nextToken ? { nextToken } : {}) }));
            for (const account of reply.accountList ?? []) {
              if (!account.accountId) continue;
              out.push({
                accountId: account.accountId,
                ...(account.accountName ? { accountName: account.accountName } : {}),
                ...(account.emailAddress ? { emailAddress: account.emailAddress } : {}),
              });
            }
            nextToken = reply.nextToken;
            if (!nextToken) break;
          }
          return out;
        }),
      roles: (accessToken, accountId) =>
        call('sso:ListAccountRoles', accountId, async () => {
          const out: string[] = [];
          let nextToken: string | undefined;
          for (let page = 0; page < MAX_PAGES; page++) {
            const reply = await clients
              .portal(region)
              .send(new sdk.ListAccountRolesCommand({ accessToken, accountId, ...(nextToken ? { nextToken } : {}) }));
            for (const role of reply.roleList ?? []) if (role.roleName) out.push(role.roleName);
            nextToken = reply.nextToken;
            if (!nextToken) break;
          }
          return out;
        }),
    };
  };
}

/** UnauthorizedException: the sign-in is over; ForbiddenException (not in the model): not assigned. */
export function portalError(error: unknown, region: string, action: string, accountId = ''): PortholeError {
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'UnauthorizedException') {
    return new AwsError('SSO_LOGIN_REQUIRED', 'IAM Identity Center no longer accepts this sign-in.', {
      hint: 'Sign in again.',
      status: 401,
      awsCode: name,
      cause: error,
    });
  }
  if (name === 'ForbiddenException') {
    return new AwsError('SSO_ROLE_NOT_ASSIGNED', `This sign-in is not assigned to account ${accountId || '(unknown)'}.`, {
      hint: 'Pick an account and role the sign-in lists, or ask your administrator for the assignment.',
      status: 403,
      awsCode: name,
      cause: error,
    });
  }
  return mapAwsError(error, { profile: '', region, action });
}
