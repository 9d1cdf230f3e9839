import { useEffect, useId, useState, type FormEvent } from 'react';
import type { ApiError, ConnectionInfo, UpdateTunnelRequest } from '../../../../../shared/api';
import { ErrorNote } from '../../../components/error-note';
import { useFlash } from '../../../lib/use-flash';
import { TextField } from '../../../components/text-field';
import { LiveButton } from '../../../components/live-button';

interface Props {
  info: Pick<ConnectionInfo, 'user' | 'database'>;
  onSave: (patch: UpdateTunnelRequest) => Promise<unknown>;
  /** What the confirmation says once saved (default: saved with the tunnel). */
  savedText?: string;
}

/**
 * The database user and database the strings below use, remembered with the tunnel (or, for a direct connection,
 * only while the drawer is open). An empty field goes back to the default (the master user; the target's database, else the engine's).
 */
export function ConnectionDefaults({ info, onSave, savedText = 'Saved for this tunnel; the strings below use them' }: Props) {
  const [user, setUser] = useState(info.user);
  const [database, setDatabase] = useState(info.database);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [flash, setFlash] = useFlash();
  const ids = { user: useId(), database: useId() };
  // What the strings use changed (this form's save, or another window's): show it. The form stays mounted so
  // its confirmation stays in view.
  useEffect(() => {
    setUser(info.user);
    setDatabase(info.database);
  }, [info.user, info.database]);
  const changed = user.trim() !== info.user || database.trim() !== info.database;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    onSave({ user: user.trim(), database: database.trim() })
      .then(() => setFlash(savedText))
      .catch((err: ApiError) => setError(err))
      .finally(() => setBusy(false));
  };

  return (
    <form className="conn-defaults" onSubmit={submit} data-testid="connection-defaults">
      <TextField id={ids.user} label="Database user" value={user} placeholder="master user" onValue={setUser} />
      <TextField id={ids.database} label="Database" value={database} placeholder="default database" onValue={setDatabase} />
      <div className="conn-defaults-actions">
        <LiveButton type="submit" className="btn btn-small" disabled={busy || !changed}>
          {busy ? 'Saving…' : 'Use in the strings'}
        </LiveButton>
        <span role="status" className="muted small">
          {flash ?? ''}
        </span>
      </div>
      {error ? <ErrorNote error={error} title="Not saved" /> : null}
    </form>
  );
}
