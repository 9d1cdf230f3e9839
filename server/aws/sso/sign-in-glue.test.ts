// The hand-written glue of the sign-in flows, on virtual time: PKCE and the /authorize URL, the device-code
// polling loop, and the decisions about a sign-in's state, renewal and warnings.
import { describe, expect, it } from 'vitest';
import { FakeTime, settle } from '../../../testing/fake-time.js';
import type { SsoClock } from './clock.js';
import { pollDeviceToken } from './device-flow.js';
import { loginView, refreshDue, REFRESH_AHEAD_MS, warningDue, type LoginFacts } from './login-state.js';
import { OidcError, type TokenGrant } from './oidc-api.js';
import { authorizeUrl, newState, pkceChallenge, pkcePair, VERIFIER_LENGTH } from './pkce.js';
import type { CachedToken } from './token-file.js';

function clockOf(time: FakeTime): SsoClock {
  return { now: time.clock, setTimer: time.setTimer, clearTimer: time.clearTimer };
}

describe('PKCE and the authorize URL', () => {
  it('S256 is base64url(SHA-256) without padding: RFC 7636 appendix B', () => {
    expect(pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('verifiers are 64 unreserved characters, fresh each time, even from a source of high bytes', () => {
    const a = pkcePair();
    const b = pkcePair();
    expect(a.verifier).toMatch(new RegExp(`^[A-Za-z0-9._~-]{${VERIFIER_LENGTH}}$`));
    expect(a.verifier).not.toBe(b.verifier);
    expect(a.challenge).toBe(pkceChallenge(a.verifier));
    // Bytes at or above 198 are dropped, not folded in: a source that gives mostly those still yields 64.
    let calls = 0;
    const skewed = (size: number) => Buffer.from(Array.from({ length: size }, (_, i) => ((calls++ + i) % 4 === 0 ? 7 : 250)));
    expect(pkcePair(skewed).verifier).toMatch(/^[A-Za-z0-9._~-]{64}$/);
    expect(newState()).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('has the CLI’s parameters in the CLI’s order, `scopes` space-joined, and escapes like Python', () => {
    const url = authorizeUrl({
      base: 'https://oidc.eu-west-1.amazonaws.com/',
      clientId: "id!'()*",
      redirectUri: 'http://127.0.0.1:7433/oauth/callback',
      state: 'st',
      challenge: 'ch',
      scopes: ['sso:account:access', 'x:y'],
    });
    expect(url).toBe(
      'https://oidc.eu-west-1.amazonaws.com/authorize?response_type=code&client_id=id%21%27%28%29%2A' +
        '&redirect_uri=http%3A%2F%2F127.0.0.1%3A7433%2Foauth%2Fcallback&state=st&code_challenge_method=S256' +
        '&scopes=sso%3Aaccount%3Aaccess%20x%3Ay&code_challenge=ch',
    );
  });
});

describe('device-code polling', () => {
  const grant: TokenGrant = { accessToken: 'a', expiresIn: 3600 };
  const pending = () => new OidcError('pending', 'AuthorizationPendingException', 'pending');

  it('tries at once, waits the interval while pending, and adds 5 s after SlowDown', async () => {
    const time = new FakeTime();
    const start = time.now;
    const answers: (TokenGrant | OidcError)[] = [pending(), new OidcError('slow-down', 'SlowDownException', 'slow'), pending(), grant];
    const attempts: number[] = [];
    const result = pollDeviceToken({
      attempt: async () => {
        attempts.push(time.now - start);
        const next = answers.shift()!;
        if (next instanceof OidcError) throw next;
        return next;
      },
      interval: 2,
      expiresAt: start + 600_000,
      clock: clockOf(time),
      cancelled: () => false,
    });
    await settle();
    await time.advance(20_000);
    expect(await result).toBe(grant);
    // 2 s, then SlowDown makes it 7 s for every later wait.
    expect(attempts).toEqual([0, 2_000, 9_000, 16_000]);
  });

  it('ends with SIGN_IN_EXPIRED when the code expires, SIGN_IN_DENIED on a denial, and stops when cancelled', async () => {
    const time = new FakeTime();
    const expired = pollDeviceToken({
      attempt: () => Promise.reject(pending()),
      interval: 5,
      expiresAt: time.now + 12_000,
      clock: clockOf(time),
      cancelled: () => false,
    }).catch((error: unknown) => error);
    await settle();
    await time.advance(20_000);
    expect(await expired).toMatchObject({ code: 'SIGN_IN_EXPIRED' });

    const serviceSaysExpired = pollDeviceToken({
      attempt: () => Promise.reject(new OidcError('expired', 'ExpiredTokenException', 'x')),
      interval: 5,
      expiresAt: time.now + 600_000,
      clock: clockOf(time),
      cancelled: () => false,
    });
    await expect(serviceSaysExpired).rejects.toMatchObject({ code: 'SIGN_IN_EXPIRED' });
    const denied = pollDeviceToken({
      attempt: () => Promise.reject(new OidcError('denied', 'AccessDeniedException', 'x')),
      interval: 5,
      expiresAt: time.now + 600_000,
      clock: clockOf(time),
      cancelled: () => false,
    });
    await expect(denied).rejects.toMatchObject({ code: 'SIGN_IN_DENIED' });

    let stop = false;
    let calls = 0;
    const cancelled = pollDeviceToken({
      attempt: () => {
        calls++;
        return Promise.reject(pending());
      },
      interval: 1,
      expiresAt: time.now + 600_000,
      clock: clockOf(time),
      cancelled: () => stop,
    }).catch((error: unknown) => error);
    await settle();
    await time.advance(2_000);
    stop = true;
    await time.advance(5_000);
    expect(await cancelled).toMatchObject({ code: 'SIGN_IN_FAILED' });
    expect(calls).toBe(3);
    expect(time.pending()).toEqual([]);
  });
});

describe('sign-in decisions', () => {
  const now = Date.parse('2026-12-07T10:00:00Z');
  const ref = { cacheId: 's', sessionName: 's', startUrl: 'https://x/start', region: 'eu-west-1' };
  const cached = (minutesLeft: number, refresh = true, registrationExpiresAt = '2027-01-01T00:00:00Z'): CachedToken => ({
    expiresAtMs: now + minutesLeft * 60_000,
    mtimeMs: now,
    token: {
      startUrl: ref.startUrl,
      region: ref.region,
      accessToken: 'a',
      expiresAt: new Date(now + minutesLeft * 60_000).toISOString(),
      ...(refresh ? { clientId: 'c', clientSecret: 's', refreshToken: 'r', registrationExpiresAt } : {}),
    },
  });
  const facts = (token: CachedToken | undefined, over: Partial<LoginFacts> = {}): LoginFacts => ({
    token,
    rejected: false,
    refreshDead: false,
    ...over,
  });

  it('states: signed-out, signed-in, expiring (only when nobody can renew it), expired (by time or by AWS), signing-in', () => {
    expect(loginView(ref, facts(undefined), now)).toMatchObject({ state: 'signed-out', refreshable: false, sessionName: 's' });
    expect(loginView(ref, facts(cached(60)), now)).toMatchObject({
      state: 'signed-in',
      refreshable: true,
      expiresAt: '2026-12-07T11:00:00.000Z',
    });
    expect(loginView(ref, facts(cached(10)), now).state).toBe('signed-in');
    expect(loginView(ref, facts(cached(10, false)), now).state).toBe('expiring');
    expect(loginView(ref, facts(cached(10), { refreshDead: true }), now)).toMatchObject({ state: 'expiring', refreshable: false });
    expect(loginView(ref, facts(cached(10, true, '2026-12-01T00:00:00Z')), now)).toMatchObject({ state: 'expiring', refreshable: false });
    expect(loginView(ref, facts(cached(-1)), now).state).toBe('expired');
    expect(loginView(ref, facts(cached(60), { rejected: true }), now)).toMatchObject({
      state: 'expired',
      reason: 'IAM Identity Center no longer accepts this sign-in.',
    });
    expect(loginView(ref, facts(cached(60), { signingIn: 'device' }), now)).toMatchObject({ state: 'signing-in', flow: 'device' });
  });

  it('renews ahead of the CLI’s and the SDK’s windows, after a refusal, and not more than once a minute', () => {
    expect(REFRESH_AHEAD_MS).toBeGreaterThan(15 * 60_000);
    expect(refreshDue(facts(cached(21)), now, undefined)).toBe(false);
    expect(refreshDue(facts(cached(19)), now, undefined)).toBe(true);
    expect(refreshDue(facts(cached(-5)), now, undefined)).toBe(true); // the access token ran out; the session may not have
    expect(refreshDue(facts(cached(60), { rejected: true }), now, undefined)).toBe(true);
    expect(refreshDue(facts(cached(19)), now, now - 30_000)).toBe(false);
    expect(refreshDue(facts(cached(19)), now, now - 60_000)).toBe(true);
    expect(refreshDue(facts(cached(19, false)), now, undefined)).toBe(false);
    expect(refreshDue(facts(cached(19), { refreshDead: true }), now, undefined)).toBe(false);
  });

  it('warns about the expiry only when the user must act, within 15 minutes', () => {
    expect(warningDue(facts(cached(16, false)), now)).toBeUndefined();
    expect(warningDue(facts(cached(14, false)), now)).toBe(now + 14 * 60_000);
    expect(warningDue(facts(cached(14)), now)).toBeUndefined();
    expect(warningDue(facts(cached(-1, false)), now)).toBeUndefined();
  });
});
