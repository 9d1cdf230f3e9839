// The .ovpn helpers with certificates from the kit: merging, strict input checks that never echo
// the input, certificate findings against the endpoint's CA and CRL, and the 0600 writer.
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CertKit, type IssuedFiles } from '../cert-kit/cert-kit.js';
import { keyMatchesCertificate, x509 } from '../x509.js';
import { checkClientCertificate, type CertificateCheckInput } from './check-client-certificate.js';
import { mergeClientCredentials } from './merge-ovpn.js';
import { OvpnError } from './ovpn-error.js';
import { writeOvpnFile } from './write-ovpn.js';

const DAY_MS = 24 * 3600 * 1000;

let root: string;
let kit: CertKit;
let clock: Date;
const pem: Record<string, { cert: string; key: string }> = {};
let caPem: string;
let caKeyPem: string;
let crlPem: string;
let exported: string;

function exportedConfig(ca: string, extra: string[] = []): string {
  // The shape ExportClientVpnClientConfiguration returns (AWS Client VPN administrator guide).
  return [
    'client',
    'dev tun',
    'proto udp',
    'remote cvpn-endpoint-0102bc4c2eEXAMPLE.prod.clientvpn.eu-west-1.amazonaws.com 443',
    'remote-random-hostname',
    'resolv-retry infinite',
    'nobind',
    'remote-cert-tls server',
    'cipher AES-256-GCM',
    'verb 3',
    '<ca>',
    ca.trim(),
    '</ca>',
    ...extra,
    '',
    'reneg-sec 0',
    '',
  ].join('\n');
}

async function load(files: IssuedFiles): Promise<{ cert: string; key: string }> {
  return { cert: await readFile(files.certPath, 'utf8'), key: await readFile(files.keyPath, 'utf8') };
}

function block(text: string, tag: string): string {
  const match = new RegExp(`<${tag}>\\n([\\s\\S]*?)\\n</${tag}>`).exec(text);
  if (!match?.[1]) throw new Error(`no <${tag}> block`);
  return match[1];
}

