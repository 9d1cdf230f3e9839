import type { LoginState, ProfileLogin, SignInFlow } from '../../../shared/api.js';
import { parseTimestamp } from './cli-json.js';
import type { SsoLoginRef } from './sso-ref.js';
import type { CachedToken, SsoToken } from './token-file.js';

// Pure decisions about one sign-in: what state it is in, whether Porthole should renew it now, and when the
// user must be warned. Times are epoch ms; nothing here reads a clock or a file.

/** Warn this long before a sign-in that cannot be renewed runs out (the 15 minutes). */
export const WARN_AHEAD_MS = 15 * 60_000;
/** Renew this long ahead: before botocore's 15-minute and the JS SDK's 5-minute windows, so Porthole goes first. */
export const REFRESH_AHEAD_MS = 20 * 60_000;
/** A failed renewal is tried again after this long (botocore retries at most once a minute too). */
export const REFRESH_RETRY_MS = 60_000;

/** What Porthole knows about one sign-in beyond its file. */
export interface LoginFacts {
  token: CachedToken | undefined;
  /** AWS refused exactly this access token (the sign-in session ended early, or was revoked). */
  rejected: boolean;
  /** The refresh token in the file was refused (the session is over): it cannot renew any more. */
  refreshDead: boolean;
  /** A sign-in under way. */
  signingIn?: SignInFlow;
}

/** Whether the file carries what a refresh needs: refresh token, client id and secret, a live registration. */
export function hasRefreshMaterial(token: SsoToken, now: number): boolean {
  if (!token.refreshToken || !token.clientId || !token.clientSecret) return false;
  const registrationEnds = token.registrationExpiresAt === undefined ? undefined : parseTimestamp(token.registrationExpiresAt);
  return registrationEnds === undefined ? token.registrationExpiresAt === undefined : registrationEnds > now;
}

export function isRefreshable(facts: LoginFacts, now: number): boolean {
  return facts.token !== undefined && !facts.refreshDead && hasRefreshMaterial(facts.token.token, now);
}

export function loginStateOf(facts: LoginFacts, now: number): LoginState {
  if (facts.signingIn) return 'signing-in';
  if (!facts.token) return 'signed-out';
  if (facts.rejected || facts.token.expiresAtMs <= now) return 'expired';
  if (!isRefreshable(facts, now) && facts.token.expiresAtMs - now <= WARN_AHEAD_MS) return 'expiring';
  return 'signed-in';
}

/** The API's view of the sign-in. */
export function loginView(ref: SsoLoginRef, facts: LoginFacts, now: number): ProfileLogin {
  const state = loginStateOf(facts, now);
  const view: ProfileLogin = {
    state,
    refreshable: isRefreshable(facts, now),
    startUrl: ref.startUrl,
    ssoRegion: ref.region,
    ...(ref.sessionName ? { sessionName: ref.sessionName } : {}),
    ...(facts.token ? { expiresAt: new Date(facts.token.expiresAtMs).toISOString() } : {}),
    ...(facts.signingIn ? { flow: facts.signingIn } : {}),
  };
  const reason = reasonOf(state, facts);
  return reason ? { ...view, reason } : view;
}

function reasonOf(state: LoginState, facts: LoginFacts): string | undefined {
  if (state === 'signed-out') return 'No sign-in in the shared SSO cache yet.';
  if (state === 'expired' && facts.rejected) return 'IAM Identity Center no longer accepts this sign-in.';
  if (state === 'expired') return 'The sign-in expired.';
  if (state === 'expiring') return 'The sign-in ends soon and cannot be renewed without you.';
  return undefined;
}

/**
 * Whether Porthole should renew the token now: it can, and the token is inside the renewal window (or AWS
 * refused it), and no attempt was made in the last minute.
 */
export function refreshDue(facts: LoginFacts, now: number, lastAttemptAt: number | undefined): boolean {
  if (!facts.token || !isRefreshable(facts, now)) return false;
  if (lastAttemptAt !== undefined && now - lastAttemptAt < REFRESH_RETRY_MS) return false;
  return facts.rejected || facts.token.expiresAtMs - now <= REFRESH_AHEAD_MS;
}

/** The expiry to warn about now (once per value), or undefined: a sign-in the user must renew, within 15 minutes. */
export function warningDue(facts: LoginFacts, now: number): number | undefined {
  return loginStateOf(facts, now) === 'expiring' ? facts.token?.expiresAtMs : undefined;
}
