import { Check, Copy } from 'lucide-react';
import { useEffect, useState } from 'react';
import { copyText } from '../lib/clipboard';

interface Props {
  text: string;
  /** What is copied, for the accessible name ("Copy <what>") and the toast. */
  what: string;
  compact?: boolean;
}

export function CopyButton({ text, what, compact = false }: Props) {
  const [done, setDone] = useState(false);
  useEffect(() => {
    if (!done) return;
    const t = setTimeout(() => setDone(false), 1500);
    return () => clearTimeout(t);
  }, [done]);
  return (
    <button
      type="button"
      className={compact ? 'btn btn-icon btn-ghost' : 'btn btn-small'}
      aria-label={`Copy ${what}`}
      title={`Copy ${what}`}
      onClick={() => void copyText(text, what).then(setDone)}
    >
      {done ? <Check size={14} aria-hidden /> : <Copy size={14} aria-hidden />}
      {compact ? null : <span>{done ? 'Copied' : 'Copy'}</span>}
    </button>
  );
}
