// The exports against real files in a temporary home: DBeaver's workspace with the user's own
// data-sources.json beside Porthole's, pgAdmin's servers.json, and a user's pg_service.conf full of bytes
// a careless rewrite would lose.
import { chmod, lstat, mkdir, mkdtemp, readFile, readlink, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Tunnel } from '../../../shared/api.js';
import type { DbeaverEndpoint } from '../../../shared/connect/dbeaver.js';
import { expectDbeaverConnection, parseDbeaverFile } from '../../../testing/connect/dbeaver-file.js';
import { RDS_HOST, TEST_CREDENTIALS, testTunnel } from '../../../testing/connect/fixtures.js';
import { isPortholeError } from '../../errors.js';
import { ConnectService } from '../connect-service.js';
import { ExportService } from './export-service.js';
import { BLOCK_END, BLOCK_START } from './pg-service-block.js';

const BUNDLE = '/cfg/rds-ca-bundle.pem';
const orders = testTunnel({}, { id: 't-orders', name: 'Prod orders', localPort: 15432 });
const billing = testTunnel(
  { engine: 'mariadb', port: 3306, host: 'billing.abc.eu-west-1.rds.amazonaws.com', masterUsername: 'admin', dbName: 'billing' },
  { id: 't-billing', name: 'Billing', localPort: 13306 },
);
const ledger = testTunnel({ engine: 'oracle-ee', port: 1521, name: 'ledger' }, { id: 't-ledger', name: 'Ledger', localPort: 11521 });
const analytics = testTunnel({ iamAuth: true, dbName: 'warehouse' }, { id: 't-analytics', name: 'Analytics', localPort: 15433 });

let home: string;
let tunnels: Tunnel[];

function service(env: NodeJS.ProcessEnv = {}): ExportService {
  const connect = new ConnectService({
    tunnels: { get: (id) => tunnels.find((t) => t.id === id) },
    aws: {
      credentials: () => async () => TEST_CREDENTIALS,
      secrets: () => {
        throw new Error('exports never read a secret');
      },
    },
    trust: { bundlePath: BUNDLE },
  });
  return new ExportService({
    tunnels: { list: () => tunnels },
    connect,
    configDir: join(home, 'porthole'),
    platform: { platform: 'linux', env: { XDG_DATA_HOME: join(home, 'share'), ...env }, home },
  });
}

async function failure(promise: Promise<unknown>): Promise<string | undefined> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  return isPortholeError(error) ? error.code : `not a PortholeError: ${String(error)}`;
}

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'porthole-exports-'));
  await mkdir(join(home, 'porthole'), { mode: 0o700 });
  tunnels = [orders, billing, ledger, analytics];
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

const endpoint = (t: Tunnel, family: DbeaverEndpoint['family'], user: string, database: string): DbeaverEndpoint => ({
  id: t.id,
  name: t.name,
  family,
  localPort: t.localPort,
  user,
  database,
  caBundlePath: BUNDLE,
});

