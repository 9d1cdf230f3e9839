import { KeyRound } from 'lucide-react';
import type { ReactNode } from 'react';
import type { Tunnel, UpdateTunnelRequest } from '../../../../../shared/api';
import { ErrorNote } from '../../../components/error-note';
import { useConnection } from '../api/get-connection';
import { useCopyPassword } from '../api/copy-password';
import { ConnectionDefaults } from './connection-defaults';
import { ConnectionStringBlock } from './connection-string';
import { DbeaverHelp } from './dbeaver-help';

interface Props {
  tunnel: Tunnel;
  /** Saves user and database with the tunnel (PATCH); the strings follow through the event stream. */
  onSave: (patch: UpdateTunnelRequest) => Promise<unknown>;
  /** Shown after the strings: writing the tunnels into the user's clients (another feature's). */
  clients?: ReactNode;
}

/** Connection strings for one tunnel, each with a Copy button; the user and database they name; the password. */
export function ConnectPanel({ tunnel, onSave, clients }: Props) {
  const conn = useConnection(tunnel.id);
  const password = useCopyPassword(tunnel.id);
  if (conn.isPending) return <p className="muted">Loading connection strings…</p>;
  if (conn.error) return <ErrorNote error={conn.error} title="No connection strings" />;
  const info = conn.data;
  return (
    <div className="connect" data-testid="connect-panel">
      <ConnectionDefaults info={info} onSave={onSave} />
      {info.iamAuth || info.hasSecret ? (
        <div className="password-row">
          <button type="button" className="btn btn-primary btn-small" disabled={password.busy} onClick={() => void password.copy()}>
            <KeyRound size={14} aria-hidden /> {password.busy ? 'Getting password…' : 'Copy password'}
          </button>
          <span className="muted small">
            {info.iamAuth
              ? `A fresh IAM auth token for ${info.user} (valid 15 minutes), straight to the clipboard; never shown or stored.`
              : 'The master password from Secrets Manager, straight to the clipboard; never shown or stored.'}
          </span>
          <span role="status" className="small">
            {password.done ?? ''}
          </span>
          {password.error ? <ErrorNote error={password.error} title="No password" onDismiss={password.dismiss} /> : null}
        </div>
      ) : null}
      {info.strings.map((s) => (
        <ConnectionStringBlock key={s.id} item={s} />
      ))}
      <DbeaverHelp hasDbeaverJson={info.strings.some((s) => s.id.startsWith('dbeaver'))} caBundlePath={info.caBundlePath} />
      {clients}
    </div>
  );
}
