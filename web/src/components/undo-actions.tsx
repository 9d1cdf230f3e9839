import { Undo2, X } from 'lucide-react';
import { useEffect, useRef } from 'react';
import { OFFLINE_TITLE, useOnline } from '../lib/link';
import { Hidden } from './hidden';

interface Props {
  /** What was removed, for the buttons' accessible names. */
  name: string;
  restoring: boolean;
  /** Focus Undo (right after the removal). */
  focus: boolean;
  onUndo: () => void;
  onDismiss: () => void;
}

/** Undo and Dismiss for something just removed, kept where it was. */
export function UndoActions({ name, restoring, focus, onUndo, onDismiss }: Props) {
  const online = useOnline();
  const undo = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (focus) undo.current?.focus();
  }, [focus]);
  return (
    <div className="actions">
      <button
        type="button"
        ref={undo}
        className="btn btn-small"
        disabled={restoring || !online}
        title={online ? undefined : OFFLINE_TITLE}
        onClick={onUndo}
      >
        <Undo2 size={14} aria-hidden /> {restoring ? 'Restoring…' : 'Undo'}
        <Hidden>removing {name}</Hidden>
      </button>
      <button type="button" className="btn btn-icon btn-ghost" title="Dismiss" onClick={onDismiss}>
        <X size={14} aria-hidden />
        <span className="visually-hidden">Dismiss the note about {name}</span>
      </button>
    </div>
  );
}