describe('DBeaver export', () => {
  const workspace = () => join(home, 'share', 'DBeaverData', 'workspace6');
  const dbeaverDir = () => join(workspace(), 'General', '.dbeaver');
  const USER_SOURCES = '{"folders":{},"connections":{"mine":{"provider":"postgresql","name":"Mine"}}}\n';

  beforeEach(async () => {
    await mkdir(dbeaverDir(), { recursive: true });
    await writeFile(join(dbeaverDir(), 'data-sources.json'), USER_SOURCES);
  });

  it("writes data-sources-porthole.json beside the user's own file, which it never touches", async () => {
    const before = await stat(join(dbeaverDir(), 'data-sources.json'));
    const result = await service().dbeaver();
    expect(result.path).toBe(join(dbeaverDir(), 'data-sources-porthole.json'));
    expect(result.backupPath).toBeUndefined();
    expect(result.written.map((w) => w.entry)).toEqual(['porthole-t-orders', 'porthole-t-billing', 'porthole-t-analytics']);
    expect(result.skipped).toEqual([expect.objectContaining({ tunnelId: 't-ledger' })]);

    const doc = parseDbeaverFile(await readFile(result.path, 'utf8'));
    expectDbeaverConnection(doc, endpoint(orders, 'postgres', 'master', 'postgres'));
    expectDbeaverConnection(doc, endpoint(billing, 'mariadb', 'admin', 'billing'));
    expectDbeaverConnection(doc, endpoint(analytics, 'postgres', 'master', 'warehouse'));
    expect((await stat(result.path)).mode & 0o777).toBe(0o600);

    expect(await readFile(join(dbeaverDir(), 'data-sources.json'), 'utf8')).toBe(USER_SOURCES);
    expect((await stat(join(dbeaverDir(), 'data-sources.json'))).mtimeMs).toBe(before.mtimeMs);
  });

  it('keeps the previous Porthole file as a backup when the tunnels changed, and none when nothing did', async () => {
    const first = await service().dbeaver();
    const firstText = await readFile(first.path, 'utf8');
    const again = await service().dbeaver();
    expect(again.backupPath).toBeUndefined();

    tunnels = [orders];
    const changed = await service().dbeaver();
    expect(changed.backupPath).toBe(`${first.path}.bak`);
    expect(await readFile(changed.backupPath!, 'utf8')).toBe(firstText);
    expect(Object.keys(parseDbeaverFile(await readFile(changed.path, 'utf8')).connections)).toEqual(['porthole-t-orders']);
  });

  it('writes into a workspace the user names, and refuses what is not an existing absolute folder', async () => {
    const own = join(home, 'my workspace');
    await mkdir(own);
    const result = await service().dbeaver({ workspace: own });
    expect(result.path).toBe(join(own, 'General', '.dbeaver', 'data-sources-porthole.json'));
    parseDbeaverFile(await readFile(result.path, 'utf8'));

    await writeFile(join(home, 'a-file'), 'x');
    for (const workspace of ['relative/folder', join(home, 'missing'), join(home, 'a-file')]) {
      expect(await failure(service().dbeaver({ workspace }))).toBe('EXPORT_FOLDER_INVALID');
    }
  });

  it('says so when DBeaver has no workspace in its usual places', async () => {
    await rm(join(home, 'share'), { recursive: true });
    expect(await failure(service().dbeaver())).toBe('DBEAVER_NOT_FOUND');
    expect(service().locations().dbeaver.workspace).toBeUndefined();
  });

  it('refuses to write through a symlink put in place of its file, and leaves the link target alone', async () => {
    const victim = join(home, 'victim.txt');
    await writeFile(victim, 'precious');
    await symlink(victim, join(dbeaverDir(), 'data-sources-porthole.json'));
    expect(await failure(service().dbeaver())).toBe('EXPORT_FILE_UNSAFE');
    expect(await readFile(victim, 'utf8')).toBe('precious');
  });
});

describe('pgAdmin export', () => {
  it('writes servers.json for the PostgreSQL tunnels, with the IAM token command and never a password', async () => {
    const result = await service().pgAdmin();
    expect(result.path).toBe(join(home, 'porthole', 'pgadmin-servers.json'));
    expect(result.written.map((w) => w.entry)).toEqual(['Prod orders', 'Analytics']);
    expect(result.skipped.map((s) => s.tunnelId)).toEqual(['t-billing', 't-ledger']);
    const text = await readFile(result.path, 'utf8');
    const doc = JSON.parse(text) as { Servers: Record<string, Record<string, unknown>> };
    expect(doc.Servers['1']).toMatchObject({ Name: 'Prod orders', Host: RDS_HOST, Port: 15432, Username: 'master' });
    expect(doc.Servers['1']!.PasswordExecCommand).toBeUndefined();
    expect(doc.Servers['2']!.PasswordExecCommand).toMatch(/^aws rds generate-db-auth-token --hostname \S+ --port 5432 /);
    expect(text).not.toMatch(/"Password"/);
  });

  it('writes into a folder the user names', async () => {
    const folder = join(home, 'exports');
    await mkdir(folder);
    expect((await service().pgAdmin({ folder })).path).toBe(join(folder, 'pgadmin-servers.json'));
    expect(await failure(service().pgAdmin({ folder: 'exports' }))).toBe('EXPORT_FOLDER_INVALID');
  });
});

