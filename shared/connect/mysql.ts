// The `mysql` command line. Debian's mysql is MariaDB's client: it rejects `--ssl-mode`, and
// `--ssl-ca` alone checks the chain (MySQL's own client reads it as VERIFY_CA too), so
// `--ssl-ca=<bundle>` is the portable form (clients.md). Neither can check the RDS name through a tunnel;
// on a direct path (`host` set) MariaDB's client checks it with --ssl-verify-server-cert, MySQL's with
// --ssl-mode=VERIFY_IDENTITY.
import { shellJoin } from './shell-quote.js';
import { iamTokenAssignment, type IamTokenSource } from './iam.js';
import { LOOPBACK } from './postgres.js';

export interface MysqlEndpoint {
  /** The port clients dial: the tunnel's local port, or (direct) the database's own. */
  localPort: number;
  user: string;
  /** '' for none. */
  database: string;
  caBundlePath: string;
  /** No tunnel: the real endpoint name, dialled and verified. Absent: 127.0.0.1, chain only. */
  host?: string;
}

/** Which client the command is for: only matters on a direct path, where the name check differs. */
export type MysqlClient = 'mariadb' | 'mysql';

/** `--opt=value` forms throughout, so a value that starts with `-` stays a value. */
export function mysqlArgv(p: MysqlEndpoint, options: { promptPassword: boolean; client?: MysqlClient }): string[] {
  const argv = ['mysql', `--host=${p.host ?? LOOPBACK}`, `--port=${p.localPort}`, `--user=${p.user}`];
  if (options.promptPassword) argv.push('--password');
  argv.push(`--ssl-ca=${p.caBundlePath}`);
  if (p.host) argv.push(options.client === 'mysql' ? '--ssl-mode=VERIFY_IDENTITY' : '--ssl-verify-server-cert');
  if (p.database) argv.push(`--database=${p.database}`);
  return argv;
}

/** `mysql … --password` (prompts). */
export function mysqlCommand(p: MysqlEndpoint, client: MysqlClient = 'mariadb'): string {
  return shellJoin(mysqlArgv(p, { promptPassword: true, client }));
}

/**
 * A fresh IAM token in MYSQL_PWD (read by both MariaDB's and MySQL's client). The token goes in
 * cleartext, so `--ssl-ca` is always there.
 */
export function mysqlIamCommand(p: MysqlEndpoint, token: Omit<IamTokenSource, 'user'>): string {
  return `${iamTokenAssignment('MYSQL_PWD', { ...token, user: p.user })} ${shellJoin(mysqlArgv(p, { promptPassword: false }))}`;
}
