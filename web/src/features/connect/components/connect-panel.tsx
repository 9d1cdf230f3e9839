import { KeyRound } from 'lucide-react';
import { ErrorNote } from '../../../components/error-note';
import { useConnection } from '../api/get-connection';
import { useCopyPassword } from '../api/copy-password';
import { ConnectionStringBlock } from './connection-string';
import { DbeaverHelp } from './dbeaver-help';

/** Connection strings for one tunnel, each with a Copy button, plus the password and DBeaver help. */
export function ConnectPanel({ tunnelId }: { tunnelId: string }) {
  const conn = useConnection(tunnelId);
  const password = useCopyPassword(tunnelId);
  if (conn.isPending) return <p className="muted">Loading connection strings…</p>;
  if (conn.error) return <ErrorNote error={conn.error} title="No connection strings" />;
  const info = conn.data;
  return (
    <div className="connect" data-testid="connect-panel">
      <p className="muted small">
        {info.engine} · user <strong>{info.user}</strong> · database <strong>{info.database}</strong>
      </p>
      {info.iamAuth || info.hasSecret ? (
        <div className="password-row">
          <button type="button" className="btn btn-primary btn-small" disabled={password.busy} onClick={() => void password.copy()}>
            <KeyRound size={14} aria-hidden /> {password.busy ? 'Getting password…' : 'Copy password'}
          </button>
          <span className="muted small">
            {info.iamAuth
              ? 'A fresh IAM auth token (valid 15 minutes), straight to the clipboard; never shown or stored.'
              : 'The master password from Secrets Manager, straight to the clipboard; never shown or stored.'}
          </span>
        </div>
      ) : null}
      {info.strings.map((s) => (
        <ConnectionStringBlock key={s.id} item={s} />
      ))}
      <DbeaverHelp hasDbeaverJson={info.strings.some((s) => s.id.startsWith('dbeaver'))} caBundlePath={info.caBundlePath} />
    </div>
  );
}
