import { CircleCheck, CircleDashed, CircleX, Clock, KeyRound, LogIn } from 'lucide-react';
import { useEffect } from 'react';
import type { ProfileLogin, SignInFlow } from '../../../../../shared/api';
import { CopyButton } from '../../../components/copy-button';
import { Countdown } from '../../../components/countdown';
import { ErrorNote } from '../../../components/error-note';
import { Hidden } from '../../../components/hidden';
import { Ident } from '../../../components/ident';
import { useOnline } from '../../../lib/link';
import { useFlash } from '../../../lib/use-flash';
import { loginLine, reasonAddsTo, type LoginTone, type PendingStart, type SignInAttempt } from '../lib/sign-in';
import { LiveButton } from '../../../components/live-button';

interface Props {
  name: string;
  login: ProfileLogin;
  attempt?: SignInAttempt;
  now: number;
  /** A sign-in warning is shown (with its own "Sign in again"): this panel then offers no second button. */
  warned: boolean;
  onSignIn: (flow?: SignInFlow) => void;
  onDismiss: () => void;
}

const ICON: Record<LoginTone, typeof CircleCheck> = { ok: CircleCheck, warn: Clock, bad: CircleX, muted: CircleDashed };

/**
 * An SSO profile's sign-in: its state with a countdown, "Sign in", and while a sign-in waits for the user what
 * to do (approve in the tab that opened, or confirm the code shown here). Its failure is said here and only here.
 */
export function SignInPanel({ name, login, attempt, now, warned, onSignIn, onDismiss }: Props) {
  const online = useOnline();
  const [flash, setFlash] = useFlash();
  const signedInAt = attempt?.phase === 'signed-in' ? attempt.at : undefined;
  const renewed = attempt?.phase === 'signed-in' && attempt.renewed;
  useEffect(() => {
    if (signedInAt !== undefined) setFlash(renewed ? 'Renewed the sign-in; nothing to approve' : 'Signed in');
  }, [signedInAt, renewed, setFlash]);
  const line = loginLine(login, now);
  const Icon = ICON[line.tone];
  const starting = attempt?.phase === 'starting';
  const pending = attempt?.phase === 'waiting' ? attempt : undefined;
  return (
    <div className="signin" data-testid="sign-in">
      {online ? (
        <p className={`signin-state tone-text-${line.tone}`} data-testid="login-state">
          <Icon size={14} aria-hidden />
          <span>
            <strong>{line.words}</strong>
            {line.countdown ? (
              <span className="muted">
                {' '}
                · {line.countdown.label} <Countdown to={line.countdown.to} testId="login-countdown" />
              </span>
            ) : null}
          </span>
        </p>
      ) : (
        <p className="muted small" data-testid="login-state">
          Sign-in state unknown while Porthole is not answering.
        </p>
      )}
      {online && line.tone !== 'ok' && reasonAddsTo(line.words, login.reason) ? <p className="muted small">{login.reason}</p> : null}
      <p className="muted small ident">
        IAM Identity Center <Ident text={login.startUrl} /> ({login.ssoRegion})
      </p>
      {warned ? null : (
        <div className="actions">
          <LiveButton
            className={`btn btn-small${line.urgent && !pending ? ' btn-primary' : ''}`}
            disabled={starting}
            onClick={() => onSignIn()}
          >
            <LogIn size={14} aria-hidden /> {starting ? 'Signing in…' : 'Sign in'}
            <Hidden>to {name}</Hidden>
          </LiveButton>
          <span role="status" className="small flash">
            {flash ?? ''}
          </span>
        </div>
      )}
      {pending?.start ? <PendingSignIn name={name} start={pending.start} onDevice={() => onSignIn('device')} disabled={!online} /> : null}
      {pending && !pending.start ? <p className="small">A sign-in is under way (started in another window); approve it there.</p> : null}
      {attempt?.phase === 'failed' ? (
        <ErrorNote
          error={attempt.error}
          title="Sign-in failed"
          onDismiss={onDismiss}
          action={
            <p className="small">
              <button type="button" className="link" disabled={!online} onClick={() => onSignIn('device')}>
                Sign in with a code instead
                <Hidden>to {name}</Hidden>
              </button>{' '}
              (works when this browser cannot come back to Porthole)
            </p>
          }
        />
      ) : null}
    </div>
  );
}

/** What the user does now: approve in the tab that opened (or open it again), or confirm the code. */
function PendingSignIn({
  name,
  start,
  onDevice,
  disabled,
}: {
  name: string;
  start: PendingStart;
  onDevice: () => void;
  disabled: boolean;
}) {
  if (start.flow === 'device') {
    return (
      <div className="signin-pending" data-testid="device-code">
        <p className="small">
          Open{' '}
          <a href={start.verificationUriComplete} target="_blank" rel="noopener noreferrer">
            <Ident text={start.verificationUri} />
          </a>{' '}
          and confirm this code:
        </p>
        <p className="user-code-line">
          <code className="user-code" data-testid="user-code">
            {start.userCode}
          </code>
          <CopyButton text={start.userCode} what={`sign-in code for ${name}`} compact />
        </p>
        <p className="muted small">
          <KeyRound size={12} aria-hidden /> The code is good for <Countdown to={start.expiresAt} ended="no longer: sign in again" /> more;
          this page follows by itself.
        </p>
      </div>
    );
  }
  return (
    <div className="signin-pending" data-testid="sign-in-pending">
      <p className="small">
        IAM Identity Center's page opened in a new tab: choose <strong>Allow</strong> there, and this page follows by itself.
      </p>
      <p className="small">
        <a href={start.authorizeUrl} target="_blank" rel="noopener noreferrer">
          Open the sign-in page again
          <Hidden>for {name}</Hidden>
        </a>{' '}
        <span className="muted">
          (it waits <Countdown to={start.expiresAt} ended="no longer" /> more)
        </span>
      </p>
      <p className="small">
        <button type="button" className="link" disabled={disabled} onClick={onDevice}>
          Use a code instead
          <Hidden>to sign in to {name}</Hidden>
        </button>{' '}
        <span className="muted">if the tab cannot reach back to Porthole (another computer, a remote browser)</span>
      </p>
    </div>
  );
}
