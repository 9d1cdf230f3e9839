import type { Command } from 'commander';
import type { ConnectionInfo } from '../../shared/api.js';
import { CliError } from '../cli-error.js';
import type { CommandKit } from '../command-kit.js';
import { resolveTunnel } from '../tunnels.js';

interface UrlOptions {
  jdbc?: boolean;
  uri?: boolean;
  libpq?: boolean;
  dbeaver?: boolean;
  format?: string;
  user?: string;
  database?: string;
}

/** Which of the daemon's strings each flag means (ids from GET /api/tunnels/:id/connection). */
const FLAGS: Array<[keyof UrlOptions, string]> = [
  ['jdbc', 'jdbc'],
  ['uri', 'uri'],
  ['libpq', 'libpq'],
  ['dbeaver', 'dbeaver-con'],
];
/** Without a flag: a URI when the engine has one, else the JDBC URL, else host and port. */
const DEFAULTS = ['uri', 'jdbc', 'host-port'];

export function registerUrl(program: Command, { ctx, run }: CommandKit): void {
  program
    .command('url <name>')
    .description('print one connection string for a tunnel (default: the URI; the password is never part of it)')
    .option('--jdbc', 'the JDBC URL (pgjdbc / MariaDB Connector/J, verify-ca: JDBC cannot check the RDS name through a tunnel)')
    .option('--uri', 'the postgresql:// URI (libpq, verify-full)')
    .option('--libpq', 'the libpq keyword string (verify-full)')
    .option('--dbeaver', 'the `dbeaver -con` command that opens it in DBeaver')
    .option('--format <id>', 'any string by its id (`--format list` lists them)')
    .option('--user <name>', 'database user (default: the master user)')
    .option('--database <name>', "database (default: the database's own)")
    .action((name: string, options: UrlOptions) =>
      run(async () => {
        const client = await ctx.client();
        const tunnel = await resolveTunnel(client, name);
        const query = new URLSearchParams({
          ...(options.user ? { user: options.user } : {}),
          ...(options.database ? { database: options.database } : {}),
        });
        const info = await client.get<ConnectionInfo>(
          `/api/tunnels/${encodeURIComponent(tunnel.id)}/connection${query.size ? `?${query}` : ''}`,
        );
        const wanted = FLAGS.filter(([flag]) => options[flag]).map(([, id]) => id);
        if (options.format) wanted.push(options.format);
        if (wanted.length > 1) throw new CliError('Pick one of --jdbc, --uri, --libpq, --dbeaver and --format.', undefined, 'USAGE', 2);
        const ids = info.strings.map((s) => s.id);
        if (wanted[0] === 'list') {
          ctx.print(() => info.strings.map((s) => `${s.id.padEnd(14)} ${s.label}`).join('\n'), info.strings);
          return;
        }
        const id = wanted[0] ?? DEFAULTS.find((candidate) => ids.includes(candidate));
        const string = info.strings.find((s) => s.id === id);
        if (!string) {
          throw new CliError(
            `${tunnel.name} (${info.engine}) has no "${id ?? 'default'}" string.`,
            `It has: ${ids.join(', ')} (use --format <id>).`,
            'NO_SUCH_STRING',
          );
        }
        ctx.print(string.value, string);
      }),
    );
}
