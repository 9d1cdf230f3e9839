import { Cable, Play, RefreshCw, RotateCw, ScrollText, Square, Trash } from 'lucide-react';
import { memo, useEffect, useState } from 'react';
import type { Tunnel } from '../../../../../shared/api';
import { ErrorNote } from '../../../components/error-note';
import { formatRelative } from '../../../lib/format';
import { useNow } from '../../../lib/use-now';
import type { TunnelAction } from '../api/tunnel-actions';
import { failingLayer, isRunning, retryNote, STATE_META, stateReason } from '../lib/tunnel-state';
import { StateBadge } from './state-badge';
import { TunnelFacts } from './tunnel-facts';

export type DrawerSection = 'details' | 'connect' | 'logs';

interface Props {
  tunnel: Tunnel;
  busy: boolean;
  onAction: (id: string, action: TunnelAction) => void;
  onRemove: (id: string) => void;
  onOpen: (id: string, section: DrawerSection) => void;
}

export const TunnelCard = memo(function TunnelCard({ tunnel: t, busy, onAction, onRemove, onOpen }: Props) {
  const now = useNow(1000);
  const [confirming, setConfirming] = useState(false);
  useEffect(() => {
    if (!confirming) return;
    const timer = setTimeout(() => setConfirming(false), 4000);
    return () => clearTimeout(timer);
  }, [confirming]);
  const running = isRunning(t);
  const layer = failingLayer(t);
  const error = t.error ?? (t.state === 'unhealthy' ? t.health.error : undefined);
  const retry = retryNote(t, now);

  return (
    <article className={`tunnel-card tone-${STATE_META[t.state].tone}`} data-testid={`tunnel-${t.id}`} aria-label={`Tunnel ${t.name}`}>
      <div className="tunnel-head">
        <button type="button" className="tunnel-name link-button truncate" onClick={() => onOpen(t.id, 'details')} title="Details">
          {t.name}
        </button>
        <StateBadge state={t.state} testId="tunnel-state" />
      </div>
      <p className="tunnel-reason" data-testid="tunnel-reason">
        {stateReason(t)}
        <span className="muted small" title={t.since}>
          {' '}
          · since {formatRelative(t.since, now)}
        </span>
      </p>
      {retry ? (
        <p className="retry-note small warn-text" data-testid="retry-note">
          <span>{retry}</span>
          {/* POST …/start on a tunnel waiting out its backoff tries again at once. */}
          <button
            type="button"
            className="btn btn-small"
            disabled={busy}
            onClick={() => onAction(t.id, 'start')}
            aria-label={`Retry ${t.name} now`}
          >
            <RefreshCw size={14} aria-hidden /> Retry now
          </button>
        </p>
      ) : null}
      {layer ? (
        <p className="small warn-text">
          Failing layer: <strong>{layer.name}</strong>
          {layer.detail ? ` — ${layer.detail}` : ''}
        </p>
      ) : null}
      {error ? <ErrorNote error={error} /> : null}
      <TunnelFacts tunnel={t} now={now} />
      <div className="actions">
        {running ? (
          <button
            type="button"
            className="btn btn-small"
            disabled={busy}
            onClick={() => onAction(t.id, 'stop')}
            aria-label={`Stop ${t.name}`}
          >
            <Square size={14} aria-hidden /> Stop
          </button>
        ) : (
          <button
            type="button"
            className="btn btn-small btn-primary"
            disabled={busy}
            onClick={() => onAction(t.id, 'start')}
            aria-label={`Start ${t.name}`}
          >
            <Play size={14} aria-hidden /> Start
          </button>
        )}
        <button
          type="button"
          className="btn btn-small"
          disabled={busy}
          onClick={() => onAction(t.id, 'restart')}
          aria-label={`Restart ${t.name}`}
        >
          <RotateCw size={14} aria-hidden /> Restart
        </button>
        <button
          type="button"
          className="btn btn-small"
          onClick={() => onOpen(t.id, 'connect')}
          aria-label={`Connection strings for ${t.name}`}
        >
          <Cable size={14} aria-hidden /> Connect
        </button>
        <button type="button" className="btn btn-small" onClick={() => onOpen(t.id, 'logs')} aria-label={`Logs of ${t.name}`}>
          <ScrollText size={14} aria-hidden /> Logs
        </button>
        <button
          type="button"
          className={`btn btn-small ${confirming ? 'btn-danger' : 'btn-ghost'} push-right`}
          title={confirming ? 'Click again to stop and forget this tunnel' : 'Stop and forget this tunnel'}
          disabled={busy}
          aria-label={confirming ? `Confirm removing ${t.name}` : `Remove ${t.name}`}
          onClick={() => {
            if (!confirming) return setConfirming(true);
            setConfirming(false);
            onRemove(t.id);
          }}
        >
          <Trash size={14} aria-hidden /> {confirming ? 'Really remove?' : 'Remove'}
        </button>
      </div>
    </article>
  );
});
