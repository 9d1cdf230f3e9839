import { Check, Copy } from 'lucide-react';
import { useEffect, useState } from 'react';
import { copyText } from '../lib/clipboard';
import { Hidden } from './hidden';

interface Props {
  text: string;
  /** What is copied: the button's accessible name is "Copy <what>". */
  what: string;
  /** Icon only (inside a command or a fact); the full name is still read out and shown on hover. */
  compact?: boolean;
}

type Outcome = 'copied' | 'refused';

/** Copies, and says so on the button itself (no toast over other content); a refusal says what to do instead. */
export function CopyButton({ text, what, compact = false }: Props) {
  const [outcome, setOutcome] = useState<Outcome>();
  useEffect(() => {
    if (!outcome) return;
    const t = setTimeout(() => setOutcome(undefined), outcome === 'copied' ? 1500 : 6000);
    return () => clearTimeout(t);
  }, [outcome]);
  const word = outcome === 'copied' ? 'Copied' : outcome === 'refused' ? 'Not copied: select and copy by hand' : 'Copy';
  return (
    <span className="copy">
      <button
        type="button"
        className={compact ? 'btn btn-icon btn-ghost' : 'btn btn-small'}
        title={`Copy ${what}`}
        onClick={() => void copyText(text).then((ok) => setOutcome(ok ? 'copied' : 'refused'))}
      >
        {outcome === 'copied' ? <Check size={14} aria-hidden /> : <Copy size={14} aria-hidden />}
        {compact ? (
          <span className="visually-hidden">Copy {what}</span>
        ) : (
          <>
            <span>{outcome === 'copied' ? 'Copied' : 'Copy'}</span>
            <Hidden>{what}</Hidden>
          </>
        )}
      </button>
      <span role="status" className={outcome === 'refused' ? 'field-error small' : 'visually-hidden'}>
        {outcome ? word : ''}
      </span>
    </span>
  );
}
