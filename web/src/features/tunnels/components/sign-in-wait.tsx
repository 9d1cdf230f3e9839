import { LogIn, RefreshCw } from 'lucide-react';
import type { Tunnel } from '../../../../../shared/api';
import { Hidden } from '../../../components/hidden';
import { reveal } from '../../../lib/reveal';
import { LiveButton } from '../../../components/live-button';

interface Props {
  tunnel: Tunnel;
  /** The profile signs in with IAM Identity Center: Sign in here signs it in (the profile shows the progress). */
  canSignIn: boolean;
  signingIn: boolean;
  busy: boolean;
  onSignIn: (profile: string) => void;
  onRetry: () => void;
}

/**
 * A tunnel waiting for its profile's sign-in: what it waits for, that its port still holds clients, and the
 * clicks that end the wait (sign the profile in, or try at once). Why the sign-in ended is said on the profile.
 */
export function SignInWait({ tunnel: t, canSignIn, signingIn, busy, onSignIn, onRetry }: Props) {
  return (
    <div className="sign-in-wait" data-testid="sign-in-wait">
      <p className="small">
        localhost:{t.localPort} still listens: a client that connects now waits (up to 30 s), and the tunnel resumes by itself once profile{' '}
        <strong>{t.profile}</strong> works again.
      </p>
      <div className="actions">
        {canSignIn ? (
          <LiveButton className="btn btn-small btn-primary" disabled={signingIn} onClick={() => onSignIn(t.profile)}>
            <LogIn size={14} aria-hidden /> {signingIn ? 'Signing in…' : 'Sign in'}
            <Hidden>to {t.profile}</Hidden>
          </LiveButton>
        ) : null}
        <LiveButton className="btn btn-small" disabled={busy} onClick={onRetry}>
          <RefreshCw size={14} aria-hidden /> Retry now<Hidden>for {t.name}</Hidden>
        </LiveButton>
        <button type="button" className="link small" onClick={() => reveal({ kind: 'profile', name: t.profile })}>
          Show profile {t.profile}
        </button>
      </div>
    </div>
  );
}
