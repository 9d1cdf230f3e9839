import { describe, expect, it } from 'vitest';
import type { ProfileCheck } from '../../../../../shared/api';
import { credentialView, verdictHolds } from './credential-view';

const T0 = '2026-11-22T10:00:00.000Z';
const T1 = '2026-11-22T10:05:00.000Z';
const expired = { code: 'SSO_LOGIN_REQUIRED', message: 'The SSO session has expired.', hint: 'aws sso login --profile sec' };
const okCheck: ProfileCheck = { ok: true, profile: 'dev', account: '111122223333', arn: 'arn:aws:iam::111122223333:user/a', checkedAt: T0 };
const failedCheck: ProfileCheck = { ok: false, profile: 'sec', error: expired, checkedAt: T0 };

describe('credentialView', () => {
  it('is unknown only when nothing tried the credentials', () => {
    expect(credentialView(undefined, {})).toEqual({ kind: 'unknown' });
  });

  it('a region that loaded is proof enough: never "not checked" next to it', () => {
    expect(credentialView(undefined, { worked: { region: 'us-east-1', at: T0 } })).toEqual({ kind: 'works', region: 'us-east-1', at: T0 });
  });

  it('a region fetch refused for the credentials is the failure, even without a check', () => {
    expect(credentialView(undefined, { failed: { region: 'us-east-1', at: T0, error: expired } })).toEqual({
      kind: 'failed',
      error: expired,
      at: T0,
    });
  });

  it('the newest evidence wins: a fetch that worked after a failed check (the user signed in since)', () => {
    expect(credentialView(failedCheck, { worked: { region: 'us-east-1', at: T1 } }).kind).toBe('works');
    expect(credentialView(okCheck, { failed: { region: 'us-east-1', at: T1, error: expired } }).kind).toBe('failed');
  });

  it('a check newer than (or as new as) the fetches speaks with the account', () => {
    expect(credentialView({ ...okCheck, checkedAt: T1 }, { worked: { region: 'us-east-1', at: T0 } })).toMatchObject({
      kind: 'signed-in',
      account: '111122223333',
    });
    expect(credentialView(okCheck, { worked: { region: 'us-east-1', at: T0 } }).kind).toBe('signed-in');
    // A region that loaded after a good check says the same thing: the account stays in view.
    expect(credentialView(okCheck, { worked: { region: 'us-east-1', at: T1 } }).kind).toBe('signed-in');
  });
});

describe('verdictHolds', () => {
  const login = (state: 'signed-in' | 'expired' | 'signed-out') => ({ state, refreshable: true, startUrl: 's', ssoRegion: 'r' });
  it('the sign-in state wins over an older word on the credentials', () => {
    expect(verdictHolds({ kind: 'works', region: 'us-east-1', at: T0 }, login('expired'))).toBe(false);
    expect(verdictHolds({ kind: 'works', region: 'us-east-1', at: T0 }, login('signed-in'))).toBe(true);
    expect(verdictHolds({ kind: 'failed', error: expired, at: T0 }, login('signed-in'))).toBe(false);
    expect(verdictHolds({ kind: 'failed', error: expired, at: T0 }, login('expired'))).toBe(true);
  });
  it('a failure that is not about the sign-in, and profiles without one, keep their verdict', () => {
    const denied = { code: 'ACCESS_DENIED', message: 'no' };
    expect(verdictHolds({ kind: 'failed', error: denied, at: T0 }, login('signed-in'))).toBe(true);
    expect(verdictHolds({ kind: 'works', region: 'us-east-1', at: T0 }, undefined)).toBe(true);
  });
});
