import type { ApiError, Profile, ProfileEvent, ProfileLogin, SignInFlow, SignInStart } from '../../../../../shared/api';
import { msUntil } from '../../../lib/format';

/** Warn this long before a sign-in or credentials that nobody can renew without the user end (the daemon's 15 min). */
export const WARN_AHEAD_MS = 15 * 60_000;

/** What the browser must show for a sign-in under way: the page to approve, or the code to confirm. */
export type PendingStart = Exclude<SignInStart, { flow: 'refreshed' }>;

/**
 * The last sign-in this page started or heard of, per profile: kept in the query cache (sign-in key) so the
 * profile shows it whoever started it (the profile's own button or a waiting tunnel's card).
 */
export type SignInAttempt =
  | { phase: 'starting'; flow?: SignInFlow }
  /** `start` is absent for a sign-in started in another window (only its event was seen). */
  | { phase: 'waiting'; start?: PendingStart }
  | { phase: 'signed-in'; at: number; renewed: boolean }
  | { phase: 'failed'; error: ApiError };

export type SignIns = Record<string, SignInAttempt>;

/** The answer to POST …/login, applied unless an event already said how it ended (a renewal announces first). */
export function afterStart(current: SignInAttempt | undefined, start: SignInStart, now: number): SignInAttempt {
  if (current && current.phase !== 'starting') return current;
  return start.flow === 'refreshed' ? { phase: 'signed-in', at: now, renewed: true } : { phase: 'waiting', start };
}

/** What a `profile` event does to the sign-in shown on the profile. */
export function afterEvent(current: SignInAttempt | undefined, event: ProfileEvent, now: number): SignInAttempt | undefined {
  const underWay = current?.phase === 'starting' || current?.phase === 'waiting';
  if (event.kind === 'sign-in') {
    if (event.outcome === 'signed-in') return { phase: 'signed-in', at: now, renewed: event.flow === 'refreshed' };
    if (event.outcome === 'failed') return { phase: 'failed', error: event.error ?? { code: 'SIGN_IN_FAILED', message: event.message } };
    if (event.outcome === 'started') return underWay ? current : { phase: 'waiting' };
    return current;
  }
  // A login made outside Porthole (`aws sso login`) while a sign-in here waited or had failed: that one is done too.
  const open = underWay || current?.phase === 'failed';
  if (event.kind === 'login' && open && event.login?.state === 'signed-in') return { phase: 'signed-in', at: now, renewed: false };
  return current;
}

export type LoginTone = 'ok' | 'warn' | 'bad' | 'muted';

export interface LoginLine {
  /** The state in words (never colour alone). */
  words: string;
  tone: LoginTone;
  /** What the countdown counts down to, with its words: "ends in" or "token renewed in". */
  countdown?: { to: string; label: string };
  /** Sign in is the thing to do now (the button is the primary one). */
  urgent: boolean;
}

/** A profile's sign-in in one line: its state, and what its countdown means. */
export function loginLine(login: ProfileLogin, now: number): LoginLine {
  const left = msUntil(login.expiresAt, now);
  const live = left !== undefined && left > 0 && login.expiresAt !== undefined;
  switch (login.state) {
    case 'signed-in':
      return {
        words: 'Signed in',
        tone: 'ok',
        ...(live ? { countdown: { to: login.expiresAt!, label: login.refreshable ? 'renews by itself; token ends in' : 'ends in' } } : {}),
        urgent: false,
      };
    case 'expiring':
      return {
        words: 'Sign-in ends soon',
        tone: 'warn',
        ...(live ? { countdown: { to: login.expiresAt!, label: 'ends in' } } : {}),
        urgent: true,
      };
    case 'signing-in':
      return { words: 'Signing in…', tone: 'muted', urgent: false };
    case 'expired':
      return { words: 'Sign-in expired', tone: 'bad', urgent: true };
    case 'signed-out':
      return { words: 'Not signed in', tone: 'muted', urgent: true };
  }
}

/** Whether the daemon's reason says more than the state's words ("The sign-in expired." next to "Sign-in expired" does not). */
export function reasonAddsTo(words: string, reason: string | undefined): reason is string {
  const bare = (text: string) =>
    text
      .toLowerCase()
      .replace(/^the /, '')
      .replace(/[.\s]+$/, '');
  return reason !== undefined && bare(reason) !== bare(words);
}

export interface ExpiryWarning {
  what: 'login' | 'credentials';
  expiresAt: string;
}

const soon = (iso: string | undefined, now: number) => {
  const left = msUntil(iso, now);
  return left !== undefined && left > 0 && left <= WARN_AHEAD_MS;
};

/**
 * What ends within 15 minutes and needs the user (the daemon says the same with an `expiry-warning` event): a
 * sign-in that cannot renew itself, else credentials that are not renewed by themselves.
 */
export function expiryWarning(p: Pick<Profile, 'login' | 'credentials'>, now: number): ExpiryWarning | undefined {
  const { login, credentials } = p;
  if (
    login?.expiresAt &&
    (login.state === 'expiring' || (login.state === 'signed-in' && !login.refreshable && soon(login.expiresAt, now)))
  ) {
    return { what: 'login', expiresAt: login.expiresAt };
  }
  if (credentials?.expiresAt && !credentials.renewable && soon(credentials.expiresAt, now)) {
    return { what: 'credentials', expiresAt: credentials.expiresAt };
  }
  return undefined;
}

/** A sign-in that works now (the daemon checks it; fresher than an old check or fetch). */
export const signedIn = (login: ProfileLogin) => login.state === 'signed-in' || login.state === 'expiring';

/** Whether the profile's sign-in needs the user now (for the folded list's "needs attention"). */
export function loginNeedsUser(login: ProfileLogin | undefined): boolean {
  return login !== undefined && (login.state === 'expired' || login.state === 'expiring' || login.state === 'signed-out');
}

/**
 * The MFA hint with its command cut out, so the command gets a copy button: the daemon writes it as prose
 * around `eval "$(aws …)"`.
 */
export function splitMfaHint(hint: string): { before: string; command?: string; after: string } {
  const match = /eval "\$\([^"]*\)"/.exec(hint);
  if (!match) return { before: hint, after: '' };
  return { before: hint.slice(0, match.index), command: match[0], after: hint.slice(match.index + match[0].length) };
}
