import { createHash } from 'node:crypto';
import { cliTimestamp } from './cli-json.js';
import { hasRefreshMaterial } from './login-state.js';
import { OidcError, type OidcApiFactory } from './oidc-api.js';
import type { SsoLoginRef } from './sso-ref.js';
import { readTokenFile, tokenFilePath, writeTokenFile, type CachedToken } from './token-file.js';

// Keeping the shared token alive: the refresh-token grant written back in the CLI's format, and the copy under
// the start URL's name that legacy readers (the session-manager-plugin's SDK) need.

export type RefreshOutcome =
  | { outcome: 'refreshed'; token: CachedToken }
  | { outcome: 'impossible' }
  /** The refresh token was refused for good (session over, revoked, registration gone): `refreshToken` is its hash. */
  | { outcome: 'dead'; refreshTokenHash: string }
  | { outcome: 'failed'; error: unknown };

/** A fingerprint that lets Porthole remember a token without keeping it. */
export function fingerprint(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url').slice(0, 22);
}

/**
 * Renews the token with its refresh token (botocore's _refresh_access_token): the file is read again first,
 * since another tool may have rotated it; the new file copies the registration and carries a refresh token
 * only when CreateToken returned one.
 */
export async function refreshLogin(
  deps: { env: NodeJS.ProcessEnv; oidc: OidcApiFactory; now: () => number },
  ref: SsoLoginRef,
): Promise<RefreshOutcome> {
  const cached = await readTokenFile(tokenFilePath(deps.env, ref.cacheId));
  const now = deps.now();
  if (!cached || !hasRefreshMaterial(cached.token, now)) return { outcome: 'impossible' };
  const { token } = cached;
  let grant;
  try {
    grant = await deps
      .oidc(ref.region)
      .createToken(
        { clientId: token.clientId!, clientSecret: token.clientSecret! },
        { grant: 'refresh', refreshToken: token.refreshToken! },
      );
  } catch (error) {
    const permanent = error instanceof OidcError && ['expired', 'invalid-grant', 'invalid-client', 'denied'].includes(error.kind);
    return permanent ? { outcome: 'dead', refreshTokenHash: fingerprint(token.refreshToken!) } : { outcome: 'failed', error };
  }
  const expiresAtMs = now + grant.expiresIn * 1000;
  const next = {
    startUrl: ref.startUrl,
    region: ref.region,
    accessToken: grant.accessToken,
    expiresAt: cliTimestamp(expiresAtMs),
    clientId: token.clientId,
    clientSecret: token.clientSecret,
    ...(token.registrationExpiresAt ? { registrationExpiresAt: token.registrationExpiresAt } : {}),
    ...(grant.refreshToken ? { refreshToken: grant.refreshToken } : {}),
  };
  await writeTokenFile(deps.env, ref.cacheId, next);
  return { outcome: 'refreshed', token: { token: next, expiresAtMs: Math.floor(expiresAtMs / 1000) * 1000, mtimeMs: now } };
}

/**
 * Copies a session's live token to the file a legacy profile of the same start URL reads (only the four fields
 * legacy readers need), unless that file already holds a token that lasts as long. The session-manager-plugin
 * resolves SSO credentials only in legacy form (see ini-sections.ts).
 */
export async function mirrorLegacyToken(env: NodeJS.ProcessEnv, ref: SsoLoginRef, cached: CachedToken, now: number): Promise<boolean> {
  if (!ref.sessionName || cached.expiresAtMs <= now) return false;
  const legacy = await readTokenFile(tokenFilePath(env, ref.startUrl));
  if (legacy && legacy.expiresAtMs >= cached.expiresAtMs) return false;
  const { startUrl, region, accessToken, expiresAt } = cached.token;
  await writeTokenFile(env, ref.startUrl, { startUrl: startUrl || ref.startUrl, region: region || ref.region, accessToken, expiresAt });
  return true;
}
