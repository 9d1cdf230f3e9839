import { Cable, Play, RefreshCw, RotateCw, ScrollText, Square, Trash } from 'lucide-react';
import { memo, type ReactNode } from 'react';
import type { ApiError, Tunnel } from '../../../../../shared/api';
import { ConfirmRemove, useConfirmRemove } from '../../../components/confirm-remove';
import { ErrorNote } from '../../../components/error-note';
import { useOnline } from '../../../lib/link';
import { useNow } from '../../../lib/use-now';
import type { TunnelAction } from '../api/tunnel-actions';
import { isRunning, retryNote, STATE_META, startSteps } from '../lib/tunnel-state';
import { DiagnosisLine, offersDiagnosis } from './diagnosis-line';
import { SignInWait } from './sign-in-wait';
import { StartProgress } from './start-progress';
import { StateBadge } from './state-badge';
import { TunnelFacts } from './tunnel-facts';
import { TunnelMessage } from './tunnel-message';
import { Hidden } from '../../../components/hidden';
import { LiveButton } from '../../../components/live-button';

export type DrawerSection = 'details' | 'connect' | 'logs';

/** The last action on a tunnel that failed: shown on its card until dismissed or the next action. */
export interface ActionFailure {
  what: string;
  error: ApiError;
}

interface Props {
  tunnel: Tunnel;
  hostName?: string;
  busy: boolean;
  failure?: ActionFailure;
  onAction: (id: string, action: TunnelAction) => void;
  onRemove: (id: string) => void;
  onOpen: (id: string, section: DrawerSection) => void;
  onDismissFailure: (id: string) => void;
  /** The tunnel's profile can sign in from here (IAM Identity Center), and a sign-in of it is under way. */
  canSignIn: boolean;
  signingIn: boolean;
  onSignIn: (profile: string) => void;
  /** Opens the diagnosis of this tunnel's database through its jump host. */
  onDiagnose: (t: Tunnel) => void;
}

const ACTION_WORDS: Record<'start' | 'stop' | 'restart', string> = { start: 'Start', stop: 'Stop', restart: 'Restart' };

export const TunnelCard = memo(function TunnelCard({
  tunnel: t,
  hostName,
  busy,
  failure,
  onAction,
  onRemove,
  onOpen,
  onDismissFailure,
  canSignIn,
  signingIn,
  onSignIn,
  onDiagnose,
}: Props) {
  const online = useOnline();
  const onTheWayUp = online && startSteps(t, hostName ?? t.jumpHostId) !== undefined;
  const now = useNow(1000, isRunning(t));
  const { confirming, ask, close, cancel, removeButton, keepButton } = useConfirmRemove();
  const nameId = `tunnel-name-${t.id}`;
  const disabled = busy || !online;
  const hidden = <Hidden>{t.name}</Hidden>;
  const act = (action: 'start' | 'stop' | 'restart', icon: ReactNode, primary = false) => (
    <LiveButton className={`btn btn-small${primary ? ' btn-primary' : ''}`} disabled={busy} onClick={() => onAction(t.id, action)}>
      {icon} {ACTION_WORDS[action]}
      {hidden}
    </LiveButton>
  );
  const retry = online ? retryNote(t, now) : undefined;

  return (
    <article
      className={`tunnel-card tone-${online ? STATE_META[t.state].tone : 'grey'}`}
      data-testid={`tunnel-${t.id}`}
      aria-labelledby={nameId}
    >
      <div className="tunnel-head">
        <h3 className="tunnel-title" id={nameId}>
          <button type="button" className="tunnel-name link-button" data-tunnel-focus onClick={() => onOpen(t.id, 'details')}>
            {t.name}
            <Hidden>(details)</Hidden>
          </button>
        </h3>
        <StateBadge state={t.state} testId="tunnel-state" />
      </div>
      <p className="muted small ident">
        {t.profile} / {t.region} · {t.target.engine ?? 'database'} · {t.target.host}:{t.target.port}
      </p>
      {!online ? (
        <p className="tunnel-reason muted" data-testid="tunnel-reason">
          State unknown while Porthole is not answering.
        </p>
      ) : onTheWayUp && !t.error && t.state !== 'reconnecting' ? null : (
        <TunnelMessage tunnel={t} hostName={hostName} />
      )}
      {online && t.state === 'waiting-for-sign-in' ? (
        <SignInWait
          tunnel={t}
          canSignIn={canSignIn}
          signingIn={signingIn}
          busy={busy}
          onSignIn={onSignIn}
          onRetry={() => onAction(t.id, 'start')}
        />
      ) : null}
      {online && offersDiagnosis(t) ? <DiagnosisLine tunnel={t} onShow={() => onDiagnose(t)} /> : null}
      {onTheWayUp ? <StartProgress tunnel={t} hostName={hostName ?? t.jumpHostId} now={now} /> : null}
      {retry ? (
        <p className="retry-note small warn-text" data-testid="retry-note">
          <span>{retry}</span>
          {/* POST …/start on a tunnel waiting out its backoff tries again at once. */}
          <LiveButton className="btn btn-small" disabled={busy} onClick={() => onAction(t.id, 'start')}>
            <RefreshCw size={14} aria-hidden /> Retry now<Hidden>for {t.name}</Hidden>
          </LiveButton>
        </p>
      ) : null}
      <TunnelFacts tunnel={t} hostName={hostName} now={now} />
      {failure ? <ErrorNote error={failure.error} title={`${failure.what} failed`} onDismiss={() => onDismissFailure(t.id)} /> : null}
      {confirming ? (
        <ConfirmRemove
          id={`${nameId}-confirm`}
          question={
            <>
              Remove <strong>{t.name}</strong>? The tunnel stops and Porthole forgets it; localhost:{t.localPort} is freed. You can undo
              this.
            </>
          }
          confirmLabel={<>Remove tunnel{hidden}</>}
          disabled={disabled}
          onConfirm={() => {
            close();
            onRemove(t.id);
          }}
          onCancel={cancel}
          keepButton={keepButton}
        />
      ) : (
        <div className="actions">
          <button type="button" className="btn btn-small" onClick={() => onOpen(t.id, 'connect')}>
            <Cable size={14} aria-hidden /> Connection strings
            <Hidden>for {t.name}</Hidden>
          </button>
          {isRunning(t) ? act('stop', <Square size={14} aria-hidden />) : act('start', <Play size={14} aria-hidden />, true)}
          {isRunning(t) ? act('restart', <RotateCw size={14} aria-hidden />) : null}
          <button type="button" className="btn btn-small btn-ghost" onClick={() => onOpen(t.id, 'logs')}>
            <ScrollText size={14} aria-hidden /> Logs
            <Hidden>of {t.name}</Hidden>
          </button>
          <LiveButton ref={removeButton} className="btn btn-small btn-ghost push-right" disabled={busy} onClick={ask}>
            <Trash size={14} aria-hidden /> Remove{hidden}
          </LiveButton>
        </div>
      )}
    </article>
  );
});
