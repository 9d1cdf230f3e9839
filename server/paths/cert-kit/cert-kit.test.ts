// The kit's files judged by OpenSSL itself (Debian's openssl CLI): purposes, chain, CRL, key size,
// EKUs, SAN; plus file modes and every refusal the kit promises.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CertKit, type IssuedFiles } from './cert-kit.js';
import { CertKitError } from './cert-kit-error.js';

interface Run {
  code: number;
  output: string;
}

function openssl(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile('openssl', args, { timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, output: `${stdout}${stderr}` });
    });
  });
}

async function rejection(promise: Promise<unknown>): Promise<{ code?: unknown; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code?: unknown; message: string };
  }
  throw new Error('expected a rejection');
}

const SERVER_NAME = 'vpn.porthole.test';

let root: string;
let kitDir: string;
let kit: CertKit;
let server: IssuedFiles;
let alice: IssuedFiles;
let bob: IssuedFiles;
let carol: IssuedFiles;
let stranger: IssuedFiles;
let firstCrlNumber: number;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'porthole-kit-'));
  kitDir = join(root, 'kit');
  kit = await CertKit.create(kitDir, { caName: 'Acme VPN CA' });
  server = await kit.issueServer(SERVER_NAME);
  alice = await kit.issueClient('alice');
  bob = await kit.issueClient('bob.laptop');
  carol = await kit.issueClient('Carol');
  firstCrlNumber = (await kit.revokeClient('bob.laptop', { reason: 'keyCompromise' })).number;
  // A second instance read from disk carries on where the first stopped.
  kit = await CertKit.open(kitDir);
  await kit.revokeClient('carol');
  const otherKit = await CertKit.create(join(root, 'other'));
  stranger = await otherKit.issueClient('alice');
}, 60_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('certificate kit files, checked with openssl', () => {
  it('the server certificate verifies for TLS server use and its name, and not for client use', async () => {
    const ok = await openssl([
      'verify',
      '-CAfile',
      server.caPath,
      '-purpose',
      'sslserver',
      '-verify_hostname',
      SERVER_NAME,
      server.certPath,
    ]);
    expect(ok.output).toContain(': OK');
    expect(ok.code).toBe(0);
    const wrongName = await openssl(['verify', '-CAfile', server.caPath, '-verify_hostname', 'other.test', server.certPath]);
    expect(wrongName.code).not.toBe(0);
    const asClient = await openssl(['verify', '-CAfile', server.caPath, '-purpose', 'sslclient', server.certPath]);
    expect(asClient.output).toMatch(/unsuitable certificate purpose/);
  });

  it('a client certificate verifies for client use only', async () => {
    expect((await openssl(['verify', '-CAfile', alice.caPath, '-purpose', 'sslclient', alice.certPath])).code).toBe(0);
    const asServer = await openssl(['verify', '-CAfile', alice.caPath, '-purpose', 'sslserver', alice.certPath]);
    expect(asServer.output).toMatch(/unsuitable certificate purpose/);
  });

  it('a certificate from another kit does not chain to this CA', async () => {
    const run = await openssl(['verify', '-CAfile', kit.caPath, '-purpose', 'sslclient', stranger.certPath]);
    expect(run.code).not.toBe(0);
    expect(run.output).toMatch(/unable to get local issuer certificate/);
  });

  it('with the CRL, revoked clients fail and everyone else passes', async () => {
    const check = (file: string): Promise<Run> => openssl(['verify', '-CAfile', kit.caPath, '-crl_check', '-CRLfile', kit.crlPath, file]);
    for (const good of [server, alice]) {
      const run = await check(good.certPath);
      expect(run.output, good.name).toContain(': OK');
      expect(run.code, good.name).toBe(0);
    }
    for (const revoked of [bob, carol]) {
      const run = await check(revoked.certPath);
      expect(run.output, revoked.name).toMatch(/certificate revoked/);
      expect(run.code, revoked.name).not.toBe(0);
    }
  });

  it('certificates are RSA 2048 with SHA-256 and carry the EKUs and SAN', async () => {
    const serverText = (await openssl(['x509', '-in', server.certPath, '-noout', '-text'])).output;
    expect(serverText).toContain('Public-Key: (2048 bit)');
    expect(serverText).toContain('sha256WithRSAEncryption');
    expect(serverText).toMatch(/Extended Key Usage:\s*\n\s*TLS Web Server Authentication\s*\n/);
    expect(serverText).toMatch(/Subject Alternative Name:\s*\n\s*DNS:vpn\.porthole\.test\s*\n/);
    expect(serverText).toContain(`Subject: CN = ${SERVER_NAME}`);
    expect(serverText).toContain('Issuer: CN = Acme VPN CA');

    const clientText = (await openssl(['x509', '-in', alice.certPath, '-noout', '-text'])).output;
    expect(clientText).toContain('Public-Key: (2048 bit)');
    expect(clientText).toMatch(/Extended Key Usage:\s*\n\s*TLS Web Client Authentication\s*\n/);
    expect(clientText).not.toContain('Subject Alternative Name');

    const caText = (await openssl(['x509', '-in', kit.caPath, '-noout', '-text'])).output;
    expect(caText).toMatch(/Basic Constraints: critical\s*\n\s*CA:TRUE, pathlen:0/);
    expect(caText).toMatch(/Key Usage: critical\s*\n\s*Digital Signature, Certificate Sign, CRL Sign/);
  });

  it('the private keys are RSA 2048 and match their certificates', async () => {
    for (const issued of [server, alice]) {
      const keyText = (await openssl(['pkey', '-in', issued.keyPath, '-noout', '-text'])).output;
      expect(keyText).toContain('Private-Key: (2048 bit');
      const fromKey = (await openssl(['pkey', '-in', issued.keyPath, '-pubout'])).output;
      const fromCert = (await openssl(['x509', '-in', issued.certPath, '-noout', '-pubkey'])).output;
      expect(fromKey).toBe(fromCert);
    }
  });

  it('the CRL names the revoked serials, its number went up per revocation, and it is signed by the CA', async () => {
    const text = (await openssl(['crl', '-in', kit.crlPath, '-noout', '-text', '-CAfile', kit.caPath])).output;
    expect(text).toContain('verify OK');
    expect(firstCrlNumber).toBe(1);
    expect(kit.crlNumber).toBe(2);
    expect(text).toMatch(/X509v3 CRL Number:\s*\n\s*2\s*\n/);
    expect(text).toContain('Key Compromise');
    const listed = [...text.matchAll(/Serial Number: ([0-9A-F]+)/g)].map((match) => match[1]?.toLowerCase());
    expect(listed.sort()).toEqual([bob.serial, carol.serial].sort());
    expect(listed).not.toContain(alice.serial);
  });

  it('keys and certificates are mode 0600 in a 0700 folder', async () => {
    expect((await stat(kitDir)).mode & 0o777).toBe(0o700);
    for (const path of [
      join(kitDir, 'ca.key'),
      kit.caPath,
      kit.crlPath,
      join(kitDir, 'kit.json'),
      server.keyPath,
      alice.keyPath,
      alice.certPath,
    ]) {
      expect((await stat(path)).mode & 0o777, path).toBe(0o600);
    }
  });

  it('kit.json remembers serials and revocations; it holds no key material', async () => {
    const text = await readFile(join(kitDir, 'kit.json'), 'utf8');
    expect(text).not.toMatch(/PRIVATE KEY|BEGIN/);
    const names = kit.certificates().map((cert) => [cert.kind, cert.name, cert.serial, cert.revokedAt !== undefined]);
    expect(names).toEqual([
      ['server', SERVER_NAME, server.serial, false],
      ['client', 'alice', alice.serial, false],
      ['client', 'bob.laptop', bob.serial, true],
      ['client', 'carol', carol.serial, true],
    ]);
  });
});

