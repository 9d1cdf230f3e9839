import { useCallback, useMemo } from 'react';
import type { Profile } from '../../../shared/api';
import { useSignIn, useSignIns } from '../features/profiles/api/sign-in';
import { reveal } from '../lib/reveal';

/**
 * Signing a profile in from elsewhere than the profile (a tunnel waiting for it). The sign-in is the profile's:
 * its progress, its code and its failure show there, so a code to confirm or a failure brings the profile into view.
 */
export function useSignInCommands(profiles: Profile[] | undefined) {
  const { signIn } = useSignIn();
  const attempts = useSignIns();
  const ssoNames = useMemo(() => new Set((profiles ?? []).filter((p) => p.login).map((p) => p.name)), [profiles]);
  const canSignIn = useCallback((profile: string) => ssoNames.has(profile), [ssoNames]);
  const signingIn = useCallback((profile: string) => attempts[profile]?.phase === 'starting', [attempts]);
  const fromTunnel = useCallback(
    (profile: string) =>
      void signIn(profile).then((start) => {
        if (!start || start.flow === 'device') reveal({ kind: 'profile', name: profile });
      }),
    [signIn],
  );
  return { canSignIn, signingIn, fromTunnel };
}
