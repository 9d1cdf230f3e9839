// The `mysql` command line. Debian's mysql is MariaDB's client: it rejects `--ssl-mode`, and
// `--ssl-ca` alone checks the chain (MySQL's own client reads it as VERIFY_CA too), so
// `--ssl-ca=<bundle>` is the portable form (clients.md). Neither can check the RDS name through a tunnel.
import { shellJoin } from './shell-quote.js';
import { iamTokenAssignment, type IamTokenSource } from './iam.js';
import { LOOPBACK } from './postgres.js';

export interface MysqlEndpoint {
  localPort: number;
  user: string;
  /** '' for none. */
  database: string;
  caBundlePath: string;
}

/** `--opt=value` forms throughout, so a value that starts with `-` stays a value. */
export function mysqlArgv(p: MysqlEndpoint, options: { promptPassword: boolean }): string[] {
  const argv = ['mysql', `--host=${LOOPBACK}`, `--port=${p.localPort}`, `--user=${p.user}`];
  if (options.promptPassword) argv.push('--password');
  argv.push(`--ssl-ca=${p.caBundlePath}`);
  if (p.database) argv.push(`--database=${p.database}`);
  return argv;
}

/** `mysql … --password` (prompts). */
export function mysqlCommand(p: MysqlEndpoint): string {
  return shellJoin(mysqlArgv(p, { promptPassword: true }));
}

/**
 * A fresh IAM token in MYSQL_PWD (read by both MariaDB's and MySQL's client). The token goes in
 * cleartext, so `--ssl-ca` is always there.
 */
export function mysqlIamCommand(p: MysqlEndpoint, token: Omit<IamTokenSource, 'user'>): string {
  return `${iamTokenAssignment('MYSQL_PWD', { ...token, user: p.user })} ${shellJoin(mysqlArgv(p, { promptPassword: false }))}`;
}
