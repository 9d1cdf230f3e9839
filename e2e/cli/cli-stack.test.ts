// The porthole command as a real process against the real daemon in the test stack (sandbox, stand-in
// plugin, TLS PostgreSQL and MariaDB behind RDS names): up, ls --json, psql with verify-full, url --jdbc
// through pgjdbc, the exports read by their clients, down, and the one-line errors.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tunnel } from '../../shared/api.js';
import { expectDbeaverConnection, parseDbeaverFile } from '../../testing/connect/dbeaver-file.js';
import { ORDERS_DEV_HOST, demoWorld } from '../demo/scenario.js';
import { porthole, type CliOptions } from '../fixtures/porthole-cli.js';
import { stackUnavailable, startStack, type Stack } from '../fixtures/stack.js';

const run = promisify(execFile);
const unavailable = stackUnavailable() ?? (existsSync('/usr/bin/psql') ? undefined : 'psql is not installed');
const JAR = '/usr/share/java/postgresql.jar';

let stack: Stack;
let home: string;
let binDir: string;
let cli: (args: string[], options?: CliOptions) => ReturnType<typeof porthole>;

describe.skipIf(unavailable !== undefined)(`porthole against the stack${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'porthole-cli-home-'));
    const world = demoWorld();
    // The daemon's home is a temporary one: the exports write into it, never into the real one.
    stack = await startStack({ ...world, freePorts: true, daemonEnv: { HOME: home } });
    // A psql that records its arguments and environment, then runs the real one (or exits 7 with FAKE_ONLY).
    binDir = join(home, 'bin');
    await mkdir(binDir);
    await writeFile(
      join(binDir, 'psql'),
      `#!/bin/sh\nprintf '%s\\n' "$@" > "${binDir}/psql-args"\nprintf '%s' "$PGPASSWORD" > "${binDir}/psql-password"\n` +
        `[ -n "$FAKE_ONLY" ] && exit 7\nexec /usr/bin/psql "$@"\n`,
    );
    await chmod(join(binDir, 'psql'), 0o755);
    const env = {
      PORTHOLE_CONFIG_DIR: stack.daemon.configDir,
      HOME: home,
      PATH: `${binDir}:${process.env.PATH ?? ''}`,
      PGPASSWORD: undefined,
      PGSERVICEFILE: undefined,
    };
    cli = (args, options = {}) => porthole(args, { ...options, env: { ...env, ...options.env } });
  }, 240_000);

  afterAll(async () => {
    await stack?.close();
  }, 60_000);

  it('up makes and opens a tunnel for a database; ls --json shows it with the names the dashboard shows', async () => {
    const before = await cli(['ls', '--json']);
    expect(before.code, before.stderr).toBe(0);
    const listed = JSON.parse(before.stdout) as { tunnels: Tunnel[]; databases: Array<{ name: string; tunnel: unknown }> };
    expect(listed.tunnels).toEqual([]);
    expect(listed.databases.find((d) => d.name === 'orders-dev')).toMatchObject({ tunnel: null });

    const up = await cli(['up', 'orders-dev']);
    expect(up.code, up.stderr).toBe(0);
    expect(up.stdout).toMatch(/^orders-dev: (open|healthy) on 127\.0\.0\.1:\d+ \(new tunnel\)\n$/);

    const after = JSON.parse((await cli(['ls', '--json'])).stdout) as typeof listed;
    const tunnel = after.tunnels.find((t) => t.name === 'orders-dev')!;
    expect(['open', 'healthy']).toContain(tunnel.state);
    expect(after.databases.find((d) => d.name === 'orders-dev')!.tunnel).toMatchObject({ id: tunnel.id, localPort: tunnel.localPort });
    expect(up.stdout).toContain(`127.0.0.1:${tunnel.localPort}`);
  }, 120_000);

  it('psql runs the real client with the verify-full string; the password stays in the environment', async () => {
    const query = 'select 1, (select ssl from pg_stat_ssl where pid = pg_backend_pid())';
    const result = await cli(['psql', 'orders-dev', '--', '--no-psqlrc', '-At', '-c', query], {
      env: { PGPASSWORD: stack.postgres!.password },
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('1|t\n');
    const args = (await readFile(join(binDir, 'psql-args'), 'utf8')).split('\n');
    expect(args[0]).toMatch(
      new RegExp(
        `^host=${ORDERS_DEV_HOST} hostaddr=127\\.0\\.0\\.1 port=\\d+ dbname=postgres user=postgres sslmode=verify-full sslrootcert=\\S+`,
      ),
    );
    expect(args.join('\n')).not.toContain(stack.postgres!.password);

    // Without --, as the issue writes it; the client's own exit status is the command's.
    const plain = await cli(['psql', 'orders-dev', '-c', 'select 1'], { env: { PGPASSWORD: stack.postgres!.password } });
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/^\s+\?column\?\s*\n-+\n\s+1\n\(1 row\)\n/);
    const failing = await cli(['psql', 'orders-dev', '--', '--no-psqlrc', '-c', 'select nonsense'], {
      env: { PGPASSWORD: stack.postgres!.password },
    });
    expect(failing.code).toBe(1);
    expect(failing.stderr).toMatch(/column "nonsense" does not exist/);
  }, 120_000);

  it('psql on an IAM database makes the tunnel, fetches a token and passes it only in PGPASSWORD', async () => {
    const result = await cli(['psql', 'analytics-dev', '-c', 'select 1'], { env: { FAKE_ONLY: '1' } });
    expect(result.code).toBe(7);
    expect(result.stderr).toMatch(/^Made a tunnel for analytics-dev on 127\.0\.0\.1:\d+\.\n$/);
    const token = await readFile(join(binDir, 'psql-password'), 'utf8');
    // A presigned rds-db:connect URL for the RDS endpoint and port, never 127.0.0.1.
    expect(token).toMatch(/^analytics-dev\.[a-z0-9]+\.us-east-1\.rds\.amazonaws\.com:5432\/\?Action=connect&DBUser=app_admin&X-Amz-/);
    const args = await readFile(join(binDir, 'psql-args'), 'utf8');
    expect(args).not.toContain('X-Amz-Signature');
    expect(args).toMatch(/ user=app_admin sslmode=verify-full /);
  }, 120_000);

  it('mysql runs the MariaDB client with the CA bundle', async () => {
    if (!stack.mariadb) return void console.warn(`mysql through porthole not run: ${stack.mariadbSkipped}`);
    const result = await cli(
      [
        'mysql',
        'billing-dev',
        '--database',
        'mysql',
        '--',
        '--batch',
        '--skip-column-names',
        '-e',
        "show session status like 'Ssl_version'",
      ],
      {
        env: { MYSQL_PWD: 'any' },
      },
    );
    expect(result.stderr).toMatch(/^(Made a tunnel for billing-dev on 127\.0\.0\.1:\d+\.\n)?$/);
    expect(result.stdout).toMatch(/^Ssl_version\tTLSv1\.[23]\n$/);
  }, 120_000);

  it('url prints one string; pgjdbc accepts the JDBC URL (verify-ca)', async () => {
    const uri = await cli(['url', 'orders-dev']);
    expect(uri.stdout).toMatch(
      new RegExp(
        `^postgresql://postgres@${ORDERS_DEV_HOST}:\\d+/postgres\\?hostaddr=127\\.0\\.0\\.1&sslmode=verify-full&sslrootcert=\\S+\\n$`,
      ),
    );
    expect((await cli(['url', 'orders-dev', '--libpq'])).stdout).toMatch(/^host=\S+ hostaddr=127\.0\.0\.1 .* sslmode=verify-full /);
    const jdbc = await cli(['url', 'orders-dev', '--jdbc']);
    expect(jdbc.stdout).toMatch(/^jdbc:postgresql:\/\/127\.0\.0\.1:\d+\/postgres\?sslmode=verify-ca&sslrootcert=\S+\n$/);
    expect(JSON.parse((await cli(['url', 'orders-dev', '--jdbc', '--json'])).stdout)).toMatchObject({
      id: 'jdbc',
      value: jdbc.stdout.trim(),
    });

    if (!existsSync(JAR) || !existsSync('/usr/bin/java')) {
      // Said, not skipped silently: Debian's libpostgresql-jdbc-java and a JVM run this part.
      console.warn(`pgjdbc not run: ${existsSync(JAR) ? 'no java' : `${JAR} is missing`}`);
      return;
    }
    const probe = join(home, 'Probe.java');
    await writeFile(
      probe,
      `import java.sql.*;
public class Probe {
  public static void main(String[] a) throws Exception {
    try (Connection c = DriverManager.getConnection(a[0], a[1], a[2]);
         ResultSet r = c.createStatement().executeQuery("select 1, (select ssl from pg_stat_ssl where pid = pg_backend_pid())")) {
      r.next();
      System.out.print(r.getString(1) + "|" + r.getString(2));
    }
  }
}
`,
    );
    const { stdout } = await run('java', ['-cp', JAR, probe, jdbc.stdout.trim(), stack.postgres!.user, stack.postgres!.password], {
      timeout: 90_000,
    });
    expect(stdout).toBe('1|t');
  }, 180_000);

  it('export pg-service adds a block psql reads, and every line of the user file stays', async () => {
    const own = '# my own services\n[mine]\nhost=db.example.com  \nport=5432\n';
    await writeFile(join(home, '.pg_service.conf'), own);
    const result = await cli(['export', 'pg-service']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Connect with: psql service=orders-dev');
    const text = await readFile(join(home, '.pg_service.conf'), 'utf8');
    expect(text.startsWith(own)).toBe(true);
    expect(text).not.toContain(stack.postgres!.password);
    const { stdout } = await run('/usr/bin/psql', ['service=orders-dev', '--no-psqlrc', '-At', '-c', 'select 42'], {
      env: { ...process.env, PGSERVICEFILE: join(home, '.pg_service.conf'), PGPASSWORD: stack.postgres!.password },
    });
    expect(stdout).toBe('42\n');
  }, 60_000);

  it('export dbeaver writes its own file beside the user one, read by the DBeaver file checks; export pgadmin too', async () => {
    const folder = join(home, '.local', 'share', 'DBeaverData', 'workspace6', 'General', '.dbeaver');
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, 'data-sources.json'), '{"folders":{},"connections":{}}');
    const result = await cli(['--json', 'export', 'dbeaver']);
    expect(result.code, result.stderr).toBe(0);
    const answer = JSON.parse(result.stdout) as { path: string; written: Array<{ tunnelId: string }> };
    expect(answer.path).toBe(join(folder, 'data-sources-porthole.json'));
    const tunnels = JSON.parse((await cli(['ls', '--json'])).stdout).tunnels as Tunnel[];
    const orders = tunnels.find((t) => t.name === 'orders-dev')!;
    const doc = parseDbeaverFile(await readFile(answer.path, 'utf8'));
    const caBundlePath = join(stack.daemon.configDir, 'rds-ca-bundle.pem');
    expectDbeaverConnection(doc, {
      id: orders.id,
      name: 'orders-dev',
      family: 'postgres',
      localPort: orders.localPort,
      user: 'postgres',
      database: 'postgres',
      caBundlePath,
    });
    expect(await readFile(join(folder, 'data-sources.json'), 'utf8')).toBe('{"folders":{},"connections":{}}');

    const pgadmin = await cli(['export', 'pgadmin', '--folder', home]);
    expect(pgadmin.stdout).toContain(`Wrote 2 entries to ${join(home, 'pgadmin-servers.json')}`);
    expect(JSON.parse(await readFile(join(home, 'pgadmin-servers.json'), 'utf8')).Servers['1']).toMatchObject({
      Host: ORDERS_DEV_HOST,
      Port: orders.localPort,
    });
  }, 60_000);

  it('status, logs and diagnose speak for the daemon that is there', async () => {
    const status = JSON.parse((await cli(['status', '--json'])).stdout) as { daemon: { url: string }; profiles: Array<{ name: string }> };
    expect(status.daemon.url).toBe(stack.daemon.url);
    expect(status.profiles.map((p) => p.name)).toContain('acme-dev');
    const text = await cli(['status']);
    expect(text.stdout).toMatch(/^orders-dev\s+(open|healthy)\s+127\.0\.0\.1:\d+\s+orders-dev\s+acme-dev\s+us-east-1$/m);
    const checked = JSON.parse((await cli(['status', '--check', '--json'])).stdout) as {
      profiles: Array<{ name: string; check?: { ok: boolean } }>;
    };
    expect(checked.profiles.find((p) => p.name === 'acme-dev')?.check).toMatchObject({ ok: true });
    expect((await cli(['status'])).stdout).toMatch(/^acme-dev\s+static\s+us-east-1\s+ok: account 111122223333 \(checked \d+ s ago\)$/m);
    // The one-time link only when asked for, and it signs a browser in.
    const link = (await cli(['open', '--print-link'])).stdout.trim();
    expect(link).toMatch(new RegExp(`^${stack.daemon.url}/login\\?token=\\S+$`));
    expect((await fetch(link, { redirect: 'manual' })).headers.get('set-cookie')).toMatch(/HttpOnly/i);
    const logs = await cli(['logs', 'orders-dev']);
    expect(logs.code).toBe(0);
    expect(logs.stdout).toMatch(/supervisor/);
    // The daemon's real diagnosis: every check on one line, and the exit code says whether one failed.
    const diagnose = await cli(['diagnose', 'orders-dev', '--json']);
    const checks = (JSON.parse(diagnose.stdout) as { checks: Array<{ id: string; status: string }> }).checks;
    expect(checks.map((check) => check.id)).toEqual(expect.arrayContaining(['sg-ingress', 'ssm-reachability', 'db-tls']));
    expect(diagnose.code).toBe(checks.some((check) => check.status === 'fail') ? 1 : 0);
    const printed = await cli(['diagnose', 'orders-dev']);
    expect(printed.stdout.split('\n').filter((line) => /^(ok  |WARN|FAIL|\?\? ) {2}\S/.test(line))).toHaveLength(checks.length);
  }, 60_000);

  it('logs -f prints new lines as they come and ends on Ctrl-C', async () => {
    let restarted: ReturnType<typeof cli> | undefined;
    let initial = -1;
    // One Ctrl-C, as a user presses it: a second one during the shutdown would end the process by the signal.
    let interrupted = false;
    const follow = await cli(['logs', 'orders-dev', '-f'], {
      timeoutMs: 60_000,
      onStdout: (stdout, child) => {
        if (initial < 0) {
          initial = stdout.length;
          restarted = cli(['restart', 'orders-dev']);
        }
        if (!interrupted && /restarting/.test(stdout.slice(initial))) {
          interrupted = true;
          child.kill('SIGINT');
        }
      },
    });
    expect((await restarted!).code).toBe(0);
    expect(follow.code).toBe(0);
    expect(follow.stdout.slice(initial)).toMatch(/^\S+ supervisor +\w+: restarting$/m);
  }, 90_000);

  it('restart and down control the tunnel; a bad name is one line with the close matches', async () => {
    const restart = await cli(['restart', 'orders-dev']);
    expect(restart.code, restart.stderr).toBe(0);
    const down = await cli(['down', 'orders-dev', '--json']);
    expect(JSON.parse(down.stdout)).toMatchObject({ name: 'orders-dev', state: 'stopped' });
    const bad = await cli(['up', 'ordrs-dev']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^porthole: No tunnel or database is named "ordrs-dev"\. Did you mean orders-dev[^\n]*\?\n$/);
    const wrongClient = await cli(['mysql', 'orders-dev']);
    expect(wrongClient.stderr).toBe('porthole: orders-dev is not a mysql database (postgres). Use porthole psql.\n');
  }, 120_000);

  it('a stopped daemon is one line', async () => {
    await stack.daemon.stop();
    const result = await cli(['ls']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^porthole: Porthole is not running \(no [^\n]*daemon\.json\)\.[^\n]*\n$/);
  }, 60_000);
});
