// Every error code Porthole answers with, in one catalogue: stable SCREAMING_SNAKE names that are never reused
// or renamed. A code that is not here does not type-check where errors are made (PortholeError, ProbeError).
// `retry` says whether trying the same thing again later can succeed: a failed session start with a `retry`
// code is retried with backoff, any other goes straight to `failed` with its hint. `signIn` says that a new
// sign-in (or renewed credentials) fixes it: such a start waits for the profile to work again instead of
// failing or burning its retries. This is the only place that decides either.

interface CodeInfo {
  retry: boolean;
  signIn?: boolean;
}
const no: CodeInfo = { retry: false };
const yes: CodeInfo = { retry: true };
const signIn: CodeInfo = { retry: false, signIn: true };

export const ERROR_CODES = {
  // The HTTP edge: requests the guard or the schemas refuse.
  BAD_REQUEST: no,
  BAD_REQUEST_TARGET: no,
  BODY_TOO_LARGE: no,
  DUPLICATE_HOST: no,
  FORBIDDEN_HOST: no,
  FORBIDDEN_ORIGIN: no,
  INTERNAL: no,
  INVALID_JSON: no,
  NOT_FOUND: no,
  ORIGIN_REQUIRED: no,
  UNAUTHORIZED: no,
  UNSUPPORTED_MEDIA_TYPE: no,
  VALIDATION_FAILED: no,

  // AWS: credentials, permissions, the service itself.
  ACCESS_DENIED: no,
  AWS_ERROR: no,
  AWS_SERVICE_ERROR: yes,
  AWS_UNREACHABLE: yes,
  CREDENTIALS_EXPIRED: signIn,
  DOCUMENT_NOT_ALLOWED: no,
  INVALID_CREDENTIALS: no,
  MFA_REQUIRED: no,
  NO_CREDENTIALS: no,
  PROFILE_EXISTS: no,
  PROFILE_IN_USE: no,
  PROFILE_NOT_FOUND: no,
  SSO_LOGIN_REQUIRED: signIn,
  TARGET_NOT_CONNECTED: yes,
  TARGET_NOT_FOUND: no,
  THROTTLED: yes,

  // Signing in with IAM Identity Center, and the accounts a sign-in reaches.
  NOT_SSO_PROFILE: no,
  SIGN_IN_DENIED: no,
  SIGN_IN_EXPIRED: no,
  SIGN_IN_FAILED: no,
  SIGN_IN_STATE_INVALID: no,
  SSO_CONFIG_INVALID: no,
  SSO_ROLE_NOT_ASSIGNED: no,

  // Tunnels: the plugin, the local port, the session.
  JUMP_HOST_NOT_FOUND: no,
  NO_JUMP_HOST: no,
  PLUGIN_BROKEN: no,
  PLUGIN_EXITED: yes,
  PLUGIN_NOT_FOUND: no,
  PLUGIN_START_FAILED: yes,
  PLUGIN_START_TIMEOUT: yes,
  PORT_IN_USE: no,
  PORT_NOT_ALLOWED: no,
  PORT_UNAVAILABLE: yes,
  SESSION_START_FAILED: yes,
  SESSION_START_INVALID: yes,
  SHUTTING_DOWN: no,
  TUNNEL_NOT_FOUND: no,

  // Health probes through a tunnel.
  DATABASE_REFUSED: no,
  DESTINATION_UNREACHABLE: no,
  PROBE_TIMEOUT: no,
  PROTOCOL_MISMATCH: no,
  RELAY_DOWN: no,
  SESSION_DEAD: no,
  TLS_EXPIRED: no,
  TLS_FAILED: no,
  TLS_NAME_MISMATCH: no,
  TLS_UNKNOWN_CA: no,

  // Connecting: passwords and the trust bundle.
  CA_BUNDLE_REFRESH_FAILED: no,
  IAM_AUTH_DISABLED: no,
  NO_PASSWORD_SOURCE: no,
  NO_SECRET: no,
  SECRET_NOT_FOUND: no,
  SECRET_UNREADABLE: no,
  USER_REQUIRED: no,

  // Exports into other programs' files (DBeaver, pgAdmin, pg_service.conf).
  DBEAVER_NOT_FOUND: no,
  EXPORT_FILE_UNSAFE: no,
  EXPORT_FOLDER_INVALID: no,
  PG_SERVICE_BLOCK_BROKEN: no,

  // The Client VPN certificate kit and .ovpn files.
  CLIENT_CERT_REQUIRED: no,
  FILE_EXISTS: no,
  INPUT_FILE_INVALID: no,
  KIT_ALREADY_REVOKED: no,
  KIT_CHANGED: no,
  KIT_EXISTS: no,
  KIT_FOLDER_INVALID: no,
  KIT_FOLDER_NOT_EMPTY: no,
  KIT_INVALID: no,
  KIT_NAME_INVALID: no,
  KIT_NAME_TAKEN: no,
  KIT_NOT_FOUND: no,
  KIT_NOT_ISSUED: no,
  KIT_OPTION_INVALID: no,
  OVPN_CA_INVALID: no,
  OVPN_CERT_INVALID: no,
  OVPN_CONFIG_INVALID: no,
  OVPN_CRL_INVALID: no,
  OVPN_KEY_ENCRYPTED: no,
  OVPN_KEY_INVALID: no,
  OVPN_KEY_MISMATCH: no,
  OVPN_PATH_INVALID: no,
  VPN_ENDPOINT_NOT_FOUND: no,
} as const satisfies Record<string, CodeInfo>;

export type ErrorCode = keyof typeof ERROR_CODES;

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERROR_CODES, code);
}

/** Whether trying again later can succeed; unknown codes (from a newer daemon, or a bug) are retried. */
export function isRetryable(code: string): boolean {
  return isErrorCode(code) ? ERROR_CODES[code].retry : true;
}

/** Whether a sign-in (or renewed credentials) would fix it: a tunnel then waits instead of failing. */
export function needsSignIn(code: string): boolean {
  return isErrorCode(code) && (ERROR_CODES[code] as CodeInfo).signIn === true;
}

/** A room's own subset of codes, checked against the catalogue: `type MyCode = Codes<'A' | 'B'>`. */
export type Codes<T extends ErrorCode> = T;
