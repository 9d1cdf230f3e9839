import { Trash } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import type { SsoAccountSource as Source } from '../../../../../shared/api';
import { CopyButton } from '../../../components/copy-button';
import { Hidden } from '../../../components/hidden';
import { OFFLINE_TITLE, useOnline } from '../../../lib/link';

interface Props {
  name: string;
  source: Source;
  busy: boolean;
  onRemove: () => void;
}

/**
 * An account/role added from a sign-in: what it is, the ~/.aws/config section that gives the AWS CLI the same
 * profile (copyable), and Remove (asked in place, undone where it was).
 */
export function SsoAccountSource({ name, source, busy, onRemove }: Props) {
  const online = useOnline();
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
  const confirmId = `remove-source-${name.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  return (
    <div className="source" data-testid={`sso-source-${name}`}>
      <p className="small">
        Account <strong className="ident">{source.accountName ?? source.accountId}</strong>{' '}
        <span className="muted mono">{source.accountId}</span> as <span className="mono ident">{source.roleName}</span>, through the sign-in
        of <strong className="ident">{source.sourceProfile}</strong>.
      </p>
      <details className="snippet">
        <summary className="small">For the AWS CLI: the ~/.aws/config section</summary>
        <pre className="conn-value" tabIndex={0}>
          <code>{source.configSnippet}</code>
        </pre>
        <CopyButton text={source.configSnippet} what={`config snippet for ${name}`} />
      </details>
      {confirming ? (
        <div
          className="confirm"
          role="group"
          aria-labelledby={confirmId}
          onKeyDown={(e) => {
            if (e.key === 'Escape') cancel();
          }}
        >
          <p id={confirmId}>
            Remove <strong>{name}</strong>? Porthole stops listing its databases; your AWS files are not touched. You can undo this.
          </p>
          <div className="actions">
            <button
              type="button"
              className="btn btn-small btn-danger"
              disabled={busy || !online}
              onClick={() => {
                setConfirming(false);
                onRemove();
              }}
            >
              <Trash size={14} aria-hidden /> Remove source
              <Hidden>{name}</Hidden>
            </button>
            <button type="button" className="btn btn-small" ref={keepButton} onClick={cancel}>
              Keep it
            </button>
          </div>
        </div>
      ) : (
        <div className="actions">
          <button
            type="button"
            ref={removeButton}
            className="btn btn-small btn-ghost"
            disabled={busy || !online}
            title={online ? undefined : OFFLINE_TITLE}
            onClick={() => setConfirming(true)}
          >
            <Trash size={14} aria-hidden /> {busy ? 'Removing…' : 'Remove'}
            <Hidden>{name}</Hidden>
          </button>
        </div>
      )}
    </div>
  );
}
