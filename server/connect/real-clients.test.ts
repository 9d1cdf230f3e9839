// The generated strings, run for real: Debian's psql and the `pg` client against a TLS PostgreSQL
// whose certificate names an RDS-style host (e2e fixtures), pgjdbc when a JVM and the driver jar are
// here, and MariaDB's mysql client when mariadb-server is installed. Names with spaces, quotes, `@`,
// `/`, `:` and backslashes prove the quoting; a wrong CA bundle and a wrong host name prove that
// verification really happens.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryAsSuperuser } from '../../e2e/fixtures/pg-query.js';
import { startTlsPostgres, type TlsPostgres } from '../../e2e/fixtures/tls-postgres.js';
import { mariadbUnavailable, startMariaDb, type MariaDb } from '../../e2e/fixtures/mariadb.js';
import { encodeComponent } from '../../shared/connect/uri-encode.js';
import { shellJoin } from '../../shared/connect/shell-quote.js';
import {
  pgServiceEntry,
  postgresUri,
  postgresUriNode,
  psqlCommand,
  psqlIamCommand,
  type PgEndpoint,
} from '../../shared/connect/postgres.js';
import { pgJdbcUrl } from '../../shared/connect/jdbc.js';
import { mysqlArgv, mysqlIamCommand } from '../../shared/connect/mysql.js';

const run = promisify(execFile);
const PSQL = '/usr/bin/psql';
const MYSQL = '/usr/bin/mysql';

const USER = `o'brien "q" @x:y/z\\w`;
const DB = `my db/1 'a' "b" @c:d\\e`;
const PASSWORD = `pa ss'"\\w0rd`;
const QUERY = 'select current_user, current_database(), (select ssl from pg_stat_ssl where pid = pg_backend_pid())';

function pgJar(): string | undefined {
  const base = join(homedir(), '.m2/repository/org/postgresql/postgresql');
  const versions = existsSync(base) ? readdirSync(base).sort() : [];
  const candidates = [...versions.reverse().map((v) => join(base, v, `postgresql-${v}.jar`)), '/usr/share/java/postgresql.jar'];
  return candidates.find((path) => existsSync(path));
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;

/** Runs a generated command line through /bin/sh, with a fake `aws` first on PATH. */
async function sh(line: string, env: Record<string, string> = {}): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run('/bin/sh', ['-c', line], {
      env: { ...process.env, PGCONNECT_TIMEOUT: '10', PGSERVICEFILE: '/nonexistent', ...env },
      timeout: 30_000,
    });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; code?: number };
    return { stdout: e.stdout ?? '', stderr: e.stderr ?? '', code: typeof e.code === 'number' ? e.code : 1 };
  }
}

