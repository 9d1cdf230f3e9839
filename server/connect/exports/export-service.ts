// "Add to DBeaver", pgAdmin and pg_service.conf: every saved tunnel a client can use, written into that
// client's own kind of file with the same builders as the connection strings (shared/connect). No file gets
// a password: DBeaver's connections say save-password false, pgAdmin gets at most the IAM token command.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ExportLocations, ExportResult, ExportedTunnel, SkippedTunnel, Tunnel } from '../../../shared/api.js';
import { dbeaverConnectionId, dbeaverDataSourcesDocument, type DbeaverEndpoint } from '../../../shared/connect/dbeaver.js';
import { iamTokenCommand } from '../../../shared/connect/iam.js';
import {
  pgAdminServersDocument,
  pgServiceEntry,
  pgServiceName,
  type PgAdminOptions,
  type PgEndpoint,
} from '../../../shared/connect/postgres.js';
import { PortholeError } from '../../errors.js';
import { dbeaverConfigFolder, dbeaverWorkspaceCandidates, pgServiceFilePath, type PlatformContext } from '../../platform-folders.js';
import type { ClientEndpoint } from '../connect-service.js';
import { editUserFile, ensureFolder, replaceOwnedFile, userFolder } from './export-files.js';
import { splitServiceFile, userServiceNames, withPortholeBlock } from './pg-service-block.js';

export const DBEAVER_FILE = 'data-sources-porthole.json';
export const PGADMIN_FILE = 'pgadmin-servers.json';

export interface ExportServiceDeps {
  tunnels: { list(): Tunnel[] };
  connect: { endpoint(id: string): ClientEndpoint };
  configDir: string;
  platform: PlatformContext;
}

type Choice<T> = { ok: true; value: T; entry: string } | { ok: false; reason: string };

const POSTGRES_ONLY = 'not PostgreSQL: pgAdmin and libpq services are for PostgreSQL only';

export class ExportService {
  /** Exports run one at a time: two at once would read the same file and one would lose the other's change. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: ExportServiceDeps) {}

  locations(): ExportLocations {
    const candidates = dbeaverWorkspaceCandidates(this.deps.platform);
    const workspace = candidates.find((folder) => existsSync(folder));
    const pgService = pgServiceFilePath(this.deps.platform);
    return {
      dbeaver: { ...(workspace ? { workspace } : {}), candidates },
      pgadmin: { folder: this.deps.configDir, file: join(this.deps.configDir, PGADMIN_FILE) },
      pgService: { path: pgService, exists: existsSync(pgService) },
    };
  }

  /** DBeaver's `data-sources-porthole.json` in the workspace named, else the one in the usual places. */
  dbeaver(request: { workspace?: string } = {}): Promise<ExportResult> {
    return this.serial(async () => {
      const workspace = request.workspace ? await userFolder(request.workspace, 'workspace') : this.foundWorkspace();
      const folder = dbeaverConfigFolder(workspace);
      const picked = this.pick((endpoint): Choice<DbeaverEndpoint> => {
        const { family } = endpoint;
        if (family !== 'postgres' && family !== 'mysql' && family !== 'mariadb') {
          return { ok: false, reason: 'not PostgreSQL, MySQL or MariaDB: DBeaver connections are made for those only' };
        }
        const value = { ...this.base(endpoint), family, name: endpoint.tunnel.name, id: endpoint.tunnel.id };
        return { ok: true, value, entry: dbeaverConnectionId(endpoint.tunnel.id) };
      });
      await ensureFolder(folder);
      const path = join(folder, DBEAVER_FILE);
      const { backupPath } = await replaceOwnedFile(path, dbeaverDataSourcesDocument(picked.values));
      return this.result('dbeaver', path, picked, backupPath, 'Restart DBeaver (it reads its data-sources files when it starts).');
    });
  }

