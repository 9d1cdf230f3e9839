// Issue 15's journeys at the HTTP API (the dashboard's version comes with its screens): the real composition root
// in this process (every room, the real guard) against the AWS sandbox with two Client VPN endpoints, a real TLS
// PostgreSQL that this machine reaches without a tunnel, and a certificate kit. The only stand-in is the name
// lookup (startDaemon's override), mapping the RDS names to loopback as a VPN's DNS maps them to the VPC.
//  1. A database reachable directly is recommended as "Connect directly", and psql verify-full works with its name.
//  2. An endpoint's authorization rule explains why dev-team cannot reach the database (dba can).
//  3. A .ovpn is exported with the client certificate merged.
//  4. A revoked client certificate is flagged.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientConfigResponse, DirectConnectionInfo, TargetPaths } from '../shared/api.js';
import { startDaemon, type RunningDaemon } from '../server/daemon.js';
import {
  makeKit,
  mappedLookup,
  PROFILE,
  REGION,
  ACCESS_KEY,
  pathsWorld,
  type KitPem,
  type PathsWorld,
} from '../testing/paths/paths-world.js';
import { startSilentPort, type SilentPort } from '../testing/net/never-accepting-listener.js';
import { writeAwsEnv, type AwsEnv } from './fixtures/aws-env.js';
import { startTlsPostgres, type TlsPostgres } from './fixtures/tls-postgres.js';
import { rdsHost } from './sandbox/scenario-builder.js';
import { startSandbox, type Sandbox } from './sandbox/server.js';

const run = promisify(execFile);
let root: string;
let postgres: TlsPostgres;
let silent: SilentPort;
let kit: KitPem;
let world: PathsWorld;
let sandbox: Sandbox;
let awsEnv: AwsEnv;
let daemon: RunningDaemon;
let token: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'porthole-paths-journey-'));
  [postgres, silent, kit] = await Promise.all([
    startTlsPostgres({ certName: rdsHost('orders', REGION), requireTls: true }),
    startSilentPort('127.0.0.1'),
    makeKit(root),
  ]);
  world = pathsWorld({ orders: postgres.port, vault: silent.port }, kit);
  sandbox = await startSandbox(world.scenario);
  awsEnv = await writeAwsEnv({
    parentDir: root,
    profiles: [{ name: PROFILE, accessKeyId: ACCESS_KEY, region: REGION }],
    endpointUrl: sandbox.url,
  });
  const configDir = join(root, 'config');
  await mkdir(configDir, { recursive: true, mode: 0o700 });
  daemon = await startDaemon(
    { command: 'start', host: '127.0.0.1', port: 0, configDir, open: false, logLevel: 'silent', unsafeListenAny: false },
    { ...awsEnv.env, PATH: '/nonexistent', PORTHOLE_CA_BUNDLE: postgres.caPath },
    { lookup: mappedLookup({ [world.ordersHost]: '127.0.0.1', [world.vaultHost]: silent.host }) },
  );
  token = (await readFile(join(configDir, 'token'), 'utf8')).trim();
}, 180_000);
afterAll(async () => {
  await daemon?.close();
  await sandbox?.close();
  await silent?.close();
  await postgres?.stop();
  await awsEnv?.close();
  await rm(root, { recursive: true, force: true });
});

function api(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${daemon.url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(init.headers as Record<string, string>) },
  });
}
const ordersPaths = (query = '') => api(`/api/targets/${encodeURIComponent(world.targetId('orders'))}/paths${query}`);

describe('the other ways in', () => {
  it('a database reachable directly: "Connect directly", and psql verify-full with the real name', async () => {
    const res = await ordersPaths();
    expect(res.status).toBe(200);
    const paths = (await res.json()) as TargetPaths;
    expect(paths.recommendation).toMatchObject({ kind: 'direct', message: expect.stringMatching(/^Connect directly/) });
    expect(paths.direct.health?.tls).toMatchObject({ verified: true, serverName: world.ordersHost });
    const info = (await (
      await api(`/api/targets/${encodeURIComponent(world.targetId('orders'))}/direct-connection`)
    ).json()) as DirectConnectionInfo;
    const psql = info.strings.find((string) => string.id === 'psql')!.value;
    expect(psql).toContain(`host=${world.ordersHost} port=${postgres.port}`);
    expect(psql).toContain('sslmode=verify-full');
    if (!existsSync('/usr/bin/psql')) return;
    // The command line as the dashboard hands it out, run by a shell. psql resolves the name itself and this
    // machine has no DNS for it: PGHOSTADDR plays the VPN's DNS; the certificate is still checked against host=.
    const { stdout } = await run('/bin/sh', ['-c', `${psql} -XAtc 'select current_user'`], {
      env: { ...process.env, PGPASSWORD: postgres.password, PGHOSTADDR: '127.0.0.1', PGCONNECT_TIMEOUT: '10' },
      timeout: 30_000,
    });
    expect(stdout.trim()).toBe('postgres');
  });

  it('an endpoint’s authorization rule explains why dev-team cannot reach the database', async () => {
    const paths = (await (await ordersPaths('?groups=dev-team')).json()) as TargetPaths;
    const saml = paths.vpn.find((path) => path.endpointName === 'engineering-sso')!;
    expect(saml.status).toBe('fail');
    expect(saml.firstBroken).toMatchObject({
      check: 'vpn-authorization',
      summary: expect.stringContaining('for dba wins, so dev-team cannot reach it'),
    });
    const dba = (await (await ordersPaths('?groups=dba')).json()) as TargetPaths;
    expect(dba.vpn.find((path) => path.endpointName === 'engineering-sso')?.status).toBe('ok');
  });

  it('a .ovpn is exported with the client certificate merged, and written 0600 where asked', async () => {
    const outputPath = join(root, 'alice.ovpn');
    const res = await api(`/api/vpn/endpoints/${world.vpn.mtls.id}/client-config`, {
      method: 'POST',
      body: JSON.stringify({
        profile: PROFILE,
        region: REGION,
        certificatePath: kit.clients.alice.certPath,
        keyPath: kit.clients.alice.keyPath,
        outputPath,
      }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/x-openvpn-profile/);
    const ovpn = await res.text();
    expect(ovpn).toContain(`</ca>\n<cert>\n${kit.clients.alice.cert.trim()}\n</cert>\n<key>\n`);
    expect(await readFile(outputPath, 'utf8')).toBe(ovpn);
  });

  it('a revoked client certificate is flagged', async () => {
    const res = await api(`/api/vpn/endpoints/${world.vpn.mtls.id}/client-config`, {
      method: 'POST',
      headers: { accept: 'application/json' },
      body: JSON.stringify({ profile: PROFILE, region: REGION, certificatePem: kit.clients.bob.cert, privateKeyPem: kit.clients.bob.key }),
    });
    const answer = (await res.json()) as ClientConfigResponse;
    expect(answer.check?.level).toBe('fail');
    expect(answer.check?.findings.find((finding) => finding.code === 'CERT_REVOKED')?.message).toMatch(
      /revoked on .*: the endpoint will refuse it/,
    );
  });
});