describe.skipIf(!existsSync(PSQL))('PostgreSQL strings against a real TLS server', () => {
  let server: TlsPostgres;
  let ep: PgEndpoint;
  let wrongBundle: string;
  let binDir: string;

  beforeAll(async () => {
    server = await startTlsPostgres();
    await queryAsSuperuser(server, [
      `CREATE ROLE ${ident(USER)} LOGIN PASSWORD ${literal(PASSWORD)}`,
      `CREATE DATABASE ${ident(DB)} OWNER ${ident(USER)}`,
    ]);
    // The bundle sits in a folder whose name needs quoting everywhere, and holds two CAs (like RDS's).
    const certDir = join(server.dir, `certs "b" o'k @x:y`);
    await mkdir(certDir, { recursive: true });
    const bundle = join(certDir, 'rds ca+bundle.pem');
    await writeFile(bundle, server.pki.otherCa.pem + server.pki.ca.pem);
    wrongBundle = join(certDir, 'other ca.pem');
    await writeFile(wrongBundle, server.pki.otherCa.pem);
    ep = { rdsHost: server.serverName, localPort: server.port, user: USER, database: DB, caBundlePath: bundle };

    // A stand-in `aws` that prints the password only when asked for a token for the RDS endpoint.
    binDir = join(server.dir, 'bin');
    await mkdir(binDir);
    await writeFile(
      join(binDir, 'aws'),
      `#!/bin/sh\nprintf '%s\\n' "$@" > "${binDir}/aws-args"\n` +
        `[ "$1 $2 $3" = "rds generate-db-auth-token --hostname" ] && [ "$5 $6" = "--port 5432" ] || exit 3\n` +
        `printf '%s' "$FAKE_TOKEN"\n`,
    );
    await chmod(join(binDir, 'aws'), 0o755);
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('psql with the libpq string verifies the RDS name through 127.0.0.1', async () => {
    const result = await sh(`${psqlCommand(ep)} --no-psqlrc -At -c ${JSON.stringify(QUERY)}`, { PGPASSWORD: PASSWORD });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(`${USER}|${DB}|t\n`);
  });

  it('psql with the postgresql:// URI (hostaddr as a query parameter) does the same', async () => {
    const result = await sh(`${shellJoin([PSQL, postgresUri(ep), '--no-psqlrc', '-At', '-c', QUERY])}`, { PGPASSWORD: PASSWORD });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(`${USER}|${DB}|t\n`);
  });

  it('psql with the pg_service.conf entry does the same', async () => {
    const file = join(server.dir, 'pg_service.conf');
    await writeFile(file, pgServiceEntry(ep, 'Porthole Test')!);
    const result = await sh(shellJoin([PSQL, 'service=porthole-test', '--no-psqlrc', '-At', '-c', QUERY]), {
      PGPASSWORD: PASSWORD,
      PGSERVICEFILE: file,
    });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(`${USER}|${DB}|t\n`);
  });

  it('the IAM command line asks aws for a token for the RDS endpoint and port and logs in with it', async () => {
    const line = psqlIamCommand(ep, { rdsHost: server.serverName, rdsPort: 5432, region: 'eu-west-1', profile: 'prod team' });
    const result = await sh(`${line} --no-psqlrc -At -c ${JSON.stringify(QUERY)}`, {
      PATH: `${binDir}:${process.env.PATH ?? ''}`,
      FAKE_TOKEN: PASSWORD,
    });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(`${USER}|${DB}|t\n`);
    const { stdout: args } = await run('cat', [join(binDir, 'aws-args')]);
    expect(args.split('\n').slice(0, -1)).toEqual([
      'rds',
      'generate-db-auth-token',
      '--hostname',
      server.serverName,
      '--port',
      '5432',
      '--region',
      'eu-west-1',
      '--username',
      USER,
      '--profile',
      'prod team',
    ]);
  });

  it('refuses a server whose CA is not in the bundle', async () => {
    const result = await sh(`${psqlCommand({ ...ep, caBundlePath: wrongBundle })} --no-psqlrc -At -c 'select 1'`, { PGPASSWORD: PASSWORD });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/certificate verify failed/);
  });

  it('refuses a certificate for another name (verify-full really checks the RDS name)', async () => {
    const result = await sh(
      `${psqlCommand({ ...ep, rdsHost: 'other.cluster-xyz.eu-west-1.rds.amazonaws.com' })} --no-psqlrc -At -c 'select 1'`,
      { PGPASSWORD: PASSWORD },
    );
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/does not match host name/);
  });

  it('pg with the node-postgres URI connects over verified TLS (verify-ca)', async () => {
    // pg has no hostaddr; its database name goes through decodeURI, which keeps %2F and %40
    // encoded, so this client gets a database name without reserved characters.
    await queryAsSuperuser(server, `CREATE DATABASE ${ident("plain db 'x'")} OWNER ${ident(USER)}`);
    const uri = postgresUriNode({ ...ep, database: "plain db 'x'" }).replace('@', `:${encodeComponent(PASSWORD)}@`);
    const client = new pg.Client({ connectionString: uri });
    await client.connect();
    try {
      const { rows } = await client.query<{ u: string; d: string; ssl: boolean }>(
        'select current_user as u, current_database() as d, (select ssl from pg_stat_ssl where pid = pg_backend_pid()) as ssl',
      );
      expect(rows[0]).toEqual({ u: USER, d: "plain db 'x'", ssl: true });
    } finally {
      await client.end();
    }
    const wrong = new pg.Client({
      connectionString: postgresUriNode({ ...ep, caBundlePath: wrongBundle }).replace('@', `:${encodeComponent(PASSWORD)}@`),
    });
    wrong.on('error', () => undefined);
    await expect(wrong.connect()).rejects.toThrow(/certificate/i);
    await wrong.end().catch(() => undefined);
  });

  it('pg verifies the RDS name with the config the uri-node note describes (no URI)', async () => {
    const ca = server.pki.otherCa.pem + server.pki.ca.pem;
    const config = { host: '127.0.0.1', port: server.port, user: USER, password: PASSWORD, database: DB };
    const client = new pg.Client({ ...config, ssl: { ca, servername: server.serverName } });
    await client.connect();
    try {
      const { rows } = await client.query<{ ssl: boolean }>('select ssl from pg_stat_ssl where pid = pg_backend_pid()');
      expect(rows[0]?.ssl).toBe(true);
    } finally {
      await client.end();
    }
    const wrongName = new pg.Client({ ...config, ssl: { ca, servername: 'other.cluster-xyz.eu-west-1.rds.amazonaws.com' } });
    wrongName.on('error', () => undefined);
    await expect(wrongName.connect()).rejects.toThrow(/altnames|does not match/i);
    await wrongName.end().catch(() => undefined);
  });

  const jar = pgJar();
  it.skipIf(!jar || !existsSync('/usr/bin/java'))(
    'pgjdbc with the JDBC URL connects with verify-ca, and refuses the wrong CA',
    async () => {
      const probe = join(server.dir, 'Probe.java');
      await writeFile(
        probe,
        `import java.sql.*;
public class Probe {
  public static void main(String[] a) throws Exception {
    try (Connection c = DriverManager.getConnection(a[0], a[1], a[2]);
         ResultSet r = c.createStatement().executeQuery(${JSON.stringify(QUERY)})) {
      r.next();
      System.out.print(r.getString(1) + "|" + r.getString(2) + "|" + r.getString(3));
    }
  }
}
`,
      );
      const java = (url: string) => run('java', ['-cp', jar!, probe, url, USER, PASSWORD], { timeout: 60_000 });
      const { stdout } = await java(pgJdbcUrl(ep));
      expect(stdout).toBe(`${USER}|${DB}|t`);
      await expect(java(pgJdbcUrl({ ...ep, caBundlePath: wrongBundle }))).rejects.toThrow(/PKIX|certificate|SSL/i);
    },
    120_000,
  );
});

