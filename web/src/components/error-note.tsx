import { TriangleExclamationPoint } from 'lucide-react';
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

/** An error the daemon reported: its message, and its hint when there is one. */
export function ErrorNote({ error, title }: { error: Pick<ApiError, 'message' | 'hint'> & { code?: string }; title?: string }) {
  return (
    <div className="error-note" role="alert">
      <TriangleExclamationPoint size={16} aria-hidden className="error-note-icon" />
      <div>
        <p className="error-note-message">
          {title ? <strong>{title}: </strong> : null}
          {error.message}
        </p>
        {error.hint ? <Hint hint={error.hint} /> : null}
      </div>
    </div>
  );
}
