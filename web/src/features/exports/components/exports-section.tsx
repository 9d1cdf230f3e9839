import { FilePlus } from 'lucide-react';
import { useId, useState, type FormEvent } from 'react';
import type { ApiError, ExportClient, ExportLocations, ExportResult } from '../../../../../shared/api';
import { Command } from '../../../components/command';
import { ErrorNote } from '../../../components/error-note';
import { useExportLocations, useRunExport } from '../api/exports';
import { CLIENT_LABEL, whereItGoes, writtenWords } from '../lib/export-words';
import { LiveButton } from '../../../components/live-button';

interface Props {
  /** The exports to offer (a tunnel's drawer offers those its engine fits). */
  clients?: ExportClient[];
  /** The section's heading id, so a drawer can have more than one heading level. */
  headingId: string;
}

const ALL: ExportClient[] = ['dbeaver', 'pgadmin', 'pg-service'];

/**
 * "Add to DBeaver", "Add to pgAdmin", "Add to pg_service.conf": each says where it writes before it runs, and what
 * it wrote after (entries, skipped tunnels and why, the previous file kept, what to do next). Every export writes
 * all saved tunnels the client can use, never a password.
 */
export function ExportsSection({ clients = ALL, headingId }: Props) {
  const locations = useExportLocations();
  if (clients.length === 0) return null;
  return (
    <section aria-labelledby={headingId} className="exports" data-testid="exports">
      <h3 id={headingId}>Add your tunnels to your clients</h3>
      <p className="muted small">Every saved tunnel the client can use, with the same settings as the strings here; never a password.</p>
      {locations.error ? <ErrorNote error={locations.error} title="Could not read where the files go" /> : null}
      {locations.data ? clients.map((client) => <ExportItem key={client} client={client} at={locations.data} />) : null}
      {locations.isPending ? <p className="muted small">Looking for your clients' files…</p> : null}
    </section>
  );
}

function ExportItem({ client, at }: { client: ExportClient; at: ExportLocations }) {
  const run = useRunExport(client);
  const [folder, setFolder] = useState('');
  const [result, setResult] = useState<ExportResult>();
  const [error, setError] = useState<ApiError>();
  const fieldId = useId();
  const errorId = useId();
  const needsFolder = client === 'dbeaver' && !at.dbeaver.workspace;
  const folderField = client === 'dbeaver' || client === 'pgadmin';
  const fieldError = error?.code === 'EXPORT_FOLDER_INVALID' ? error : undefined;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    run.mutate(folder.trim() || undefined, {
      onSuccess: (r) => setResult(r),
      onError: (e) => {
        setResult(undefined);
        setError(e as unknown as ApiError);
      },
    });
  };
  return (
    <form className="export" data-testid={`export-${client}`} onSubmit={submit}>
      <p className="small">{whereItGoes(client, at)}</p>
      {folderField ? (
        <div className="export-field">
          <label htmlFor={fieldId} className="small">
            {client === 'dbeaver' ? 'Workspace folder' : 'Folder'}
            {needsFolder ? '' : ' (optional)'}
          </label>
          <input
            id={fieldId}
            type="text"
            value={folder}
            spellCheck={false}
            placeholder={client === 'dbeaver' ? (at.dbeaver.workspace ?? at.dbeaver.candidates[0] ?? '') : at.pgadmin.folder}
            aria-invalid={fieldError !== undefined}
            aria-describedby={fieldError ? errorId : undefined}
            onChange={(e) => setFolder(e.target.value)}
          />
          {fieldError ? (
            <p className="field-error" id={errorId}>
              {fieldError.message}
            </p>
          ) : null}
        </div>
      ) : null}
      <div className="form-actions">
        <LiveButton type="submit" className="btn btn-small" disabled={run.isPending || (needsFolder && folder.trim() === '')}>
          <FilePlus size={14} aria-hidden /> {run.isPending ? 'Writing…' : `Add to ${CLIENT_LABEL[client]}`}
        </LiveButton>
      </div>
      <div role="status" className="export-result" data-testid="export-result">
        {result ? <Written result={result} /> : null}
      </div>
      {error && !fieldError ? (
        <ErrorNote error={error} title={`Not added to ${CLIENT_LABEL[client]}`} onDismiss={() => setError(undefined)} />
      ) : null}
    </form>
  );
}

/** What an export wrote: the file, each entry, what was skipped and why, the backup, and what to do next. */
function Written({ result: r }: { result: ExportResult }) {
  const service = r.client === 'pg-service' ? r.written[0]?.entry : undefined;
  return (
    <div className="small">
      <p className="flash">{writtenWords(r)}</p>
      {r.written.length > 0 ? (
        <ul className="export-list">
          {r.written.map((w) => (
            <li key={w.tunnelId}>
              {w.tunnel} <span className="muted">as</span> <span className="mono ident">{w.entry}</span>
            </li>
          ))}
        </ul>
      ) : null}
      {r.skipped.length > 0 ? (
        <ul className="export-list">
          {r.skipped.map((s) => (
            <li key={s.tunnelId}>
              <span className="warn-text">Skipped {s.tunnel}:</span> {s.reason}
            </li>
          ))}
        </ul>
      ) : null}
      {r.backupPath ? (
        <p className="muted">
          The previous file was kept as <span className="mono ident">{r.backupPath}</span>.
        </p>
      ) : null}
      <p>Next: {r.next}</p>
      {service ? <Command value={`psql service=${service}`} /> : null}
    </div>
  );
}
