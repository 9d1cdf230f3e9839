import { TriangleExclamationPoint, X } from 'lucide-react';
import type { ReactNode } from 'react';
import type { ApiError } from '../../../shared/api';
import { Command } from './command';
import { splitHint } from './hint';

/** A hint with its commands made copyable. */
export function Hint({ hint }: { hint: string }) {
  return (
    <span className="hint">
      {splitHint(hint).map((part, i) => ('code' in part ? <Command key={i} value={part.code} /> : <span key={i}>{part.text}</span>))}
    </span>
  );
}

interface Props {
  error: Pick<ApiError, 'message' | 'hint'> & { code?: string };
  title?: string;
  /** Something to do about it that lives elsewhere, e.g. a link to the profile that needs a sign-in. */
  action?: ReactNode;
  /** For a failure of something the user did (it stays until dismissed or done again successfully). */
  onDismiss?: () => void;
}

/** An error where it happened: its message, its hint (commands copyable) and what to do. */
export function ErrorNote({ error, title, action, onDismiss }: Props) {
  return (
    <div className="error-note" role="alert">
      <TriangleExclamationPoint size={16} aria-hidden className="error-note-icon" />
      <div>
        <p className="error-note-message">
          {title ? <strong>{title}: </strong> : null}
          {error.message}
        </p>
        {error.hint ? <Hint hint={error.hint} /> : null}
        {action}
      </div>
      {onDismiss ? (
        <button type="button" className="btn btn-icon btn-ghost error-note-close" title="Dismiss" onClick={onDismiss}>
          <X size={14} aria-hidden />
          <span className="visually-hidden">Dismiss this error</span>
        </button>
      ) : null}
    </div>
  );
}
