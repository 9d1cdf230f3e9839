import { LogIn, TriangleExclamationPoint } from 'lucide-react';
import { Countdown } from '../../../components/countdown';
import { Hidden } from '../../../components/hidden';
import type { ExpiryWarning } from '../lib/sign-in';
import { LiveButton } from '../../../components/live-button';

interface Props {
  name: string;
  warning: ExpiryWarning;
  /** Present when a sign-in renews what ends (an SSO profile): the one click that does it. */
  onSignIn?: () => void;
  busy: boolean;
}

/**
 * Fifteen minutes before a sign-in or credentials that nobody can renew without the user end: said on the
 * profile (not in a toast), with the one click that renews them when there is one.
 */
export function ExpiryNote({ name, warning, onSignIn, busy }: Props) {
  const what = warning.what === 'login' ? 'The sign-in' : 'These credentials';
  return (
    <div className="expiry-note" data-testid="expiry-warning">
      <TriangleExclamationPoint size={15} aria-hidden className="expiry-icon" />
      <div>
        <p className="small">
          <strong>
            {what} end{warning.what === 'login' ? 's' : ''} in <Countdown to={warning.expiresAt} />
          </strong>{' '}
          and {warning.what === 'login' ? 'Porthole cannot renew it' : 'are not renewed by themselves'}. Open sessions keep going; new ones
          then wait.
        </p>
        {onSignIn ? (
          <LiveButton className="btn btn-small btn-primary" disabled={busy} onClick={onSignIn}>
            <LogIn size={14} aria-hidden /> {busy ? 'Signing in…' : 'Sign in again'}
            <Hidden>to {name}</Hidden>
          </LiveButton>
        ) : (
          <p className="small muted">Renew them where they come from (a new export, a new MFA session), then use Check.</p>
        )}
      </div>
    </div>
  );
}