describe('mysql command lines against a real MariaDB with TLS', async () => {
  const missing = existsSync(MYSQL) ? await mariadbUnavailable() : 'no mysql client';
  let server: MariaDb;
  let binDir: string;
  let bundle: string;
  const MY_USER = `o'brien "q" @x`;
  const MY_DB = `my db 'a' "b" @c:d`;

  beforeAll(async () => {
    if (missing) return;
    server = await startMariaDb();
    const certDir = join(server.dir, `certs "b" o'k`);
    await mkdir(certDir, { recursive: true });
    bundle = join(certDir, 'rds ca.pem');
    await writeFile(bundle, server.pki.otherCa.pem + server.pki.ca.pem);
    const admin = shellJoin([MYSQL, '--host=127.0.0.1', `--port=${server.port}`, '--user=root', '-e', `CREATE DATABASE \`${MY_DB}\``]);
    const created = await sh(admin);
    if (created.code !== 0) throw new Error(created.stderr);
    binDir = join(server.dir, 'bin');
    await mkdir(binDir);
    await writeFile(join(binDir, 'aws'), `#!/bin/sh\n[ "$5 $6" = "--port 3306" ] || exit 3\nprintf '%s' token-for-"\${10}"\n`);
    await chmod(join(binDir, 'aws'), 0o755);
  });

  afterAll(async () => {
    await server?.stop();
  });

  const STATUS = "select user(), database(); show session status like 'Ssl_version'";

  it.skipIf(Boolean(missing))('the IAM command line logs in over TLS checked against the bundle, names intact', async () => {
    const line = mysqlIamCommand(
      { localPort: server.port, user: MY_USER, database: MY_DB, caBundlePath: bundle },
      { rdsHost: server.serverName, rdsPort: 3306, region: 'eu-west-1' },
    );
    const result = await sh(`${line} --batch --skip-column-names -e ${JSON.stringify(STATUS)}`, {
      PATH: `${binDir}:${process.env.PATH ?? ''}`,
    });
    expect(result.stderr).toBe('');
    const [who, tls] = result.stdout.trim().split('\n');
    // user() is `<name>@<client host>`; the host part depends on name resolution.
    const [user, database] = (who ?? '').split('\t');
    expect(user?.startsWith(`${MY_USER}@`)).toBe(true);
    expect(database).toBe(MY_DB);
    expect(tls).toMatch(/^Ssl_version\tTLSv1\.[23]$/);
  });

  it.skipIf(Boolean(missing))('refuses a server whose CA is not in the bundle', async () => {
    const argv = mysqlArgv(
      { localPort: server.port, user: MY_USER, database: MY_DB, caBundlePath: join(server.pki.otherCa.certPath) },
      { promptPassword: false },
    );
    const result = await sh(`${shellJoin(argv)} --batch -e 'select 1'`);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/certificate|SSL|TLS/i);
  });
});
