import { Trash } from 'lucide-react';
import type { SsoAccountSource as Source } from '../../../../../shared/api';
import { ConfirmRemove, useConfirmRemove } from '../../../components/confirm-remove';
import { CopyButton } from '../../../components/copy-button';
import { Hidden } from '../../../components/hidden';
import { useOnline } from '../../../lib/link';
import { LiveButton } from '../../../components/live-button';

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
  const { confirming, ask, close, cancel, removeButton, keepButton } = useConfirmRemove();
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
        <ConfirmRemove
          id={confirmId}
          question={
            <>
              Remove <strong>{name}</strong>? Porthole stops listing its databases; your AWS files are not touched. You can undo this.
            </>
          }
          confirmLabel={
            <>
              Remove source<Hidden>{name}</Hidden>
            </>
          }
          disabled={busy || !online}
          onConfirm={() => {
            close();
            onRemove();
          }}
          onCancel={cancel}
          keepButton={keepButton}
        />
      ) : (
        <div className="actions">
          <LiveButton ref={removeButton} className="btn btn-small btn-ghost" disabled={busy} onClick={ask}>
            <Trash size={14} aria-hidden /> {busy ? 'Removing…' : 'Remove'}
            <Hidden>{name}</Hidden>
          </LiveButton>
        </div>
      )}
    </div>
  );
}
