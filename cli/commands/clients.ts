// `porthole psql` and `porthole mysql`: the tunnel up (made when the database has none), a fresh IAM token
// or the managed secret when the database has one, then the client with the verify-full string (psql) or
// the CA bundle (mysql). The password goes through the environment, never the command line; the client's
// exit status is the command's. (When the API offers a direct path to a database, these will use it.)
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import type { Command } from 'commander';
import type { ConnectionInfo, PasswordResponse, Tunnel } from '../../shared/api.js';
import { mysqlArgv } from '../../shared/connect/mysql.js';
import { engineFamily, type EngineFamily } from '../../shared/engines.js';
import { CliError } from '../cli-error.js';
import type { DaemonClient } from '../daemon-client.js';
import type { CommandKit } from '../command-kit.js';
import type { Resolved } from '../names.js';
import { bringUp, resolve, waitOpen } from '../tunnels.js';
import { seconds } from './control.js';

interface ClientOptions {
  user?: string;
  database?: string;
  password: boolean;
  timeout: string;
}

interface Client {
  command: 'psql' | 'mysql';
  families: EngineFamily[];
  /** The variable both the client reads and the user may have set already. */
  passwordVariable: 'PGPASSWORD' | 'MYSQL_PWD';
  install: string;
  argv: (tunnel: Tunnel, info: ConnectionInfo, login: { password?: PasswordResponse; prompt: boolean }) => string[];
}

const PSQL: Client = {
  command: 'psql',
  families: ['postgres'],
  passwordVariable: 'PGPASSWORD',
  install: 'Install the PostgreSQL client (postgresql-client, or libpq on macOS).',
  argv: (_tunnel, info) => {
    const libpq = info.strings.find((s) => s.id === 'libpq');
    if (!libpq) throw new CliError('The daemon gave no libpq string for this tunnel.', undefined, 'NO_CONNECTION_STRING');
    // One argument with `=` in it: psql reads it as the connection string (verify-full against the RDS name).
    return [libpq.value];
  },
};

const MYSQL: Client = {
  command: 'mysql',
  families: ['mysql', 'mariadb'],
  passwordVariable: 'MYSQL_PWD',
  install: 'Install the MySQL or MariaDB client (default-mysql-client, or mysql-client on macOS).',
  argv: (tunnel, info, login) => {
    const argv = mysqlArgv(
      { localPort: tunnel.localPort, user: info.user, database: info.database, caBundlePath: info.caBundlePath },
      { promptPassword: login.prompt },
    ).slice(1);
    // MySQL's own client sends an IAM token (a cleartext password) only with this flag; MariaDB's accepts it.
    if (login.password?.kind === 'iam-token') argv.push('--enable-cleartext-plugin');
    return argv;
  },
};

function familyOf(found: Resolved): EngineFamily {
  const { engine, port } = found.kind === 'tunnel' ? found.tunnel.target : found.target;
  return engineFamily(engine, port);
}

function nameOf(found: Resolved): string {
  return found.kind === 'tunnel' ? found.tunnel.name : found.target.name;
}

async function connectionInfo(client: DaemonClient, tunnel: Tunnel, user?: string, database?: string): Promise<ConnectionInfo> {
  const query = new URLSearchParams({ ...(user ? { user } : {}), ...(database ? { database } : {}) }).toString();
  return client.get<ConnectionInfo>(`/api/tunnels/${encodeURIComponent(tunnel.id)}/connection${query ? `?${query}` : ''}`);
}

/** Runs the client with the terminal; Ctrl-C belongs to it (psql cancels the query), so Porthole ignores it meanwhile. */
function runClient(command: string, argv: string[], env: NodeJS.ProcessEnv, install: string): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const ignore = () => undefined;
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    const child = spawn(command, argv, { stdio: 'inherit', env });
    process.on('SIGINT', ignore);
    process.on('SIGQUIT', ignore);
    process.on('SIGTERM', forward);
    process.on('SIGHUP', forward);
    const cleanup = () => {
      process.removeListener('SIGINT', ignore);
      process.removeListener('SIGQUIT', ignore);
      process.removeListener('SIGTERM', forward);
      process.removeListener('SIGHUP', forward);
    };
    child.once('error', (error: NodeJS.ErrnoException) => {
      cleanup();
      if (error.code === 'ENOENT') reject(new CliError(`${command} is not installed (or not on PATH).`, install, 'CLIENT_NOT_FOUND'));
      else reject(new CliError(`Could not run ${command}: ${error.message}.`, undefined, 'CLIENT_FAILED'));
    });
    child.once('exit', (code, signal) => {
      cleanup();
      resolvePromise(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0));
    });
  });
}

function register(program: Command, { ctx, run }: CommandKit, client: Client): void {
  program
    .command(`${client.command} <name>`)
    .description(
      `run ${client.command} on a database through its tunnel (opened, or made, as needed), ` +
        `with an IAM token or the managed secret in ${client.passwordVariable} when the database has one; ${client.command}'s own arguments follow`,
    )
    .argument(`[${client.command}-args...]`, `passed to ${client.command} (put them after -- when they look like Porthole's options)`)
    .option('--user <name>', 'database user (default: the master user)')
    .option('--database <name>', "database (default: the database's own, else the engine default)")
    .option('--no-password', `fetch no password (${client.command} prompts, or uses ${client.passwordVariable} from your environment)`)
    .option('--timeout <seconds>', 'how long to wait for the tunnel', '60')
    .allowUnknownOption()
    .action((name: string, args: string[], options: ClientOptions) =>
      run(async () => {
        const timeoutMs = seconds(options.timeout, '--timeout');
        const api = await ctx.client();
        const found = await resolve(api, name);
        const family = familyOf(found);
        if (!client.families.includes(family)) {
          const other = family === 'postgres' ? 'porthole psql' : family === 'mysql' || family === 'mariadb' ? 'porthole mysql' : undefined;
          throw new CliError(
            `${nameOf(found)} is not a ${client.command} database (${family}).`,
            other ? `Use ${other}.` : undefined,
            'WRONG_CLIENT',
          );
        }
        const up = await bringUp(api, found);
        if (up.created) ctx.note(`Made a tunnel for ${up.tunnel.name} on 127.0.0.1:${up.tunnel.localPort}.`);
        const tunnel = await waitOpen(api, up.tunnel.id, timeoutMs);
        let info = await connectionInfo(api, tunnel, options.user, options.database);
        const env = { ...ctx.io.env };
        let password: PasswordResponse | undefined;
        // A password the user set wins; otherwise Porthole asks for one when the database has a source.
        if (options.password && !env[client.passwordVariable] && (info.iamAuth || info.hasSecret)) {
          password = await api.post<PasswordResponse>(`/api/tunnels/${encodeURIComponent(tunnel.id)}/password`, {
            body: options.user ? { user: options.user } : {},
          });
          env[client.passwordVariable] = password.password;
          // The secret names its own user; log in as that one unless the user named another.
          if (!options.user && password.user && password.user !== info.user)
            info = await connectionInfo(api, tunnel, password.user, options.database);
        }
        const argv = client.argv(tunnel, info, { ...(password ? { password } : {}), prompt: !env[client.passwordVariable] });
        return runClient(client.command, [...argv, ...args], env, client.install);
      }),
    );
}

export function registerClients(program: Command, kit: CommandKit): void {
  register(program, kit, PSQL);
  register(program, kit, MYSQL);
}
