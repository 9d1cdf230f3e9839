// The certificate kit's routes through the daemon's own app: a kit made in a folder the test names, a server and
// two client certificates, one revoked; every file 0600 in a 0700 folder, checked with `openssl verify` (purpose,
// chain, CRL); the AWS CLI commands carry the region, profile and endpoint asked for; bad input refused.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CertKitChange, CertKitState } from '../../../shared/api.js';
import { authHeaders, testApp } from '../../../testing/http/test-app.js';
import { CertKitService } from '../../paths/cert-kit/kit-service.js';

const run = promisify(execFile);
let root: string;
let folder: string;
let app: FastifyInstance;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'porthole-kit-routes-'));
  folder = join(root, 'acme vpn kit');
  ({ app } = await testApp({ services: { certKits: new CertKitService() } }));
});
afterAll(async () => {
  await app?.close();
  await rm(root, { recursive: true, force: true });
});

function post(url: string, payload: Record<string, unknown>) {
  return app.inject({ method: 'POST', url, headers: authHeaders, payload });
}

/** `openssl verify …`: its stdout and stderr together, and whether it passed. */
async function verify(args: string[]): Promise<{ ok: boolean; output: string }> {
  try {
    const { stdout, stderr } = await run('openssl', ['verify', ...args], { timeout: 20_000 });
    return { ok: true, output: stdout + stderr };
  } catch (error) {
    const failure = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${failure.stdout ?? ''}${failure.stderr ?? ''}` };
  }
}

describe('the certificate kit routes', () => {
  let server: CertKitChange;
  let alice: CertKitChange;
  let bob: CertKitChange;
  let revoked: CertKitChange;

  it('creates a kit, issues a server and two clients, revokes one, all in 0600 files', { timeout: 60_000 }, async () => {
    const created = await post('/api/cert-kit', { folder, caName: 'Acme VPN CA' });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json<CertKitState>()).toMatchObject({
      folder,
      ca: { commonName: 'Acme VPN CA', certPath: join(folder, 'ca.crt') },
      certificates: [],
    });
    expect((await stat(folder)).mode & 0o777).toBe(0o700);
    server = (await post('/api/cert-kit/server', { folder, name: 'vpn.acme.example' })).json<CertKitChange>();
    alice = (await post('/api/cert-kit/client', { folder, name: 'alice' })).json<CertKitChange>();
    bob = (await post('/api/cert-kit/client', { folder, name: 'bob', validDays: 90 })).json<CertKitChange>();
    expect(server.issued).toMatchObject({
      kind: 'server',
      name: 'vpn.acme.example',
      certPath: join(folder, 'server-vpn.acme.example.crt'),
    });
    const res = await post('/api/cert-kit/revoke', { folder, name: 'bob', reason: 'keyCompromise' });
    expect(res.statusCode, res.body).toBe(200);
    revoked = res.json<CertKitChange>();
    expect(revoked.crl).toMatchObject({ number: 1, path: join(folder, 'crl.pem'), revokedSerials: [bob.issued!.serial] });
    expect(revoked.kit.certificates.find((cert) => cert.name === 'bob')).toMatchObject({
      revokedAt: expect.any(String),
      reason: 'keyCompromise',
    });
    for (const file of ['ca.key', 'ca.crt', 'crl.pem', 'kit.json', 'client-alice.key', 'client-alice.crt', 'server-vpn.acme.example.key']) {
      expect((await stat(join(folder, file))).mode & 0o777, file).toBe(0o600);
    }
  });

  it('openssl verifies the chain, each purpose and the CRL', async () => {
    const ca = join(folder, 'ca.crt');
    const crl = join(folder, 'crl.pem');
    expect(
      (await verify(['-CAfile', ca, '-purpose', 'sslserver', '-verify_hostname', 'vpn.acme.example', server.issued!.certPath])).ok,
    ).toBe(true);
    expect((await verify(['-CAfile', ca, '-purpose', 'sslclient', server.issued!.certPath])).output).toMatch(
      /unsuitable certificate purpose/,
    );
    expect((await verify(['-CAfile', ca, '-purpose', 'sslclient', '-crl_check', '-CRLfile', crl, alice.issued!.certPath])).ok).toBe(true);
    const bobCheck = await verify(['-CAfile', ca, '-purpose', 'sslclient', '-crl_check', '-CRLfile', crl, bob.issued!.certPath]);
    expect(bobCheck.ok).toBe(false);
    expect(bobCheck.output).toMatch(/certificate revoked/);
  });

  it('GET shows the kit with the AWS CLI commands for the region, profile and endpoint asked for', async () => {
    const endpointId = 'cvpn-endpoint-0123456789abcdef0';
    const res = await app.inject({
      method: 'GET',
      url: `/api/cert-kit?folder=${encodeURIComponent(folder)}&region=eu-west-1&profile=acme&endpointId=${endpointId}`,
      headers: authHeaders,
    });
    expect(res.statusCode, res.body).toBe(200);
    const state = res.json<CertKitState>();
    expect(state.certificates.map((cert) => `${cert.kind}:${cert.name}`)).toEqual([
      'server:vpn.acme.example',
      'client:alice',
      'client:bob',
    ]);
    expect(state.crl).toMatchObject({ number: 1, path: join(folder, 'crl.pem') });
    expect(state.acmImports).toHaveLength(1);
    expect(state.acmImports[0]!.command.argv).toEqual([
      'aws',
      'acm',
      'import-certificate',
      '--certificate',
      `fileb://${server.issued!.certPath}`,
      '--private-key',
      `fileb://${server.issued!.keyPath}`,
      '--certificate-chain',
      `fileb://${join(folder, 'ca.crt')}`,
      '--region',
      'eu-west-1',
      '--profile',
      'acme',
    ]);
    expect(state.crlUpload?.text).toBe(
      `aws ec2 import-client-vpn-client-certificate-revocation-list --client-vpn-endpoint-id ${endpointId} --certificate-revocation-list 'file://${join(folder, 'crl.pem')}' --region eu-west-1 --profile acme`,
    );
  });

  it('renewing the CRL raises its number', async () => {
    const res = await post('/api/cert-kit/crl', { folder });
    expect(res.statusCode).toBe(200);
    expect(res.json<CertKitChange>().crl?.number).toBe(2);
  });

  it('refuses names taken, unknown clients, bad names, and folders that are relative, system or not empty', async () => {
    const cases: [string, Record<string, unknown>, number, string][] = [
      ['/api/cert-kit/client', { folder, name: 'alice' }, 409, 'KIT_NAME_TAKEN'],
      ['/api/cert-kit/revoke', { folder, name: 'carol' }, 404, 'KIT_NOT_ISSUED'],
      ['/api/cert-kit/revoke', { folder, name: 'bob' }, 409, 'KIT_ALREADY_REVOKED'],
      ['/api/cert-kit/client', { folder, name: '../evil' }, 400, 'VALIDATION_FAILED'],
      ['/api/cert-kit/client', { folder, name: 'a', validDays: 0 }, 400, 'VALIDATION_FAILED'],
      ['/api/cert-kit', { folder: 'relative/kit' }, 400, 'KIT_FOLDER_INVALID'],
      ['/api/cert-kit', { folder: '/proc/self/kit' }, 400, 'KIT_FOLDER_INVALID'],
      ['/api/cert-kit', { folder }, 409, 'KIT_EXISTS'],
      ['/api/cert-kit/client', { folder: join(root, 'no kit here'), name: 'dave' }, 404, 'KIT_NOT_FOUND'],
    ];
    const busy = join(root, 'busy');
    await mkdir(busy);
    await writeFile(join(busy, 'notes.txt'), 'mine');
    cases.push(['/api/cert-kit', { folder: busy }, 409, 'KIT_FOLDER_NOT_EMPTY']);
    for (const [url, body, status, code] of cases) {
      const res = await post(url, body);
      expect(res.statusCode, `${url} ${JSON.stringify(body)}: ${res.body}`).toBe(status);
      expect(res.json()).toMatchObject({ error: { code } });
    }
  });
});