describe('certificate kit refusals', () => {
  it('never makes a kit in a folder that is not empty, nor a second kit in one folder', async () => {
    const busy = join(root, 'busy');
    await mkdir(busy);
    await writeFile(join(busy, 'notes.txt'), 'mine');
    expect((await rejection(CertKit.create(busy))).code).toBe('KIT_FOLDER_NOT_EMPTY');
    expect((await stat(busy)).mode & 0o777).not.toBe(0o700);
    expect((await rejection(CertKit.create(kitDir))).code).toBe('KIT_EXISTS');
  });

  it('refuses a name already issued, and names that are not DNS-style', async () => {
    expect((await rejection(kit.issueClient('alice'))).code).toBe('KIT_NAME_TAKEN');
    expect((await rejection(kit.issueClient('bob.laptop'))).code).toBe('KIT_NAME_TAKEN');
    for (const bad of ['../evil', 'a b', '', 'x'.repeat(64), 'CN=x,O=y', '-lead']) {
      const error = await rejection(kit.issueClient(bad));
      expect(error, bad).toBeInstanceOf(CertKitError);
      expect(error.code, bad).toBe('KIT_NAME_INVALID');
    }
  });

  it('never writes over a file that is already there, and leaves no half-issued key behind', async () => {
    await writeFile(join(kitDir, 'client-dave.crt'), 'not mine to replace');
    const error = await rejection(kit.issueClient('dave'));
    expect(error.code).toBe('FILE_EXISTS');
    expect(await readFile(join(kitDir, 'client-dave.crt'), 'utf8')).toBe('not mine to replace');
    await expect(stat(join(kitDir, 'client-dave.key'))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(kit.certificates().some((cert) => cert.name === 'dave')).toBe(false);
  });

  it('revokes only client certificates it issued, once', async () => {
    expect((await rejection(kit.revokeClient('nobody'))).code).toBe('KIT_NOT_ISSUED');
    expect((await rejection(kit.revokeClient(SERVER_NAME))).code).toBe('KIT_NOT_ISSUED');
    expect((await rejection(kit.revokeClient('bob.laptop'))).code).toBe('KIT_ALREADY_REVOKED');
  });

  it('two changes at once on one kit get distinct, increasing CRL numbers', async () => {
    const dir = join(root, 'busy-kit');
    const busyKit = await CertKit.create(dir);
    await Promise.all(['p1', 'p2', 'p3'].map((name) => busyKit.issueClient(name)));
    const crls = await Promise.all(['p1', 'p2', 'p3'].map((name) => busyKit.revokeClient(name)));
    expect(crls.map((crl) => crl.number)).toEqual([1, 2, 3]);
    expect(crls[2]?.revokedSerials).toHaveLength(3);
  });

  it('a kit changed through another handle must be opened again', async () => {
    const dir = join(root, 'shared-kit');
    const first = await CertKit.create(dir);
    const second = await CertKit.open(dir);
    await second.issueClient('one');
    expect((await rejection(first.issueClient('two'))).code).toBe('KIT_CHANGED');
    expect((await CertKit.open(dir)).certificates().map((cert) => cert.name)).toEqual(['one']);
    await expect(stat(join(dir, 'client-two.key'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('does not open a folder whose CA key is not the CA certificate’s', async () => {
    const dir = join(root, 'swapped');
    await CertKit.create(dir);
    await rm(join(dir, 'ca.key'));
    await writeFile(join(dir, 'ca.key'), await readFile(alice.keyPath));
    expect((await rejection(CertKit.open(dir))).code).toBe('KIT_INVALID');
    await rm(join(dir, 'ca.key'));
    await writeFile(join(dir, 'ca.key'), 'not a key');
    const garbled = await rejection(CertKit.open(dir));
    expect(garbled.code).toBe('KIT_INVALID');
    expect(garbled.message).not.toContain('not a key');
    expect((await rejection(CertKit.open(join(root, 'missing')))).code).toBe('KIT_NOT_FOUND');
  });
});
