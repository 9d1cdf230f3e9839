// The Client VPN routes through the daemon's own app against the sandbox: endpoints with their rules, and the
// client configuration with a kit's certificates merged (as text and from files), SAML's auth-federate kept, the
// certificate checked against the endpoint's CA and CRL, and every bad input refused without echoing it.
import { X509Certificate } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientConfigResponse, ClientVpnEndpointsResponse } from '../../../shared/api.js';
import { startSandbox, type Sandbox } from '../../../e2e/sandbox/server.js';
import { tempAwsFiles, type TempAwsFiles } from '../../../testing/aws/aws-files.js';
import { authHeaders, testApp } from '../../../testing/http/test-app.js';
import { ACCESS_KEY, makeKit, PROFILE, REGION, pathsWorld, type KitPem, type PathsWorld } from '../../../testing/paths/paths-world.js';
import { ProfileService } from '../../aws/profile-service.js';
import { ConfigStore } from '../../config/store.js';
import { EventBus } from '../../events/bus.js';
import { ClientConfigService } from '../../paths/vpn/client-config.js';
import { ClientVpnService } from '../../paths/vpn/vpn-service.js';

let root: string;
let kit: KitPem;
let sandbox: Sandbox;
let files: TempAwsFiles;
let app: FastifyInstance;
let world: PathsWorld;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'porthole-vpn-routes-'));
  kit = await makeKit(root);
  world = pathsWorld({ orders: 5432, vault: 5433 }, kit);
  sandbox = await startSandbox(world.scenario);
  files = await tempAwsFiles(sandbox.url, { [PROFILE]: ACCESS_KEY });
  const aws = files.clients();
  const config = await ConfigStore.open(join(root, 'config'));
  const profiles = new ProfileService({ aws, config, env: files.env, bus: new EventBus() });
  const vpn = new ClientVpnService({ aws });
  ({ app } = await testApp({ services: { profiles, clientVpn: vpn, clientConfig: new ClientConfigService({ aws, vpn }) } }));
}, 120_000);
afterAll(async () => {
  await app?.close();
  await files?.cleanup();
  await sandbox?.close();
  await rm(root, { recursive: true, force: true });
});

const configUrl = (id: string) => `/api/vpn/endpoints/${id}/client-config`;
function post(url: string, payload: unknown, headers: Record<string, string> = {}, extra: Partial<InjectOptions> = {}) {
  return app.inject({
    method: 'POST',
    url,
    headers: { ...authHeaders, ...headers },
    payload: payload as InjectOptions['payload'],
    ...extra,
  });
}
const json = { accept: 'application/json' };
const scope = { profile: PROFILE, region: REGION };
const pem = (name: keyof KitPem['clients']) => ({ certificatePem: kit.clients[name].cert, privateKeyPem: kit.clients[name].key });

function block(text: string, tag: string): string {
  const match = new RegExp(`<${tag}>\\n([\\s\\S]*?)\\n</${tag}>`).exec(text);
  if (!match?.[1]) throw new Error(`no <${tag}> block`);
  return match[1];
}

describe('GET /api/vpn/endpoints', () => {
  it('lists both endpoints with their networks, routes and rules', async () => {
    const res = await app.inject({ method: 'GET', url: `/api/vpn/endpoints?profile=${PROFILE}&region=${REGION}`, headers: authHeaders });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<ClientVpnEndpointsResponse>();
    expect(body.endpoints.map((endpoint) => [endpoint.name, endpoint.authentication[0]?.type])).toEqual([
      ['engineering-mtls', 'certificate'],
      ['engineering-sso', 'federated'],
    ]);
    expect(body.endpoints[1]!.authorizationRules.map((rule) => rule.groupId ?? '*')).toEqual(['dev-team', 'dba', '*']);
    expect(body.errors).toEqual([]);
  });

  it('an unknown profile is a 404 before any AWS call; a bad region a 400', async () => {
    sandbox.clearCalls();
    const res = await app.inject({ method: 'GET', url: `/api/vpn/endpoints?profile=nobody&region=${REGION}`, headers: authHeaders });
    expect(res.statusCode).toBe(404);
    expect(sandbox.calls({ service: 'ec2' })).toEqual([]);
    const bad = await app.inject({ method: 'GET', url: `/api/vpn/endpoints?profile=${PROFILE}&region=mars`, headers: authHeaders });
    expect(bad.statusCode).toBe(400);
  });
});

