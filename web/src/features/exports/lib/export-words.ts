import type { ExportClient, ExportLocations, ExportResult } from '../../../../../shared/api';
import { engineFamily } from '../../../../../shared/engines';

export const CLIENT_LABEL: Record<ExportClient, string> = { dbeaver: 'DBeaver', pgadmin: 'pgAdmin', 'pg-service': 'pg_service.conf' };

/** Where an export will write, said before it runs. */
export function whereItGoes(client: ExportClient, at: ExportLocations): string {
  switch (client) {
    case 'dbeaver':
      return at.dbeaver.workspace
        ? `Writes data-sources-porthole.json into ${at.dbeaver.workspace}/General/.dbeaver/, beside your own data-sources.json (never touched). DBeaver reads it when it starts.`
        : `DBeaver's workspace is not in its usual place (${at.dbeaver.candidates[0] ?? 'unknown'}): name your workspace folder (the one holding General/).`;
    case 'pgadmin':
      return `Writes ${at.pgadmin.file}, for pgAdmin's Tools → Import/Export Servers.`;
    case 'pg-service':
      return at.pgService.exists
        ? `Adds Porthole's block to ${at.pgService.path}; every other line stays as it is.`
        : `Creates ${at.pgService.path} with Porthole's block.`;
  }
}

/** "Wrote 2 entries to …" (or that there was nothing to write). */
export function writtenWords(r: ExportResult): string {
  const n = r.written.length;
  if (n === 0) return `Nothing to write: no tunnel ${CLIENT_LABEL[r.client]} can use. ${r.path} now lists none.`;
  return `Wrote ${n} ${n === 1 ? 'entry' : 'entries'} to ${r.path}.`;
}

/** Which exports fit a tunnel's engine: DBeaver for PostgreSQL, MySQL and MariaDB; pgAdmin and libpq for PostgreSQL. */
export function clientsFor(engine: string | undefined, port?: number): ExportClient[] {
  const family = engineFamily(engine, port);
  if (family === 'postgres') return ['dbeaver', 'pgadmin', 'pg-service'];
  return family === 'mysql' || family === 'mariadb' ? ['dbeaver'] : [];
}