  /** A pgAdmin `servers.json` to import (Tools → Import/Export Servers), in the folder named or Porthole's. */
  pgAdmin(request: { folder?: string } = {}): Promise<ExportResult> {
    return this.serial(async () => {
      const folder = request.folder ? await userFolder(request.folder, 'folder') : this.deps.configDir;
      const picked = this.pick((endpoint): Choice<{ endpoint: PgEndpoint; options: PgAdminOptions }> => {
        if (endpoint.family !== 'postgres') return { ok: false, reason: POSTGRES_ONLY };
        const { tunnel } = endpoint;
        const options: PgAdminOptions = { name: tunnel.name };
        if (endpoint.iamAuth) {
          options.passwordExecCommand = iamTokenCommand({
            rdsHost: tunnel.target.host,
            rdsPort: tunnel.target.port,
            user: endpoint.user,
            region: tunnel.region,
            profile: tunnel.profile,
          });
        }
        return { ok: true, value: { endpoint: this.pgEndpoint(endpoint), options }, entry: tunnel.name };
      });
      const path = join(folder, PGADMIN_FILE);
      const { backupPath } = await replaceOwnedFile(path, pgAdminServersDocument(picked.values));
      return this.result('pgadmin', path, picked, backupPath, `In pgAdmin: Tools → Import/Export Servers → Import, and pick ${path}.`);
    });
  }

  /** Porthole's block in libpq's service file (`psql service=<name>`); the user's own lines are kept byte for byte. */
  pgService(): Promise<ExportResult> {
    return this.serial(async () => {
      let picked: Picked<string> = { values: [], written: [], skipped: [] };
      const path = await editUserFile(pgServiceFilePath(this.deps.platform), (text) => {
        const split = splitServiceFile(text);
        const taken = userServiceNames(split);
        const used = new Set<string>();
        picked = this.pick((endpoint): Choice<string> => {
          if (endpoint.family !== 'postgres') return { ok: false, reason: POSTGRES_ONLY };
          const wanted = pgServiceName(endpoint.tunnel.name);
          if (taken.has(wanted)) return { ok: false, reason: `the file already has your own [${wanted}] section` };
          let name = wanted;
          for (let n = 2; used.has(name); n++) name = `${wanted}-${n}`;
          const entry = pgServiceEntry(this.pgEndpoint(endpoint), name);
          if (!entry) return { ok: false, reason: 'a value holds a line break, which a service file cannot express' };
          used.add(name);
          return { ok: true, value: Buffer.from(entry, 'utf8').toString('latin1'), entry: name };
        });
        return withPortholeBlock(split, picked.values);
      });
      const first = picked.written[0]?.entry;
      const next = first ? `Connect with: psql service=${first}` : 'No PostgreSQL tunnel to write: the Porthole block was removed.';
      return this.result('pg-service', path, picked, undefined, next);
    });
  }

  private foundWorkspace(): string {
    const { dbeaver } = this.locations();
    if (dbeaver.workspace) return dbeaver.workspace;
    throw new PortholeError('DBEAVER_NOT_FOUND', `DBeaver's workspace is not in its usual place (${dbeaver.candidates[0]}).`, {
      hint: 'Start DBeaver once so that it creates it, or name your workspace folder (the one holding General/).',
      status: 404,
    });
  }

  private pick<T>(choose: (endpoint: ClientEndpoint) => Choice<T>): Picked<T> {
    const picked: Picked<T> = { values: [], written: [], skipped: [] };
    for (const tunnel of this.deps.tunnels.list()) {
      const choice = choose(this.deps.connect.endpoint(tunnel.id));
      if (choice.ok) {
        picked.values.push(choice.value);
        picked.written.push({ tunnelId: tunnel.id, tunnel: tunnel.name, entry: choice.entry });
      } else {
        picked.skipped.push({ tunnelId: tunnel.id, tunnel: tunnel.name, reason: choice.reason });
      }
    }
    return picked;
  }

  private base(endpoint: ClientEndpoint) {
    return {
      localPort: endpoint.tunnel.localPort,
      user: endpoint.user,
      database: endpoint.database,
      caBundlePath: endpoint.caBundlePath,
    };
  }

  private pgEndpoint(endpoint: ClientEndpoint): PgEndpoint {
    return { ...this.base(endpoint), rdsHost: endpoint.tunnel.target.host };
  }

  private result<T>(
    client: ExportResult['client'],
    path: string,
    picked: Picked<T>,
    backupPath: string | undefined,
    next: string,
  ): ExportResult {
    return { client, path, ...(backupPath ? { backupPath } : {}), written: picked.written, skipped: picked.skipped, next };
  }

  private serial<T>(run: () => Promise<T>): Promise<T> {
    const result = this.queue.then(run);
    this.queue = result.catch(() => undefined);
    return result;
  }
}

interface Picked<T> {
  values: T[];
  written: ExportedTunnel[];
  skipped: SkippedTunnel[];
}
