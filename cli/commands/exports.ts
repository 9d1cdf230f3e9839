// `porthole export …`: the daemon writes Porthole's tunnels into DBeaver's workspace (its own file beside the
// user's), a pgAdmin servers.json to import, or its own block in ~/.pg_service.conf. The same routes serve
// the dashboard; none of these files ever holds a password.
import { resolve as resolvePath } from 'node:path';
import type { Command } from 'commander';
import type { ExportLocations, ExportResult } from '../../shared/api.js';
import type { CommandKit } from '../command-kit.js';

export function exportText(result: ExportResult): string {
  const lines = [`Wrote ${result.written.length} ${result.written.length === 1 ? 'entry' : 'entries'} to ${result.path}`];
  if (result.backupPath) lines.push(`The previous file is kept as ${result.backupPath}`);
  for (const entry of result.written) lines.push(`  ${entry.entry}${entry.entry === entry.tunnel ? '' : `  (${entry.tunnel})`}`);
  for (const skipped of result.skipped) lines.push(`  skipped ${skipped.tunnel}: ${skipped.reason}`);
  lines.push(result.next);
  return lines.join('\n');
}

export function registerExports(program: Command, { ctx, run }: CommandKit): void {
  const exporter = program
    .command('export')
    .description("write Porthole's tunnels into DBeaver, pgAdmin or libpq's service file (never a password)");

  /** Folders are sent absolute: the daemon does not know this shell's working folder. */
  const absolute = (folder: string | undefined) => (folder ? resolvePath(ctx.io.cwd, folder) : undefined);

  const write = (path: string, body: Record<string, string | undefined>) =>
    run(async () => {
      const client = await ctx.client();
      const defined = Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));
      const result = await client.post<ExportResult>(path, { body: defined });
      ctx.print(() => exportText(result), result);
    });

  exporter
    .command('dbeaver')
    .description(
      'DBeaver: data-sources-porthole.json in its workspace, beside (never in) your data-sources.json; the previous one is kept as .bak',
    )
    .option('--workspace <folder>', 'your DBeaver workspace (the folder holding General/), if not in its usual place')
    .action((options: { workspace?: string }) => write('/api/exports/dbeaver', { workspace: absolute(options.workspace) }));

  exporter
    .command('pgadmin')
    .description('pgAdmin: pgadmin-servers.json to import with Tools → Import/Export Servers')
    .option('--folder <folder>', "where to write it (default: Porthole's config folder)")
    .action((options: { folder?: string }) => write('/api/exports/pgadmin', { folder: absolute(options.folder) }));

  exporter
    .command('pg-service')
    .description(
      'libpq: a Porthole block in ~/.pg_service.conf (or PGSERVICEFILE), so `psql service=<name>` works; your own lines stay as they are',
    )
    .action(() => write('/api/exports/pg-service', {}));

  exporter
    .command('where')
    .description('where each export goes on this machine')
    .action(() =>
      run(async () => {
        const client = await ctx.client();
        const where = await client.get<ExportLocations>('/api/exports');
        ctx.print(
          () =>
            [
              `dbeaver     ${where.dbeaver.workspace ?? `not found (looked in ${where.dbeaver.candidates.join(', ')})`}`,
              `pgadmin     ${where.pgadmin.file}`,
              `pg-service  ${where.pgService.path}${where.pgService.exists ? '' : ' (not there yet)'}`,
            ].join('\n'),
          where,
        );
      }),
    );
}
