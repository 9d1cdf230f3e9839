// The paths routes through the daemon's own app, on real parts: the sandbox (inventory, diagnosis, Client VPN), a
// TLS PostgreSQL this test reaches without a tunnel at the RDS name of `orders` (the injected lookup maps the name
// to 127.0.0.1, as a VPN's DNS would map it to 10.x), and a port that never answers behind `vault`.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DirectConnectionInfo, DirectPathResult, DirectPathsResponse, TargetPaths } from '../../../shared/api.js';
import { startTlsPostgres, type TlsPostgres } from '../../../e2e/fixtures/tls-postgres.js';
import { rdsHost } from '../../../e2e/sandbox/scenario-builder.js';
import { startSandbox, type Sandbox } from '../../../e2e/sandbox/server.js';
import { tempAwsFiles, type TempAwsFiles } from '../../../testing/aws/aws-files.js';
import { authHeaders, testApp } from '../../../testing/http/test-app.js';
import { startSilentPort, type SilentPort } from '../../../testing/net/never-accepting-listener.js';
import { ACCESS_KEY, HOST, mappedLookup, PROFILE, REGION, pathsWorld, type PathsWorld } from '../../../testing/paths/paths-world.js';
import { DiagnosisService } from '../../diagnosis/diagnosis-service.js';
import { EventBus } from '../../events/bus.js';
import { InventoryService } from '../../inventory/inventory-service.js';
import { DirectPathService } from '../../paths/direct/direct-path-service.js';
import { PathsService } from '../../paths/paths-service.js';
import { ClientVpnService } from '../../paths/vpn/vpn-service.js';

const run = promisify(execFile);
const ORDERS_NAME = rdsHost('orders', REGION);

let postgres: TlsPostgres;
let silent: SilentPort;
let sandbox: Sandbox;
let files: TempAwsFiles;
let app: FastifyInstance;
let world: PathsWorld;

beforeAll(async () => {
  [postgres, silent] = await Promise.all([startTlsPostgres({ certName: ORDERS_NAME }), startSilentPort('127.0.0.1')]);
  world = pathsWorld({ orders: postgres.port, vault: silent.port });
  sandbox = await startSandbox(world.scenario);
  files = await tempAwsFiles(sandbox.url, { [PROFILE]: ACCESS_KEY });
  const aws = files.clients();
  const lookup = mappedLookup({ [world.ordersHost]: '127.0.0.1', [world.vaultHost]: silent.host });
  const inventory = new InventoryService({ aws, bus: new EventBus() });
  const diagnosis = new DiagnosisService({
    aws,
    inventory,
    resolve: async (name) => (await lookup(name, { all: true })).map((entry) => entry.address),
    profileExists: async (name) => name === PROFILE,
  });
  const vpn = new ClientVpnService({ aws });
  const direct = new DirectPathService({
    lookup,
    ca: () => [postgres.ca],
    tunnelPorts: () => [],
    findTarget: (id) => inventory.findTarget(id),
    knownNetworks: () => vpn.knownNetworks(),
    watch: () => ({ addresses: () => [], stop: () => undefined }),
    connectTimeoutMs: 500,
    handshakeTimeoutMs: 10_000,
  });
  const paths = new PathsService({
    aws,
    diagnosis,
    findTarget: (id) => inventory.findTarget(id),
    direct,
    vpn,
    caBundlePath: () => postgres.caPath,
  });
  ({ app } = await testApp({ services: { inventory, paths, direct } }));
}, 120_000);
afterAll(async () => {
  await app?.close();
  await files?.cleanup();
  await sandbox?.close();
  await silent?.close();
  await postgres?.stop();
});

function get(url: string) {
  return app.inject({ method: 'GET', url, headers: authHeaders });
}
const pathsUrl = (identifier: string, query = '') => `/api/targets/${encodeURIComponent(world.targetId(identifier))}/paths${query}`;