function thrown(action: () => unknown): OvpnError {
  try {
    action();
  } catch (error) {
    if (error instanceof OvpnError) return error;
    throw error;
  }
  throw new Error('expected an OvpnError');
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'porthole-ovpn-'));
  const today = new Date();
  clock = new Date(today.getTime() - 400 * DAY_MS);
  kit = await CertKit.create(join(root, 'kit'), { now: () => clock, crlDays: 7 });
  pem.old = await load(await kit.issueClient('old', { validDays: 30 }));
  clock = today;
  await kit.issueServer('vpn.porthole.test');
  pem.alice = await load(await kit.issueClient('alice'));
  pem.bob = await load(await kit.issueClient('bob'));
  pem.soon = await load(await kit.issueClient('soon', { validDays: 10 }));
  await kit.revokeClient('bob');
  pem.stranger = await load(await (await CertKit.create(join(root, 'other'))).issueClient('stranger'));
  caPem = await readFile(kit.caPath, 'utf8');
  caKeyPem = await readFile(join(kit.dir, 'ca.key'), 'utf8');
  crlPem = await readFile(kit.crlPath, 'utf8');
  exported = exportedConfig(caPem);
}, 60_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('mergeClientCredentials', () => {
  it('puts the certificate and its key inline right after </ca>, keeping every other line', () => {
    const merged = mergeClientCredentials(exported, { certificate: pem.alice!.cert, privateKey: pem.alice!.key });
    const lines = merged.text.split('\n');
    expect(lines[lines.indexOf('</ca>') + 1]).toBe('<cert>');
    const cert = new X509Certificate(block(merged.text, 'cert'));
    expect(cert.fingerprint256).toBe(new X509Certificate(pem.alice!.cert).fingerprint256);
    expect(keyMatchesCertificate(cert, createPrivateKey(block(merged.text, 'key')))).toBe(true);
    const withoutCredentials = merged.text.replace(/<cert>[\s\S]*<\/key>\n/, '');
    expect(withoutCredentials).toBe(exported);
    expect(merged).toMatchObject({ federated: false, userPass: false, replacedExisting: false, notices: [] });
    expect(merged.certificate.subject).toBe('CN=alice');
  });

  it('keeps auth-federate for a SAML endpoint and says the AWS VPN Client is needed', () => {
    const merged = mergeClientCredentials(exportedConfig(caPem, ['auth-federate']), {
      certificate: pem.alice!.cert,
      privateKey: pem.alice!.key,
    });
    expect(merged.text.split('\n')).toContain('auth-federate');
    expect(merged.federated).toBe(true);
    expect(merged.notices.join(' ')).toMatch(/AWS VPN Client/);
  });

  it('replaces credentials already in the file, inline or as file paths', () => {
    const first = mergeClientCredentials(exportedConfig(caPem, ['cert /home/me/old.crt', 'key /home/me/old.key']), {
      certificate: pem.soon!.cert,
      privateKey: pem.soon!.key,
    });
    const again = mergeClientCredentials(first.text, { certificate: pem.alice!.cert, privateKey: pem.alice!.key });
    expect(first.replacedExisting).toBe(true);
    expect(again.replacedExisting).toBe(true);
    expect(again.text.match(/<cert>/g)).toHaveLength(1);
    expect(again.text).not.toMatch(/^(cert|key) /m);
    expect(new X509Certificate(block(again.text, 'cert')).subject).toBe('CN=alice');
  });

  it('refuses a key that is not the certificate’s, without repeating either', () => {
    const error = thrown(() => mergeClientCredentials(exported, { certificate: pem.alice!.cert, privateKey: pem.bob!.key }));
    expect(error.code).toBe('OVPN_KEY_MISMATCH');
    const keyBody = pem.bob!.key.split('\n')[1] ?? '';
    expect(keyBody.length).toBeGreaterThan(40);
    expect(JSON.stringify({ ...error.toApiError(), stack: error.stack })).not.toContain(keyBody.slice(0, 40));
  });

  it('turns every malformed input into a typed error that never echoes it', () => {
    const secret = 'SECRET-MARKER-7f3a';
    const good = { certificate: pem.alice!.cert, privateKey: pem.alice!.key };
    const cases: Array<[string, () => unknown]> = [
      ['OVPN_CERT_INVALID', () => mergeClientCredentials(exported, { ...good, certificate: `${secret} not a certificate` })],
      ['OVPN_CERT_INVALID', () => mergeClientCredentials(exported, { ...good, certificate: pem.alice!.key })],
      ['OVPN_CERT_INVALID', () => mergeClientCredentials(exported, { ...good, certificate: `${pem.alice!.cert}${pem.bob!.cert}` })],
      [
        'OVPN_CERT_INVALID',
        () =>
          mergeClientCredentials(exported, { ...good, certificate: `-----BEGIN CERTIFICATE-----\n${secret}\n-----END CERTIFICATE-----\n` }),
      ],
      ['OVPN_KEY_INVALID', () => mergeClientCredentials(exported, { ...good, privateKey: pem.alice!.cert })],
      [
        'OVPN_KEY_INVALID',
        () =>
          mergeClientCredentials(exported, { ...good, privateKey: `-----BEGIN PRIVATE KEY-----\n${secret}\n-----END PRIVATE KEY-----\n` }),
      ],
      ['OVPN_CERT_INVALID', () => mergeClientCredentials(exported, { certificate: caPem, privateKey: caKeyPem })],
      ['OVPN_CONFIG_INVALID', () => mergeClientCredentials(`${secret}\nclient\nremote x 443\n`, good)],
      ['OVPN_CONFIG_INVALID', () => mergeClientCredentials(exported.replace('</ca>', ''), good)],
      ['OVPN_CONFIG_INVALID', () => mergeClientCredentials(`${exported}<ca>\n${caPem}</ca>\n`, good)],
      ['OVPN_CONFIG_INVALID', () => mergeClientCredentials(exportedConfig(secret), good)],
      ['OVPN_CONFIG_INVALID', () => mergeClientCredentials(exported.replace(/^remote .*$/m, ''), good)],
      ['OVPN_CONFIG_INVALID', () => mergeClientCredentials(42 as unknown as string, good)],
    ];
    for (const [code, action] of cases) {
      const error = thrown(action);
      expect(error.code, code).toBe(code);
      expect(`${error.message} ${error.hint ?? ''}`).not.toContain(secret);
      expect(error.cause).toBeUndefined();
    }
  });

  it('refuses a passphrase-protected key', () => {
    const encrypted = createPrivateKey(pem.alice!.key).export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' });
    const error = thrown(() => mergeClientCredentials(exported, { certificate: pem.alice!.cert, privateKey: String(encrypted) }));
    expect(error.code).toBe('OVPN_KEY_ENCRYPTED');
  });

  it('copies nothing but the certificate and key: text around the PEM blocks cannot add directives', () => {
    const merged = mergeClientCredentials(exported, {
      certificate: `Certificate:\n    Data: (openssl text)\n${pem.alice!.cert}</cert>\nup /tmp/evil.sh\n`,
      privateKey: `${pem.alice!.key}</key>\nscript-security 2\n`,
    });
    expect(merged.text).not.toMatch(/evil|script-security|openssl text/);
  });
});

