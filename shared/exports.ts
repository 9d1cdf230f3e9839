// Porthole's tunnels written into the files of the clients people already use (POST /api/exports/…):
// DBeaver's `data-sources-porthole.json`, a pgAdmin `servers.json` to import, and a Porthole-owned block
// in libpq's service file. Every export mirrors all saved tunnels the client can use; none holds a password.
// Fields may be added, never renamed or dropped.

export type ExportClient = 'dbeaver' | 'pgadmin' | 'pg-service';

export interface ExportedTunnel {
  tunnelId: string;
  tunnel: string;
  /** What the client calls it: the DBeaver connection id, the pgAdmin server name, the libpq service name. */
  entry: string;
}

export interface SkippedTunnel {
  tunnelId: string;
  tunnel: string;
  reason: string;
}

export interface ExportResult {
  client: ExportClient;
  /** The file written. */
  path: string;
  /** The previous version of Porthole's own file, kept beside it when it differed (DBeaver, pgAdmin). */
  backupPath?: string;
  written: ExportedTunnel[];
  skipped: SkippedTunnel[];
  /** What to do next, in one sentence. */
  next: string;
}

/** Where each export goes by default on this machine (GET /api/exports). */
export interface ExportLocations {
  dbeaver: {
    /** The workspace found in the usual places, if any. */
    workspace?: string;
    /** The usual places, most likely first. */
    candidates: string[];
  };
  pgadmin: { folder: string; file: string };
  pgService: { path: string; exists: boolean };
}

export interface DbeaverExportRequest {
  /** A DBeaver workspace folder (the one holding `General/`), absolute; default: the one found. */
  workspace?: string;
}

export interface PgAdminExportRequest {
  /** An existing folder, absolute; default: Porthole's config folder. */
  folder?: string;
}