describe('pg_service.conf export', () => {
  const file = () => join(home, '.pg_service.conf');
  const USER_BYTES = Buffer.concat([
    Buffer.from('# mine\n[prod-orders]\nhost=my.own.host\nport=5432  \n\n', 'utf8'),
    Buffer.from([0xe9, 0xff, 0x0d, 0x0a]), // not UTF-8, and a CRLF
    Buffer.from('[other]\ndbname=x', 'utf8'), // no line break at the end
  ]);

  it("adds a Porthole block and keeps every byte of the user's file, skipping a name the user already uses", async () => {
    await writeFile(file(), USER_BYTES);
    await chmod(file(), 0o644);
    const result = await service().pgService();
    expect(result.path).toBe(file());
    expect(result.written.map((w) => w.entry)).toEqual(['analytics']);
    expect(result.skipped.find((s) => s.tunnelId === 't-orders')?.reason).toMatch(/\[prod-orders\]/);
    expect(result.next).toBe('Connect with: psql service=analytics');

    const after = await readFile(file());
    expect(after.subarray(0, USER_BYTES.length).equals(USER_BYTES)).toBe(true);
    const added = after.subarray(USER_BYTES.length).toString('utf8');
    expect(added).toBe(
      `\n\n${BLOCK_START}\n[analytics]\nhost=${RDS_HOST}\nhostaddr=127.0.0.1\nport=15433\ndbname=warehouse\nuser=master\n` +
        `sslmode=verify-full\nsslrootcert=${BUNDLE}\n${BLOCK_END}\n`,
    );
    expect((await stat(file())).mode & 0o777).toBe(0o644);

    // The next export rewrites only its block.
    tunnels = [orders, analytics, testTunnel({}, { id: 't-3', name: 'Analytics', localPort: 15434 })];
    const again = await service().pgService();
    expect(again.written.map((w) => w.entry)).toEqual(['analytics', 'analytics-2']);
    const text = (await readFile(file())).toString('latin1');
    expect(text.startsWith(USER_BYTES.toString('latin1'))).toBe(true);
    expect(text.match(/# >>> porthole/g)).toHaveLength(1);
    expect(text).toMatch(/\[analytics-2\]\n[^[]*port=15434\n/);
  });

  it('creates the file (0600) when there is none, follows a dotfile symlink, and honours PGSERVICEFILE', async () => {
    const created = await service().pgService();
    expect((await stat(created.path)).mode & 0o777).toBe(0o600);
    expect((await readFile(created.path, 'utf8')).startsWith(BLOCK_START)).toBe(true);

    const dotfiles = join(home, 'dotfiles');
    await mkdir(dotfiles);
    await rm(file());
    await writeFile(join(dotfiles, 'pg_service.conf'), '[mine]\nhost=a\n');
    await symlink(join(dotfiles, 'pg_service.conf'), file());
    const linked = await service().pgService();
    expect(linked.path).toBe(join(dotfiles, 'pg_service.conf'));
    expect((await lstat(file())).isSymbolicLink()).toBe(true);
    expect(await readlink(file())).toBe(join(dotfiles, 'pg_service.conf'));
    expect(await readFile(file(), 'utf8')).toMatch(/^\[mine\]\nhost=a\n\n# >>> porthole/);

    const elsewhere = join(home, 'services.conf');
    const viaEnv = await service({ PGSERVICEFILE: elsewhere }).pgService();
    expect(viaEnv.path).toBe(elsewhere);
  });

  it('removes its block when no PostgreSQL tunnel is left, and refuses a file whose block is broken', async () => {
    await writeFile(file(), '[mine]\nhost=a\n');
    await service().pgService();
    tunnels = [billing];
    const result = await service().pgService();
    expect(result.written).toEqual([]);
    expect(await readFile(file(), 'utf8')).toBe('[mine]\nhost=a\n\n');

    await writeFile(file(), `[mine]\n${BLOCK_START}\n[x]\n`);
    tunnels = [orders];
    expect(await failure(service().pgService())).toBe('PG_SERVICE_BLOCK_BROKEN');
    expect(await readFile(file(), 'utf8')).toBe(`[mine]\n${BLOCK_START}\n[x]\n`);
  });
});
