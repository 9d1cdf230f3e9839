// PostgreSQL strings for libpq clients (psql, psycopg, pgAdmin) through a loopback tunnel.
// libpq checks the certificate against `host` while TCP goes to `hostaddr` (clients.md), so these
// verify fully: the RDS name, signed by the RDS CA bundle, although the socket is 127.0.0.1.
import { shellQuote } from './shell-quote.js';
import { encodeComponent, encodeQueryPath, uriHost } from './uri-encode.js';
import { iamTokenAssignment, type IamTokenSource } from './iam.js';

export const LOOPBACK = '127.0.0.1';

export type PgSslMode = 'verify-full' | 'verify-ca' | 'require' | 'prefer' | 'disable';

export interface PgEndpoint {
  rdsHost: string;
  /** The port clients dial: the tunnel's local port, or (direct) the database's own. */
  localPort: number;
  user: string;
  database: string;
  caBundlePath: string;
  /** verify-full unless a test needs otherwise. */
  sslmode?: PgSslMode;
  /** No tunnel: dial the RDS name itself (no hostaddr), so every client verifies the name. */
  direct?: boolean;
}

/**
 * One libpq keyword value: bare when it is plain, else single-quoted with `\` and `'` escaped
 * (https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNSTRING-KEYWORD-VALUE).
 */
export function libpqValue(value: string): string {
  if (/^[A-Za-z0-9_.,:/@+-]+$/.test(value)) return value;
  return `'${value.replace(/[\\']/g, (c) => `\\${c}`)}'`;
}

function pgParams(p: PgEndpoint): Array<[string, string]> {
  return [
    ['host', p.rdsHost],
    ...(p.direct ? [] : [['hostaddr', LOOPBACK] as [string, string]]),
    ['port', String(p.localPort)],
    ['dbname', p.database],
    ['user', p.user],
    ['sslmode', p.sslmode ?? 'verify-full'],
    ['sslrootcert', p.caBundlePath],
  ];
}

/** `host=<rds> hostaddr=127.0.0.1 port=<local> dbname=… user=… sslmode=verify-full sslrootcert=…` */
export function libpqKeywords(p: PgEndpoint): string {
  return pgParams(p)
    .map(([k, v]) => `${k}=${libpqValue(v)}`)
    .join(' ');
}

/** `psql '<keywords>'`: psql reads an argument with `=` in it as a connection string. */
export function psqlCommand(p: PgEndpoint): string {
  return `psql ${shellQuote(libpqKeywords(p))}`;
}

/** psql with a fresh IAM token in PGPASSWORD (the token needs TLS: the verify-full string has it). */
export function psqlIamCommand(p: PgEndpoint, token: Omit<IamTokenSource, 'user'>): string {
  return `${iamTokenAssignment('PGPASSWORD', { ...token, user: p.user })} ${psqlCommand(p)}`;
}

/**
 * `postgresql://user@<rds>:<local>/<db>?hostaddr=127.0.0.1&sslmode=verify-full&sslrootcert=…`.
 * libpq takes `hostaddr` as a URI query parameter and then checks the authority's host (clients.md).
 * Drivers that do not use libpq ignore `hostaddr`: they get `postgresUriLoopback`.
 */
export function postgresUri(p: PgEndpoint): string {
  const query = [
    ...(p.direct ? [] : [`hostaddr=${LOOPBACK}`]),
    `sslmode=${p.sslmode ?? 'verify-full'}`,
    `sslrootcert=${encodeQueryPath(p.caBundlePath)}`,
  ].join('&');
  return `postgresql://${encodeComponent(p.user)}@${uriHost(p.rdsHost)}:${p.localPort}/${encodeComponent(p.database)}?${query}`;
}

/** `postgresql://user@127.0.0.1:<local>/<db>?sslmode=verify-ca&sslrootcert=…` for drivers without hostaddr. */
export function postgresUriLoopback(p: PgEndpoint): string {
  const query = [`sslmode=${p.sslmode ?? 'verify-ca'}`, `sslrootcert=${encodeQueryPath(p.caBundlePath)}`].join('&');
  return `postgresql://${encodeComponent(p.user)}@${LOOPBACK}:${p.localPort}/${encodeComponent(p.database)}?${query}`;
}

/**
 * node-postgres is not libpq: it ignores `hostaddr` and, without `uselibpqcompat=true`, reads
 * verify-ca as verify-full (which fails on 127.0.0.1). This is the loopback URI it understands.
 */
export function postgresUriNode(p: PgEndpoint): string {
  return `${postgresUriLoopback(p)}&uselibpqcompat=true`;
}

/** A pg_service.conf section name: letters, digits, `_`, `.`, `-`. */
export function pgServiceName(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9_.-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug || 'porthole';
}

/**
 * A pg_service.conf section. Values run to the end of the line, quotes included, so they are
 * written raw; a value with a line break or surrounding blanks cannot be written (undefined).
 */
export function pgServiceEntry(p: PgEndpoint, serviceName: string): string | undefined {
  const params = pgParams(p);
  if (params.some(([, v]) => /[\r\n\0]/.test(v) || v !== v.trim())) return undefined;
  return [`[${pgServiceName(serviceName)}]`, ...params.map(([k, v]) => `${k}=${v}`)].join('\n') + '\n';
}

export interface PgAdminOptions {
  name: string;
  group?: string;
  /** pgAdmin 7.4+ (desktop mode) runs this to get a password, e.g. an IAM token command. */
  passwordExecCommand?: string;
}

/** A pgAdmin 4 servers.json document with one server (pgAdmin 6.20+ ConnectionParameters). */
export function pgAdminServersJson(p: PgEndpoint, options: PgAdminOptions): string {
  return pgAdminServersDocument([{ endpoint: p, options }]);
}

/** A pgAdmin 4 servers.json document with these servers, numbered from 1 in order. */
export function pgAdminServersDocument(servers: ReadonlyArray<{ endpoint: PgEndpoint; options: PgAdminOptions }>): string {
  const entries = servers.map(({ endpoint, options }, index) => [String(index + 1), pgAdminServer(endpoint, options)]);
  return JSON.stringify({ Servers: Object.fromEntries(entries) }, null, 2);
}

function pgAdminServer(p: PgEndpoint, options: PgAdminOptions): Record<string, unknown> {
  const server: Record<string, unknown> = {
    Name: options.name,
    Group: options.group ?? 'Porthole',
    Host: p.rdsHost,
    Port: p.localPort,
    MaintenanceDB: p.database,
    Username: p.user,
    ConnectionParameters: {
      ...(p.direct ? {} : { hostaddr: LOOPBACK }),
      sslmode: p.sslmode ?? 'verify-full',
      sslrootcert: p.caBundlePath,
      connect_timeout: 10,
    },
  };
  if (options.passwordExecCommand) {
    server.PasswordExecCommand = options.passwordExecCommand;
    // Tokens live 15 minutes; ask again a minute early.
    server.PasswordExecExpiration = 840;
  }
  return server;
}
