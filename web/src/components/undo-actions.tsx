import { Undo2, X } from 'lucide-react';
import { useEffect, useRef } from 'react';
import { Hidden } from './hidden';
import { LiveButton } from './live-button';

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
  const undo = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (focus) undo.current?.focus();
  }, [focus]);
  return (
    <div className="actions">
      <LiveButton ref={undo} className="btn btn-small" disabled={restoring} onClick={onUndo}>
        <Undo2 size={14} aria-hidden /> {restoring ? 'Restoring…' : 'Undo'}
        <Hidden>removing {name}</Hidden>
      </LiveButton>
      <button type="button" className="btn btn-icon btn-ghost" title="Dismiss" onClick={onDismiss}>
        <X size={14} aria-hidden />
        <span className="visually-hidden">Dismiss the note about {name}</span>
      </button>
    </div>
  );
}
