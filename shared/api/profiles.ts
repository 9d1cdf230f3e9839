// `GET /api/profiles` and sign-in: AWS profiles, their credentials and IAM Identity Center logins.
import type { ApiError } from './errors.js';

/** `sso-account`: an account/role pair a sign-in grants, added in Porthole (config.json), not in ~/.aws/config. */
export type ProfileKind = 'sso' | 'static' | 'role' | 'process' | 'env' | 'other' | 'sso-account';

export interface Profile {
  name: string;
  kind: ProfileKind;
  /** The profile's default region, if it has one. */
  region?: string;
  /** Regions the user picked for this profile (default: the profile's region). */
  regions: string[];
  /** Result of the last credential check, if any. */
  check?: ProfileCheck;
  /** SSO profiles (and sso-account sources): the IAM Identity Center sign-in they use. */
  login?: ProfileLogin;
  /** The credentials Porthole last resolved for this profile, when it has resolved any. */
  credentials?: ProfileCredentials;
  /** An assume-role profile that needs an MFA code: Porthole cannot ask for it (what to do instead). */
  mfa?: ProfileMfa;
  /** Kind `sso-account`: the account and role, and the ~/.aws/config snippet that gives the CLI the same profile. */
  ssoAccount?: SsoAccountSource;
}

/**
 * `signed-out`: no token in the cache; `signing-in`: a sign-in is waiting for the browser; `signed-in`: a live
 * token; `expiring`: live, but it ends within 15 minutes and cannot be renewed without the user; `expired`: it
 * ran out, or AWS refused it (a new sign-in is needed).
 */
export type LoginState = 'signed-out' | 'signing-in' | 'signed-in' | 'expiring' | 'expired';

export type SignInFlow = 'auth-code' | 'device';

export interface ProfileLogin {
  state: LoginState;
  /** ISO time the access token expires (the countdown), when there is one. */
  expiresAt?: string;
  /** Porthole renews the token by itself before it expires (a refresh token and a live client registration). */
  refreshable: boolean;
  /** The `[sso-session …]` name; absent for a legacy profile (sso_start_url in the profile). */
  sessionName?: string;
  startUrl: string;
  ssoRegion: string;
  /** Why it is signed out or expired, in words. */
  reason?: string;
  /** While signing in: the flow under way. */
  flow?: SignInFlow;
}

export interface ProfileCredentials {
  /** ISO time the credentials expire, when they do. */
  expiresAt?: string;
  /** Renewed without the user before they expire (SSO with a live sign-in, assume-role, credential_process). */
  renewable: boolean;
}

export interface ProfileMfa {
  serial: string;
  message: string;
  /** What to run instead, e.g. `eval "$(aws configure export-credentials --profile x --format env)"`. */
  hint: string;
}

export interface SsoAccountSource {
  accountId: string;
  accountName?: string;
  roleName: string;
  /** The profile whose sign-in it uses (the one it was added from). */
  sourceProfile: string;
  /** A `[profile …]` section (and its `[sso-session …]`) to paste into ~/.aws/config so the CLI sees it too. */
  configSnippet: string;
}

/** `POST /api/profiles/:name/login` */
export interface SignInRequest {
  flow?: SignInFlow;
}

/**
 * The answer to a sign-in request: a browser URL to open (authorization code + PKCE, its redirect lands on
 * Porthole's own port), a code to show (device code), or nothing to do (the refresh token renewed it).
 */
export type SignInStart =
  | { flow: 'auth-code'; authorizeUrl: string; expiresAt: string }
  | { flow: 'device'; verificationUri: string; verificationUriComplete: string; userCode: string; expiresAt: string }
  | { flow: 'refreshed'; expiresAt: string };

/** `GET /api/profiles/:name/accounts`: what the profile's sign-in grants. */
export interface SsoAccountInfo {
  accountId: string;
  accountName?: string;
  emailAddress?: string;
  roles: string[];
}

/** `POST /api/sso-accounts` */
export interface AddSsoAccountRequest {
  /** An SSO profile whose sign-in grants the account. */
  profile: string;
  accountId: string;
  roleName: string;
  /** Default `<account name>-<role name>`. */
  name?: string;
  region?: string;
}

/**
 * `sign-in`: a sign-in started, succeeded or failed (`outcome`); `login`: the sign-in state changed otherwise
 * (renewed, expired, refused by AWS, or a login made outside Porthole, e.g. `aws sso login`); `expiry-warning`:
 * the login or the credentials end within 15 minutes and need the user; `credentials`: the profile's credentials
 * work again (a successful check).
 */
export type ProfileEventKind = 'sign-in' | 'login' | 'expiry-warning' | 'credentials';

export interface ProfileEvent {
  profile: string;
  kind: ProfileEventKind;
  /** In words, for a toast or the log. Never a token or code. */
  message: string;
  login?: ProfileLogin;
  /** `sign-in` events: where it got to. */
  outcome?: 'started' | 'signed-in' | 'failed';
  flow?: SignInFlow | 'refreshed';
  /** `expiry-warning` events. */
  warning?: { what: 'login' | 'credentials'; expiresAt: string };
  error?: ApiError;
}

export interface ProfileCheckOk {
  ok: true;
  profile: string;
  account: string;
  arn: string;
  userId?: string;
  /** ISO time the credentials expire, when known. */
  expiresAt?: string;
  checkedAt: string;
}
export interface ProfileCheckFailed {
  ok: false;
  profile: string;
  error: ApiError;
  checkedAt: string;
}
export type ProfileCheck = ProfileCheckOk | ProfileCheckFailed;

/** The pseudo-profile for credentials that come from environment variables. */
export const ENV_PROFILE = '(environment)';