describe('POST /api/vpn/endpoints/:id/client-config', () => {
  it('merges the certificate and key after <ca>, answers the .ovpn itself, and keeps it out of caches', async () => {
    const res = await post(configUrl(world.vpn.mtls.id), { ...scope, ...pem('alice') });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/x-openvpn-profile/);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="${world.vpn.mtls.id}.ovpn"`);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-porthole-certificate-check']).toBe('ok');
    const lines = res.body.split('\n');
    expect(lines[lines.indexOf('</ca>') + 1]).toBe('<cert>');
    expect(new X509Certificate(block(res.body, 'cert')).fingerprint256).toBe(new X509Certificate(kit.clients.alice.cert).fingerprint256);
    expect(block(res.body, 'ca')).toBe(kit.caPem.trim());
    expect(lines).not.toContain('auth-federate');
  });

  it('reads the certificate and key from files, writes the .ovpn 0600 where asked, and answers JSON when asked', async () => {
    const outputPath = join(root, 'out', 'alice.ovpn');
    await mkdir(join(root, 'out'), { recursive: true });
    const body = { ...scope, certificatePath: kit.clients.alice.certPath, keyPath: kit.clients.alice.keyPath, outputPath };
    const res = await post(configUrl(world.vpn.mtls.id), body, json);
    expect(res.statusCode, res.body).toBe(200);
    const answer = res.json<ClientConfigResponse>();
    expect(answer).toMatchObject({ federated: false, writtenTo: outputPath, certificate: { subject: 'CN=alice' }, check: { level: 'ok' } });
    expect((await stat(outputPath)).mode & 0o777).toBe(0o600);
    expect(await readFile(outputPath, 'utf8')).toBe(answer.ovpn);
    const again = await post(configUrl(world.vpn.mtls.id), body, json);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: { code: 'FILE_EXISTS' } });
    const replaced = (await post(configUrl(world.vpn.mtls.id), { ...body, replace: true }, json)).json<ClientConfigResponse>();
    expect(replaced.backupPath).toMatch(/alice\.ovpn\..+\.bak$/);
  });

  it('a SAML endpoint needs no certificate: auth-federate stays, and the AWS VPN Client is named', async () => {
    const res = await post(configUrl(world.vpn.saml.id), scope, json);
    expect(res.statusCode, res.body).toBe(200);
    const answer = res.json<ClientConfigResponse>();
    expect(answer.federated).toBe(true);
    expect(answer.ovpn.split('\n')).toContain('auth-federate');
    expect(answer.ovpn).not.toContain('<cert>');
    expect(answer.notices.join(' ')).toMatch(/AWS VPN Client \(1\.2\.0 or later\)/);
  });

  it('flags a revoked certificate and one that expires within 30 days', async () => {
    const revoked = await post(configUrl(world.vpn.mtls.id), { ...scope, ...pem('bob') });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.headers['x-porthole-certificate-check']).toBe('fail');
    expect(String(revoked.headers['x-porthole-findings']).split(',')).toContain('CERT_REVOKED');
    const soon = (await post(configUrl(world.vpn.mtls.id), { ...scope, ...pem('soon') }, json)).json<ClientConfigResponse>();
    expect(soon.check).toMatchObject({
      level: 'warn',
      findings: expect.arrayContaining([expect.objectContaining({ code: 'CERT_EXPIRES_SOON' })]),
    });
    const stranger = (await post(configUrl(world.vpn.mtls.id), { ...scope, ...pem('stranger') }, json)).json<ClientConfigResponse>();
    expect(stranger.check?.findings.map((finding) => finding.code)).toEqual(
      expect.arrayContaining(['CERT_NOT_FROM_ENDPOINT_CA', 'CRL_FOR_OTHER_CA']),
    );
  });

  it('a revocation list that cannot be read is a warning naming the permission', async () => {
    sandbox.addFault({ service: 'ec2', op: 'ExportClientVpnClientCertificateRevocationList', kind: 'accessDenied' });
    try {
      const answer = (await post(configUrl(world.vpn.mtls.id), { ...scope, ...pem('alice') }, json)).json<ClientConfigResponse>();
      expect(answer.check?.level).toBe('warn');
      expect(answer.check?.findings).toContainEqual(
        expect.objectContaining({
          code: 'CRL_NOT_CHECKED',
          message: expect.stringContaining('ec2:ExportClientVpnClientCertificateRevocationList'),
        }),
      );
    } finally {
      sandbox.clearFaults();
    }
  });

  it('refuses what it cannot merge with a 400 that never repeats the input', async () => {
    const marker = 'SECRET-MARKER-51c0';
    const keyBody = kit.clients.bob.key.split('\n')[1]!;
    const junk = join(root, 'junk.pem');
    await writeFile(junk, `${marker}\n-----BEGIN PRIVATE KEY-----\n${marker}\n-----END PRIVATE KEY-----\n`);
    const cases: [unknown, string][] = [
      [{ ...scope, certificatePem: kit.clients.alice.cert, privateKeyPem: kit.clients.bob.key }, 'OVPN_KEY_MISMATCH'],
      [{ ...scope, certificatePem: `${marker}`, privateKeyPem: kit.clients.alice.key }, 'OVPN_CERT_INVALID'],
      [{ ...scope, certificatePath: kit.clients.alice.certPath, keyPath: junk }, 'OVPN_KEY_INVALID'],
      [{ ...scope, certificatePath: junk, keyPath: kit.clients.alice.keyPath }, 'OVPN_CERT_INVALID'],
      [{ ...scope, certificatePath: kit.clients.alice.certPath, keyPath: kit.clients.bob.keyPath }, 'OVPN_KEY_MISMATCH'],
      [scope, 'CLIENT_CERT_REQUIRED'],
      [{ ...scope, certificatePem: kit.clients.alice.cert }, 'VALIDATION_FAILED'],
      [{ ...scope, ...pem('alice'), keyPath: kit.clients.alice.keyPath }, 'VALIDATION_FAILED'],
    ];
    for (const [body, code] of cases) {
      const res = await post(configUrl(world.vpn.mtls.id), body, json);
      expect(res.statusCode, `${code}: ${res.body}`).toBe(400);
      expect(res.json()).toMatchObject({ error: { code } });
      expect(res.body).not.toContain(marker);
      expect(res.body).not.toContain(keyBody.slice(0, 40));
    }
  });

  it('reads only regular files of bounded size outside system folders, by absolute path', async () => {
    const fifo = join(root, 'fifo.pem');
    execFileSync('mkfifo', [fifo]);
    const big = join(root, 'big.pem');
    await writeFile(big, 'x'.repeat(300 * 1024));
    const paths = ['/proc/self/environ', '/dev/zero', '/sys/kernel/notes', root, fifo, big, 'relative/key.pem', join(root, 'missing.pem')];
    for (const keyPath of paths) {
      const res = await post(configUrl(world.vpn.mtls.id), { ...scope, certificatePath: kit.clients.alice.certPath, keyPath }, json);
      expect(res.statusCode, keyPath).toBe(400);
      expect(res.json()).toMatchObject({ error: { code: 'INPUT_FILE_INVALID', field: 'keyPath' } });
    }
    const systemOut = await post(configUrl(world.vpn.mtls.id), { ...scope, ...pem('alice'), outputPath: '/proc/self/x.ovpn' }, json);
    expect(systemOut.json()).toMatchObject({ error: { code: 'OVPN_PATH_INVALID' } });
  });

  it('an unknown endpoint is a 404; a malformed id a 400', async () => {
    const unknown = await post(configUrl('cvpn-endpoint-0nope'), { ...scope, ...pem('alice') });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ error: { code: 'VPN_ENDPOINT_NOT_FOUND' } });
    expect((await post(configUrl('vpn-1'), { ...scope, ...pem('alice') })).statusCode).toBe(400);
  });
});
