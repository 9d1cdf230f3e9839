// The authorization-code flow's glue, as AWS CLI v2 does it (botocore SSOTokenFetcherAuth, docs/sso-facts.md
// §4): a PKCE verifier and S256 challenge (RFC 7636), an unguessable `state`, and the /authorize URL with the
// CLI's query parameters (note `scopes`, not `scope`).
import { createHash, randomBytes } from 'node:crypto';

const UNRESERVED = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~';
/** The CLI's verifier length (64 of the unreserved characters; RFC 7636 allows 43–128). */
export const VERIFIER_LENGTH = 64;

/** The loopback redirect URI as the CLI registers it: no port (RFC 8252 §7.3 lets any port match). */
export const REGISTERED_REDIRECT_URI = 'http://127.0.0.1/oauth/callback';
export const CALLBACK_PATH = '/oauth/callback';

export interface Pkce {
  /** A secret until CreateToken: never logged or published. */
  verifier: string;
  challenge: string;
}

/** A verifier of unreserved characters drawn without modulo bias, and its S256 challenge. */
export function pkcePair(random: (size: number) => Buffer = randomBytes): Pkce {
  let verifier = '';
  // 198 = 3 × 66: bytes above it are dropped so every character is equally likely.
  for (let round = 0; verifier.length < VERIFIER_LENGTH && round < 64; round++) {
    for (const byte of random(VERIFIER_LENGTH * 2)) {
      if (byte < 198 && verifier.length < VERIFIER_LENGTH) verifier += UNRESERVED[byte % UNRESERVED.length];
    }
  }
  return { verifier, challenge: pkceChallenge(verifier) };
}

/** BASE64URL(SHA256(verifier)) without padding (RFC 7636 §4.2). */
export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** 256 random bits: binds the browser's return to one pending sign-in. */
export function newState(random: (size: number) => Buffer = randomBytes): string {
  return random(32).toString('base64url');
}

/** Python's percent_encode with safe '-._~': like encodeURIComponent, but !'()* are escaped too. */
function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

export interface AuthorizeParams {
  /** The OIDC endpoint the client resolves, e.g. https://oidc.eu-west-1.amazonaws.com */
  base: string;
  clientId: string;
  redirectUri: string;
  state: string;
  challenge: string;
  scopes: string[];
}

/** `<base>/authorize?…` in the CLI's parameter order (SSOTokenFetcherAuth._get_authorization_uri). */
export function authorizeUrl(params: AuthorizeParams): string {
  const query: [string, string][] = [
    ['response_type', 'code'],
    ['client_id', params.clientId],
    ['redirect_uri', params.redirectUri],
    ['state', params.state],
    ['code_challenge_method', 'S256'],
    ['scopes', params.scopes.join(' ')],
    ['code_challenge', params.challenge],
  ];
  const base = params.base.endsWith('/') ? params.base.slice(0, -1) : params.base;
  return `${base}/authorize?${query.map(([key, value]) => `${key}=${percentEncode(value)}`).join('&')}`;
}
