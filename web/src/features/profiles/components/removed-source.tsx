import { Undo2, X } from 'lucide-react';
import { useEffect, useRef } from 'react';
import { ErrorNote } from '../../../components/error-note';
import { Hidden } from '../../../components/hidden';
import { OFFLINE_TITLE, useOnline } from '../../../lib/link';
import type { RemovedSource } from './use-source-removal';

/** Where a removed sso-account source was: Undo (focused right after the removal) brings it back as it was. */
export function RemovedSourceNote({ removed, onUndo, onDismiss }: { removed: RemovedSource; onUndo: () => void; onDismiss: () => void }) {
  const online = useOnline();
  const undo = useRef<HTMLButtonElement>(null);
  const name = removed.profile.name;
  useEffect(() => {
    if (removed.focus) undo.current?.focus();
  }, [removed.focus]);
  return (
    <li className="profile removed-source" data-testid={`removed-source-${name}`}>
      <p role="status" className="small">
        Removed <strong>{name}</strong>.
      </p>
      <div className="actions">
        <button
          type="button"
          ref={undo}
          className="btn btn-small"
          disabled={removed.restoring || !online}
          title={online ? undefined : OFFLINE_TITLE}
          onClick={onUndo}
        >
          <Undo2 size={14} aria-hidden /> {removed.restoring ? 'Restoring…' : 'Undo'}
          <Hidden>removing {name}</Hidden>
        </button>
        <button type="button" className="btn btn-icon btn-ghost" title="Dismiss" onClick={onDismiss}>
          <X size={14} aria-hidden />
          <span className="visually-hidden">Dismiss the note about {name}</span>
        </button>
      </div>
      {removed.error ? <ErrorNote error={removed.error} title="Undo failed" /> : null}
    </li>
  );
}
