import { describe, expect, it } from 'vitest';
import type { DaemonEvent, ProfileLogin } from '../../shared/api.js';
import { afterSignIn, profileWorksAgain } from './sign-in-wait.js';

const login = (state: ProfileLogin['state']): ProfileLogin => ({
  state,
  refreshable: true,
  startUrl: 'https://x/start',
  ssoRegion: 'eu-west-1',
});
const profileEvent = (data: Extract<DaemonEvent, { type: 'profile' }>['data']): DaemonEvent => ({ type: 'profile', data });

describe('which events wake tunnels waiting for sign-in', () => {
  it('a sign-in that works (signed in or about to expire), a renewal, or a passed check; nothing else', () => {
    expect(
      profileWorksAgain(
        profileEvent({ profile: 'dev', kind: 'sign-in', outcome: 'signed-in', login: login('signed-in'), message: 'Signed in to x.' }),
      ),
    ).toEqual({
      profile: 'dev',
      why: 'Signed in to x',
    });
    expect(profileWorksAgain(profileEvent({ profile: 'dev', kind: 'login', login: login('expiring'), message: 'm' }))).toEqual({
      profile: 'dev',
      why: 'm',
    });
    expect(profileWorksAgain(profileEvent({ profile: 'keys', kind: 'credentials', message: 'Profile "keys" works.' }))?.profile).toBe(
      'keys',
    );
    for (const state of ['signed-out', 'signing-in', 'expired'] as const) {
      expect(profileWorksAgain(profileEvent({ profile: 'dev', kind: 'login', login: login(state), message: 'm' })), state).toBeUndefined();
    }
    expect(
      profileWorksAgain(profileEvent({ profile: 'dev', kind: 'expiry-warning', login: login('expiring'), message: 'm' })),
    ).toBeUndefined();
    expect(
      profileWorksAgain(profileEvent({ profile: 'dev', kind: 'sign-in', outcome: 'started', login: login('signing-in'), message: 'm' })),
    ).toBeUndefined();
    expect(profileWorksAgain({ type: 'tunnel-removed', data: { id: 't' } })).toBeUndefined();
  });

  it('a lazy tunnel with nobody waiting listens idle; anything else starts a session', () => {
    const spec = { lazy: true, localPort: 5433, profile: 'dev' };
    expect(afterSignIn(spec, 0, 'signed in').event).toBe('listen');
    expect(afterSignIn(spec, 1, 'signed in').event).toBe('signed-in');
    expect(afterSignIn({ ...spec, lazy: false }, 0, 'signed in')).toEqual({
      event: 'signed-in',
      reason: 'signed in: profile dev works again; starting a session on port 5433',
    });
  });
});