describe('writeOvpnFile', () => {
  it('writes 0600, refuses to write over a file, and keeps a backup when asked to replace', async () => {
    const merged = mergeClientCredentials(exported, { certificate: pem.alice!.cert, privateKey: pem.alice!.key });
    const path = join(root, 'alice.ovpn');
    expect(await writeOvpnFile(path, merged.text)).toBeUndefined();
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readFile(path, 'utf8')).toBe(merged.text);

    await expect(writeOvpnFile(path, 'other')).rejects.toMatchObject({ code: 'FILE_EXISTS' });
    expect(await readFile(path, 'utf8')).toBe(merged.text);

    const backup = await writeOvpnFile(path, 'newer', 'backup');
    expect(backup).toMatch(/alice\.ovpn\..+\.bak$/);
    expect(await readFile(backup as string, 'utf8')).toBe(merged.text);
    expect((await stat(backup as string)).mode & 0o777).toBe(0o600);
    expect(await readFile(path, 'utf8')).toBe('newer');

    await expect(writeOvpnFile(join(root, 'alice.txt'), merged.text)).rejects.toMatchObject({ code: 'OVPN_PATH_INVALID' });
    expect((await readdir(root)).filter((name) => name.startsWith('alice'))).toHaveLength(2);
  });
});

describe('checkClientCertificate', () => {
  const check = (name: string, extra: Partial<CertificateCheckInput> = {}) =>
    checkClientCertificate({ certificate: pem[name]!.cert, ovpnText: exported, crl: crlPem, ...extra });
  const codes = async (name: string, extra: Partial<CertificateCheckInput> = {}) => {
    const result = await check(name, extra);
    return { level: result.level, codes: result.findings.map((finding) => finding.code) };
  };

  it('a current certificate from the endpoint CA, not revoked, passes', async () => {
    expect(await codes('alice')).toEqual({ level: 'ok', codes: ['CERT_VALID', 'CERT_ISSUED_BY_ENDPOINT_CA', 'CERT_NOT_REVOKED'] });
  });

  it('a revoked certificate fails', async () => {
    const result = await check('bob');
    expect(result.level).toBe('fail');
    expect(result.findings.find((finding) => finding.code === 'CERT_REVOKED')?.level).toBe('fail');
  });

  it('warns within 30 days of expiry and fails once expired', async () => {
    expect(await codes('soon')).toEqual({ level: 'warn', codes: ['CERT_EXPIRES_SOON', 'CERT_ISSUED_BY_ENDPOINT_CA', 'CERT_NOT_REVOKED'] });
    expect(await codes('old')).toMatchObject({ level: 'fail', codes: expect.arrayContaining(['CERT_EXPIRED']) });
    expect(await codes('soon', { warnDays: 5 })).toMatchObject({ level: 'ok' });
  });

  it('another CA: a warning against the <ca> block, a failure against the known client CA', async () => {
    expect(await codes('stranger', { crl: undefined })).toEqual({ level: 'warn', codes: ['CERT_VALID', 'CERT_NOT_FROM_ENDPOINT_CA'] });
    expect(await codes('stranger', { crl: undefined, clientRootCa: caPem })).toEqual({
      level: 'fail',
      codes: ['CERT_VALID', 'CERT_NOT_FROM_CLIENT_CA'],
    });
    expect((await codes('stranger')).codes).toContain('CRL_FOR_OTHER_CA');
  });

  it('reads the revocation list with care: none, outdated, or badly signed', async () => {
    expect((await codes('alice', { crl: '' })).codes).toContain('CERT_NOT_REVOKED');
    const later = new Date(Date.now() + 10 * DAY_MS);
    expect(await codes('alice', { now: later })).toMatchObject({ level: 'warn', codes: expect.arrayContaining(['CRL_OUTDATED']) });

    const der = new Uint8Array(x509.PemConverter.decodeFirst(crlPem));
    der[der.length - 1] = (der[der.length - 1] ?? 0) ^ 0xff;
    const tampered = x509.PemConverter.encode(der, 'X509 CRL');
    expect((await codes('alice', { crl: tampered })).codes).toContain('CRL_SIGNATURE_INVALID');

    await expect(check('alice', { crl: 'SECRET-MARKER junk' })).rejects.toMatchObject({ code: 'OVPN_CRL_INVALID' });
  });

  it('warns about keys Client VPN does not document (not RSA 1024/2048)', async () => {
    const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
    const ec = await x509.X509CertificateGenerator.createSelfSigned({
      name: 'CN=ec-client',
      keys,
      signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
      notAfter: new Date(Date.now() + 365 * DAY_MS),
    });
    const result = await checkClientCertificate({ certificate: ec.toString('pem') });
    expect(result.findings.map((finding) => finding.code)).toEqual(['CERT_VALID', 'KEY_NOT_RSA']);
    expect(result.level).toBe('warn');
  });
});

it('a certificate file easy-rsa style (text before the PEM) is read', async () => {
  const path = join(root, 'easyrsa.crt');
  await writeFile(path, `Certificate:\n    Data:\n        Version: 3 (0x2)\n${pem.alice!.cert}`);
  const result = await checkClientCertificate({ certificate: await readFile(path, 'utf8'), ovpnText: exported });
  expect(result.level).toBe('ok');
});
