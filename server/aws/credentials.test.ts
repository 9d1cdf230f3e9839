import { describe, expect, it } from 'vitest';
import { ENV_PROFILE } from '../../shared/api.js';
import { memoizeCredentials, sdkProvider } from './credentials.js';

describe('memoizeCredentials', () => {
  it('shares one in-flight resolution and keeps credentials without expiry', async () => {
    let calls = 0;
    const provider = memoizeCredentials(async () => {
      calls += 1;
      return { accessKeyId: `AKID${calls}`, secretAccessKey: 's' };
    });
    const [a, b] = await Promise.all([provider(), provider()]);
    expect(a).toBe(b);
    expect((await provider()).accessKeyId).toBe('AKID1');
    expect(calls).toBe(1);
  });

  it('resolves again within five minutes of expiry', async () => {
    let now = 0;
    let calls = 0;
    const provider = memoizeCredentials(
      async () => {
        calls += 1;
        return { accessKeyId: `AKID${calls}`, secretAccessKey: 's', expiration: new Date(10 * 60_000) };
      },
      () => now,
    );
    expect((await provider()).accessKeyId).toBe('AKID1');
    now = 4 * 60_000;
    expect((await provider()).accessKeyId).toBe('AKID1');
    now = 6 * 60_000;
    expect((await provider()).accessKeyId).toBe('AKID2');
  });

  it('never keeps a failure', async () => {
    let fail = true;
    const provider = memoizeCredentials(async () => {
      if (fail) throw new Error('no credentials yet');
      return { accessKeyId: 'AKID', secretAccessKey: 's' };
    });
    await expect(provider()).rejects.toThrow('no credentials yet');
    fail = false;
    expect((await provider()).accessKeyId).toBe('AKID');
  });
});

describe('sdkProvider', () => {
  it('reads an injected environment for the environment pseudo-profile', async () => {
    const provider = sdkProvider(ENV_PROFILE, {
      AWS_ACCESS_KEY_ID: 'AKIDENV',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_SESSION_TOKEN: 'token',
      AWS_CREDENTIAL_EXPIRATION: '2030-01-01T00:00:00Z',
    });
    const identity = await provider();
    expect(identity).toMatchObject({ accessKeyId: 'AKIDENV', sessionToken: 'token' });
    expect(identity.expiration?.toISOString()).toBe('2030-01-01T00:00:00.000Z');
  });

  it('fails with a CredentialsProviderError when the environment has no keys', async () => {
    await expect(sdkProvider(ENV_PROFILE, {})()).rejects.toMatchObject({ name: 'CredentialsProviderError' });
  });
});
