// OAuth details shared by the sandbox's SSO OIDC parts: grant and scope names, loopback redirect matching,
// the PKCE S256 challenge, and random tokens.
import { createHash, randomBytes } from 'node:crypto';

export const SSO_SCOPE = 'sso:account:access';
export const LOOPBACK_HOSTS = ['127.0.0.1', '[::1]', 'localhost'];
export const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

export const token = (bytes: number): string => randomBytes(bytes).toString('base64url');
export const UPPER = 'BCDFGHJKLMNPQRSTVWXZ';
export const pick = (alphabet: string, n: number): string => [...randomBytes(n)].map((b) => alphabet[b % alphabet.length]).join('');

/** Loopback redirect URIs match on any port (RFC 8252 §7.3): the CLI registers http://127.0.0.1/oauth/callback. */
export function redirectMatches(registered: string, requested: string): boolean {
  if (registered === requested) return true;
  try {
    const a = new URL(registered);
    const b = new URL(requested);
    return (
      LOOPBACK_HOSTS.includes(a.hostname) &&
      a.protocol === 'http:' &&
      a.protocol === b.protocol &&
      a.hostname === b.hostname &&
      a.pathname === b.pathname
    );
  } catch {
    return false;
  }
}

export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}
