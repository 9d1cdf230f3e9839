import type { DaemonEvent, TunnelSpec } from '../../shared/api.js';

// A tunnel whose start needs the profile's sign-in renewed waits in `waiting-for-sign-in`, keeping its port and
// queued clients and spending no retry (issue 13). What it says while it waits, and where it goes once the
// profile works again.

export function waitingReason(profile: string, message: string): string {
  return `waiting for sign-in to ${profile}: ${message}`;
}

/** A lazy tunnel with nobody waiting goes back to listening idle; otherwise a session starts at once. */
export function afterSignIn(
  spec: Pick<TunnelSpec, 'lazy' | 'localPort' | 'profile'>,
  waiting: number,
  why: string,
): { event: 'listen' | 'signed-in'; reason: string } {
  if (spec.lazy && waiting === 0) {
    return {
      event: 'listen',
      reason: `${why}: profile ${spec.profile} works again; port ${spec.localPort} listens and the next client starts a session`,
    };
  }
  return { event: 'signed-in', reason: `${why}: profile ${spec.profile} works again; starting a session on port ${spec.localPort}` };
}

/**
 * The profile a `profile` event says works again, with the reason in words: a sign-in in Porthole or with
 * `aws sso login` (seen in the cache), a renewal, or a check that passed. Undefined for any other event.
 */
export function profileWorksAgain(event: DaemonEvent): { profile: string; why: string } | undefined {
  if (event.type !== 'profile') return undefined;
  const { kind, login, profile, message } = event.data;
  const signedIn = kind !== 'expiry-warning' && (login?.state === 'signed-in' || login?.state === 'expiring');
  return kind === 'credentials' || signedIn ? { profile, why: message.replace(/\.$/, '') } : undefined;
}
