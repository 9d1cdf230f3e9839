// The IAM Identity Center part of a scenario: one start URL in one SSO region, the signed-in user, the accounts
// and permission sets assigned to them, and every lifetime (short ones make expiry testable in real time; the
// sandbox clock makes it testable without waiting). Plain JSON, like the rest of the scenario.

export interface SsoAccount {
  accountId: string;
  accountName: string;
  emailAddress?: string;
  /** Permission sets (role names) the user may use in this account, e.g. ['AdministratorAccess', 'ReadOnly']. */
  roles: string[];
}

/** Lifetimes in seconds. */
export interface SsoLifetimes {
  /** Access token of a refreshable session (client registered with sso:account:access). Default 3600. */
  accessToken?: number;
  /** The sign-in session: refresh tokens, and the access token of a non-refreshable (legacy) login. Default 28800. */
  session?: number;
  /** GetRoleCredentials' credentials. Default 3600. */
  roleCredentials?: number;
  /** RegisterClient's clientSecretExpiresAt. Default 7776000 (90 days). */
  client?: number;
  /** StartDeviceAuthorization's expiresIn. Default 600. */
  deviceCode?: number;
  /** A code from /authorize. Default 300. */
  authCode?: number;
}

export interface SsoScenario {
  /** e.g. https://porthole-sandbox.awsapps.com/start */
  startUrl: string;
  /** The SSO region (sso_region). */
  region: string;
  /** The signed-in user: the role session name in the credentials' ARN. */
  userName: string;
  accounts: SsoAccount[];
  lifetimes?: SsoLifetimes;
  /** StartDeviceAuthorization's interval: polling faster gets SlowDownException. Default 1. */
  pollIntervalSeconds?: number;
  /** Largest page of ListAccounts / ListAccountRoles (the request's maxResults can make it smaller). */
  pageSize?: number;
  /** Device codes and /authorize requests count as approved at once (the demo, or a test with no browser). */
  autoApprove?: boolean;
  /** A refresh token stops working once used (rotation). Default false: it works until the session ends. */
  rotateRefreshTokens?: boolean;
}

export const SSO_DEFAULTS: Required<SsoLifetimes> = {
  accessToken: 3600,
  session: 28_800,
  roleCredentials: 3600,
  client: 7_776_000,
  deviceCode: 600,
  authCode: 300,
};

export function lifetime(sso: SsoScenario, key: keyof SsoLifetimes): number {
  return sso.lifetimes?.[key] ?? SSO_DEFAULTS[key];
}

/** Throws on what would otherwise fail obscurely mid-test. */
export function validateSso(value: unknown): void {
  if (typeof value !== 'object' || value === null) throw new Error('scenario.sso must be an object');
  const s = value as SsoScenario;
  for (const key of ['startUrl', 'region', 'userName'] as const) {
    if (typeof s[key] !== 'string' || s[key] === '') throw new Error(`scenario.sso.${key} is required`);
  }
  if (!Array.isArray(s.accounts)) throw new Error('scenario.sso.accounts must be an array');
  for (const a of s.accounts) {
    if (!/^\d{12}$/.test(String(a?.accountId)) || typeof a.accountName !== 'string' || !Array.isArray(a.roles)) {
      throw new Error('every scenario.sso account needs a 12-digit accountId, an accountName and roles');
    }
  }
  for (const [key, v] of Object.entries(s.lifetimes ?? {})) {
    if (typeof v !== 'number' || !(v > 0)) throw new Error(`scenario.sso.lifetimes.${key} must be a positive number`);
  }
}
