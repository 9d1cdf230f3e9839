import { describe, expect, it } from 'vitest';
import type { ProfileEvent, ProfileLogin } from '../../../../../shared/api';
import { afterEvent, afterStart, expiryWarning, loginLine, loginNeedsUser, reasonAddsTo, splitMfaHint } from './sign-in';

const now = Date.parse('2026-11-22T12:00:00.000Z');
const at = (ms: number) => new Date(now + ms).toISOString();
const login = (patch: Partial<ProfileLogin>): ProfileLogin => ({
  state: 'signed-in',
  refreshable: true,
  startUrl: 'https://acme.awsapps.com/start',
  ssoRegion: 'eu-west-1',
  expiresAt: at(3_600_000),
  ...patch,
});
const event = (patch: Partial<ProfileEvent>): ProfileEvent => ({ profile: 'dev', kind: 'sign-in', message: 'm', ...patch });
const device = {
  flow: 'device' as const,
  verificationUri: 'https://x/device',
  verificationUriComplete: 'https://x/device?user_code=ABCD-EFGH',
  userCode: 'ABCD-EFGH',
  expiresAt: at(600_000),
};

describe('afterStart', () => {
  it('shows what the user must do, or that a renewal needed nobody', () => {
    expect(afterStart({ phase: 'starting' }, device, now)).toEqual({ phase: 'waiting', start: device });
    expect(afterStart({ phase: 'starting' }, { flow: 'refreshed', expiresAt: at(1) }, now)).toEqual({
      phase: 'signed-in',
      at: now,
      renewed: true,
    });
  });

  it('never undoes an outcome an event brought first', () => {
    const done = { phase: 'signed-in' as const, at: now - 5, renewed: true };
    expect(afterStart(done, { flow: 'refreshed', expiresAt: at(1) }, now)).toBe(done);
  });
});

describe('afterEvent', () => {
  it('a sign-in that succeeded or failed ends the wait; its error stays until dismissed', () => {
    const waiting = { phase: 'waiting' as const, start: device };
    expect(afterEvent(waiting, event({ outcome: 'signed-in', flow: 'device' }), now)).toEqual({
      phase: 'signed-in',
      at: now,
      renewed: false,
    });
    const error = { code: 'SIGN_IN_DENIED', message: 'denied' };
    expect(afterEvent(waiting, event({ outcome: 'failed', error }), now)).toEqual({ phase: 'failed', error });
  });

  it('a sign-in started elsewhere shows as under way; one started here keeps its code', () => {
    expect(afterEvent(undefined, event({ outcome: 'started' }), now)).toEqual({ phase: 'waiting' });
    const waiting = { phase: 'waiting' as const, start: device };
    expect(afterEvent(waiting, event({ outcome: 'started' }), now)).toBe(waiting);
  });

  it('a login made with the AWS CLI while a sign-in waited ends it; other events change nothing', () => {
    const waiting = { phase: 'waiting' as const, start: device };
    expect(afterEvent(waiting, event({ kind: 'login', login: login({}) }), now)).toMatchObject({ phase: 'signed-in' });
    expect(afterEvent(undefined, event({ kind: 'login', login: login({}) }), now)).toBeUndefined();
    const failed = { phase: 'failed' as const, error: { code: 'SIGN_IN_DENIED', message: 'denied' } };
    expect(afterEvent(failed, event({ kind: 'login', login: login({}) }), now)).toMatchObject({ phase: 'signed-in' });
    expect(afterEvent(failed, event({ kind: 'login', login: login({ state: 'expired' }) }), now)).toBe(failed);
    expect(afterEvent(waiting, event({ kind: 'expiry-warning' }), now)).toBe(waiting);
  });
});

describe('loginLine', () => {
  it('says the state in words, with what the countdown counts down to', () => {
    expect(loginLine(login({}), now)).toMatchObject({ tone: 'ok', countdown: { label: 'renews by itself; token ends in' }, urgent: false });
    expect(loginLine(login({ refreshable: false }), now)).toMatchObject({ words: 'Signed in', countdown: { label: 'ends in' } });
    expect(loginLine(login({ state: 'expired', expiresAt: at(-1000) }), now)).toEqual({
      words: 'Sign-in expired',
      tone: 'bad',
      urgent: true,
    });
    expect(loginLine(login({ state: 'signed-out', expiresAt: undefined }), now).urgent).toBe(true);
  });

  it('shows no countdown for a time already past', () => {
    expect(loginLine(login({ expiresAt: at(-1) }), now).countdown).toBeUndefined();
  });
});

describe('reasonAddsTo', () => {
  it('leaves out a reason that only repeats the state', () => {
    expect(reasonAddsTo('Sign-in expired', 'The sign-in expired.')).toBe(false);
    expect(reasonAddsTo('Sign-in expired', 'IAM Identity Center no longer accepts this sign-in.')).toBe(true);
    expect(reasonAddsTo('Not signed in', undefined)).toBe(false);
  });
});

describe('expiryWarning', () => {
  it('warns 15 minutes ahead of a sign-in nobody can renew, not of one Porthole renews', () => {
    expect(expiryWarning({ login: login({ state: 'expiring', refreshable: false, expiresAt: at(600_000) }) }, now)).toEqual({
      what: 'login',
      expiresAt: at(600_000),
    });
    expect(expiryWarning({ login: login({ refreshable: false, expiresAt: at(14 * 60_000) }) }, now)?.what).toBe('login');
    expect(expiryWarning({ login: login({ refreshable: true, expiresAt: at(600_000) }) }, now)).toBeUndefined();
    expect(expiryWarning({ login: login({ refreshable: false, expiresAt: at(16 * 60_000) }) }, now)).toBeUndefined();
  });

  it('warns of credentials that are not renewed by themselves; never of ones already gone', () => {
    expect(expiryWarning({ credentials: { renewable: false, expiresAt: at(60_000) } }, now)).toEqual({
      what: 'credentials',
      expiresAt: at(60_000),
    });
    expect(expiryWarning({ credentials: { renewable: true, expiresAt: at(60_000) } }, now)).toBeUndefined();
    expect(expiryWarning({ credentials: { renewable: false, expiresAt: at(-60_000) } }, now)).toBeUndefined();
  });
});

describe('loginNeedsUser', () => {
  it('is true for a sign-in that is gone or going', () => {
    expect(
      ['signed-out', 'expired', 'expiring', 'signed-in', 'signing-in'].map((state) =>
        loginNeedsUser(login({ state: state as ProfileLogin['state'] })),
      ),
    ).toEqual([true, true, true, false, false]);
    expect(loginNeedsUser(undefined)).toBe(false);
  });
});

describe('splitMfaHint', () => {
  it('cuts the command out of the daemon’s advice, so it can be copied whole', () => {
    const hint =
      'In a terminal run eval "$(aws configure export-credentials --profile sec --format env)" (the AWS CLI asks for the code), then start Porthole.';
    expect(splitMfaHint(hint)).toEqual({
      before: 'In a terminal run ',
      command: 'eval "$(aws configure export-credentials --profile sec --format env)"',
      after: ' (the AWS CLI asks for the code), then start Porthole.',
    });
    expect(splitMfaHint('Ask your administrator.')).toEqual({ before: 'Ask your administrator.', after: '' });
  });
});
