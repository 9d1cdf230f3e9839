import { Trash } from 'lucide-react';
import { useEffect, useRef, useState, type ReactNode, type RefObject } from 'react';

/**
 * "Really remove?" asked in place: Keep it gets the focus when the question shows, and the Remove button gets it
 * back when the user keeps the thing (Escape or Keep it), so focus never falls to the page.
 */
export function useConfirmRemove() {
  const [confirming, setConfirming] = useState(false);
  const removeButton = useRef<HTMLButtonElement>(null);
  const keepButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) keepButton.current?.focus();
  }, [confirming]);
  const cancel = () => {
    setConfirming(false);
    requestAnimationFrame(() => removeButton.current?.focus());
  };
  return { confirming, ask: () => setConfirming(true), close: () => setConfirming(false), cancel, removeButton, keepButton };
}

interface Props {
  /** The question's element id (the group is labelled by it). */
  id: string;
  question: ReactNode;
  /** The danger button's content after the trash icon, e.g. "Remove tunnel" with its hidden name. */
  confirmLabel: ReactNode;
  disabled: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  keepButton: RefObject<HTMLButtonElement | null>;
}

export function ConfirmRemove({ id, question, confirmLabel, disabled, onConfirm, onCancel, keepButton }: Props) {
  return (
    <div
      className="confirm"
      role="group"
      aria-labelledby={id}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onCancel();
      }}
    >
      <p id={id}>{question}</p>
      <div className="actions">
        <button type="button" className="btn btn-small btn-danger" disabled={disabled} onClick={onConfirm}>
          <Trash size={14} aria-hidden /> {confirmLabel}
        </button>
        <button type="button" className="btn btn-small" ref={keepButton} onClick={onCancel}>
          Keep it
        </button>
      </div>
    </div>
  );
}