describe('GET /api/targets/:id/paths', () => {
  it('a database reached without a tunnel: direct and recommended, beside the SSM path and both Client VPN endpoints', async () => {
    const res = await get(pathsUrl('orders'));
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<TargetPaths>();
    expect(body.direct).toMatchObject({ status: 'direct', usable: true, address: '127.0.0.1', host: ORDERS_NAME, port: postgres.port });
    expect(body.direct.health).toMatchObject({
      ok: true,
      database: { protocol: 'postgres' },
      tls: { verified: true, serverName: ORDERS_NAME },
    });
    expect(body.recommendation).toMatchObject({ kind: 'direct', message: expect.stringContaining('Connect directly') });
    expect(body.ssm).toMatchObject({ jumpHostId: HOST.ec2.id, eligibleHostIds: [HOST.ec2.id] });
    expect(body.ssm.checks.length).toBeGreaterThan(10);
    expect(body.databaseAddresses.source).toBe('interfaces');
    const [mtls, saml] = body.vpn;
    expect(mtls).toMatchObject({ endpointId: world.vpn.mtls.id, status: 'ok', routeCidr: world.vpn.vpcCidr });
    expect(mtls!.checks.every((check) => check.status === 'ok')).toBe(true);
    expect(saml).toMatchObject({
      endpointId: world.vpn.saml.id,
      status: 'warn',
      authorization: {
        everyone: false,
        groups: ['dba'],
        shadowed: expect.arrayContaining([{ groupId: 'dev-team', destinationCidr: world.vpn.vpcCidr }]),
      },
    });
    expect(body.errors).toEqual([]);
  });

  it('an authorization rule explains why dev-team cannot reach the database, and dba can', async () => {
    const devs = (await get(pathsUrl('orders', '?groups=dev-team'))).json<TargetPaths>();
    const saml = devs.vpn.find((path) => path.endpointId === world.vpn.saml.id)!;
    expect(saml).toMatchObject({ status: 'fail', firstBroken: { check: 'vpn-authorization' } });
    expect(saml.firstBroken!.summary).toMatch(/dev-team’s rule .* but the more specific rule .* for dba wins, so dev-team cannot reach it/);
    const fix = saml.checks.find((check) => check.id === 'vpn-authorization')!.fix!;
    expect(fix.commands?.[0]).toContain(
      `--client-vpn-endpoint-id ${world.vpn.saml.id} --target-network-cidr ${world.vpn.dbSubnetCidr} --access-group-id dev-team`,
    );
    const dbas = (await get(pathsUrl('orders', '?groups=dba'))).json<TargetPaths>();
    expect(dbas.vpn.find((path) => path.endpointId === world.vpn.saml.id)?.status).toBe('ok');
  });

  it('an address that never answers is blocked, and the SSM tunnel is recommended instead', async () => {
    const body = (await get(pathsUrl('vault'))).json<TargetPaths>();
    expect(body.direct).toMatchObject({ status: 'blocked', reason: 'timeout', usable: false, address: silent.host });
    expect(body.recommendation.kind).toBe('ssm');
  });

  it('a refused read is unknown, naming the permission, without sinking the rest', async () => {
    sandbox.addFault({ service: 'ec2', op: 'DescribeClientVpnAuthorizationRules', kind: 'accessDenied' });
    try {
      const body = (await get(pathsUrl('orders', '?refresh=1'))).json<TargetPaths>();
      const check = body.vpn[0]!.checks.find((one) => one.id === 'vpn-authorization')!;
      expect(check).toMatchObject({ status: 'unknown', missingPermission: 'ec2:DescribeClientVpnAuthorizationRules' });
      expect(body.errors).toContainEqual(expect.objectContaining({ missingPermission: 'ec2:DescribeClientVpnAuthorizationRules' }));
      expect(body.direct.status).toBe('direct');
    } finally {
      sandbox.clearFaults();
    }
  });

  it('refuses what is not exactly right', async () => {
    expect((await get(pathsUrl('orders', '?groups=a;b'))).statusCode).toBe(400);
    expect((await get(pathsUrl('orders', '?refresh=yes'))).statusCode).toBe(400);
    expect((await get(pathsUrl('orders', '?extra=1'))).statusCode).toBe(400);
    const missing = await get(`/api/targets/${encodeURIComponent(world.targetId('nope'))}/paths`);
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ error: { code: 'TARGET_NOT_FOUND' } });
  });
});

describe('direct connections and checks', () => {
  it('connection strings name the real host; psql verifies it fully on the direct path', async () => {
    const res = await get(`/api/targets/${encodeURIComponent(world.targetId('orders'))}/direct-connection`);
    expect(res.statusCode, res.body).toBe(200);
    const info = res.json<DirectConnectionInfo>();
    expect(info).toMatchObject({ host: ORDERS_NAME, port: postgres.port, user: 'postgres', database: 'postgres', path: { usable: true } });
    const libpq = info.strings.find((string) => string.id === 'libpq')!.value;
    expect(libpq).toBe(
      `host=${ORDERS_NAME} port=${postgres.port} dbname=postgres user=postgres sslmode=verify-full sslrootcert=${postgres.caPath}`,
    );
    if (!existsSync('/usr/bin/psql')) return;
    // psql resolves names itself and ORDERS_NAME exists nowhere: PGHOSTADDR stands in for the VPN's DNS only.
    // The string is used as given, so libpq still checks the certificate against host=<RDS name> (verify-full).
    const env = { ...process.env, PGPASSWORD: postgres.password, PGHOSTADDR: '127.0.0.1', PGCONNECT_TIMEOUT: '10' };
    const query = 'select ssl from pg_stat_ssl where pid = pg_backend_pid()';
    const { stdout } = await run('/usr/bin/psql', [libpq, '-XAtc', query], { env, timeout: 30_000 });
    expect(stdout.trim()).toBe('t');
    const wrongName = libpq.replace(ORDERS_NAME, rdsHost('billing', REGION));
    const refused = await run('/usr/bin/psql', [wrongName, '-XAtc', query], { env, timeout: 30_000 }).catch(
      (error: { stderr: string }) => error,
    );
    expect(String((refused as { stderr?: string }).stderr)).toMatch(/does not match host name|server certificate for/);
  });

  it('POST …/paths/check checks now; GET /api/direct-paths lists the slice; POST /api/direct-paths/check starts the rest', async () => {
    const before = (await get(pathsUrl('orders'))).json<TargetPaths>().direct.checkedAt!;
    const checked = await app.inject({
      method: 'POST',
      url: `/api/targets/${encodeURIComponent(world.targetId('orders'))}/paths/check`,
      headers: authHeaders,
    });
    expect(checked.statusCode).toBe(200);
    expect(checked.json<DirectPathResult>().checkedAt! >= before).toBe(true);
    const listed = (await get(`/api/direct-paths?profile=${PROFILE}&region=${REGION}`)).json<DirectPathsResponse>();
    expect(listed.paths.map((path) => [path.targetId, path.status]).sort()).toEqual(
      [
        [world.targetId('orders'), 'direct'],
        [world.targetId('vault'), 'blocked'],
      ].sort(),
    );
    const started = await app.inject({
      method: 'POST',
      url: '/api/direct-paths/check',
      headers: authHeaders,
      payload: { targetIds: [world.targetId('vault')] },
    });
    expect(started.statusCode).toBe(202);
    expect(started.json()).toMatchObject({ checking: 1, generation: listed.generation });
    const bad = await app.inject({ method: 'POST', url: '/api/direct-paths/check', headers: authHeaders, payload: { targetIds: [] } });
    expect(bad.statusCode).toBe(400);
  });
});
