// Which IAM Identity Center sign-in a profile uses, read from its config section the way the AWS CLI and the
// JS SDK read it (docs/sso-facts.md §1, §3): an `sso_session` reference to an `[sso-session …]` section, or a
// legacy profile with `sso_start_url` and `sso_region` of its own.

/** One sign-in: everything that names its token file and registers its OIDC client. */
export interface SsoLoginRef {
  /** What the token file's name is the SHA-1 of: the session name, or the start URL of a legacy profile. */
  cacheId: string;
  /** Absent for a legacy profile. */
  sessionName?: string;
  /** As configured (a trailing slash matters: it changes the legacy file name). */
  startUrl: string;
  /** sso_region */
  region: string;
  /** sso_registration_scopes as configured; undefined when not configured (the CLI's registration key then says null). */
  scopes?: string[];
}

/** An SSO profile: its sign-in, and the account and role it turns into credentials (when it names them). */
export interface SsoProfileRef {
  login: SsoLoginRef;
  accountId?: string;
  roleName?: string;
}

type Section = Record<string, string | undefined>;

/** A profile's SSO settings; `problem` when it refers to SSO but cannot sign in as configured. */
export type SsoRefResult = { ref: SsoProfileRef } | { problem: string } | undefined;

export function ssoRefOf(section: Section, sessions: Record<string, Section>): SsoRefResult {
  const account = {
    ...(section.sso_account_id ? { accountId: section.sso_account_id } : {}),
    ...(section.sso_role_name ? { roleName: section.sso_role_name } : {}),
  };
  const sessionName = section.sso_session;
  if (sessionName) {
    const session = sessions[sessionName];
    if (!session)
      return { problem: `the profile names sso_session "${sessionName}", but there is no [sso-session ${sessionName}] section` };
    const startUrl = session.sso_start_url;
    const region = session.sso_region;
    if (!startUrl || !region) return { problem: `[sso-session ${sessionName}] needs sso_start_url and sso_region` };
    // botocore rejects a value that differs between the profile and its session; so does the JS SDK.
    if ((section.sso_start_url && section.sso_start_url !== startUrl) || (section.sso_region && section.sso_region !== region)) {
      return { problem: `the profile's sso_start_url or sso_region differs from [sso-session ${sessionName}]` };
    }
    const scopes = parseScopes(session.sso_registration_scopes);
    return {
      ref: { login: { cacheId: sessionName, sessionName, startUrl, region, ...(scopes ? { scopes } : {}) }, ...account },
    };
  }
  if (!section.sso_start_url) return undefined;
  if (!section.sso_region) return { problem: 'a legacy SSO profile needs sso_region next to sso_start_url' };
  return { ref: { login: { cacheId: section.sso_start_url, startUrl: section.sso_start_url, region: section.sso_region }, ...account } };
}

/** `sso_registration_scopes = a, b` → ['a', 'b'] (botocore splits on commas and strips). */
export function parseScopes(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const scopes = value
    .split(',')
    .map((scope) => scope.trim())
    .filter(Boolean);
  return scopes.length > 0 ? scopes : undefined;
}

/** A stable key for "the same sign-in" (two profiles of one session share it). */
export function loginKey(login: SsoLoginRef): string {
  return login.sessionName ? `session:${login.sessionName}` : `legacy:${login.startUrl}`;
}
