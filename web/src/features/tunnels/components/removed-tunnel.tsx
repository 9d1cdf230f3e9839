import { Undo2, X } from 'lucide-react';
import { useEffect, useRef } from 'react';
import type { ApiError, Tunnel } from '../../../../../shared/api';
import { ErrorNote } from '../../../components/error-note';
import { OFFLINE_TITLE, useOnline } from '../../../lib/link';
import { Hidden } from '../../../components/hidden';

/** A removed tunnel, kept where its card was so the user can undo; focus lands on Undo. */
export interface Removed {
  tunnel: Tunnel;
  /** Where its card was in the list. */
  index: number;
  restoring?: boolean;
  error?: ApiError;
}

interface Props {
  removed: Removed;
  focus: boolean;
  onUndo: (id: string) => void;
  onDismiss: (id: string) => void;
}

export function RemovedTunnel({ removed, focus, onUndo, onDismiss }: Props) {
  const { tunnel: t } = removed;
  const online = useOnline();
  const undo = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (focus) undo.current?.focus();
  }, [focus]);
  return (
    <div className="removed-card" role="group" aria-label={`Removed tunnel ${t.name}`} data-testid={`removed-${t.id}`}>
      <p role="status">
        Removed <strong>{t.name}</strong> (localhost:{t.localPort}).
      </p>
      <div className="actions">
        <button
          type="button"
          ref={undo}
          className="btn btn-small"
          disabled={removed.restoring || !online}
          title={online ? undefined : OFFLINE_TITLE}
          onClick={() => onUndo(t.id)}
        >
          <Undo2 size={14} aria-hidden /> {removed.restoring ? 'Restoring…' : 'Undo'}
          <Hidden>removing {t.name}</Hidden>
        </button>
        <button type="button" className="btn btn-icon btn-ghost" title="Dismiss" onClick={() => onDismiss(t.id)}>
          <X size={14} aria-hidden />
          <span className="visually-hidden">Dismiss the note about {t.name}</span>
        </button>
      </div>
      {removed.error ? <ErrorNote error={removed.error} title="Undo failed" /> : null}
    </div>
  );
}
