// The diagnosis and IAM-policy routes through the daemon's own app (guard, validation, error handler): with
// the real services over the sandbox for what they answer, and strict input.
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Diagnosis, IamPolicies, TunnelSpec } from '../../../shared/api.js';
import { startSandbox, type Sandbox } from '../../../e2e/sandbox/server.js';
import type { AwsClients } from '../../aws/clients.js';
import { tempAwsFiles, type TempAwsFiles } from '../../../testing/aws/aws-files.js';
import { DiagnosisService } from '../../diagnosis/diagnosis-service.js';
import { PolicyService } from '../../diagnosis/policy/policy-service.js';
import { EventBus } from '../../events/bus.js';
import { InventoryService } from '../../inventory/inventory-service.js';
import { authHeaders, testApp } from '../../../testing/http/test-app.js';
import { ACCOUNT, diagnosisScenario, HOST, ORDERS, PROFILE, REGION } from '../../../testing/diagnosis/diagnosis-world.js';

const ORDERS_TUNNEL: TunnelSpec = {
  id: 't-orders',
  name: 'orders',
  profile: PROFILE,
  region: REGION,
  target: { id: `${PROFILE}:${REGION}:instance:orders`, host: ORDERS.address!, port: 5432, name: 'orders', engine: 'postgres' },
  jumpHostId: HOST.ec2.id,
  localPort: 5432,
  lazy: true,
  autoStart: false,
};

let sandbox: Sandbox;
let files: TempAwsFiles;
let aws: AwsClients;
let app: FastifyInstance;
const ORDERS_ID = `${PROFILE}:${REGION}:instance:orders`;
const refreshes: string[] = [];

beforeAll(async () => {
  sandbox = await startSandbox(diagnosisScenario());
  files = await tempAwsFiles(sandbox.url, { [PROFILE]: 'AKIDTEST' });
  aws = files.clients();
  const real = new InventoryService({ aws, bus: new EventBus() });
  const inventory = {
    findTarget: (id: string) => real.findTarget(id),
    slices: (filter: { profile?: string; region?: string }) => real.slices(filter),
    refresh: (pairs: { profile: string; region: string }[]) => {
      refreshes.push(...pairs.map((pair) => pair.profile));
      return real.refresh(pairs);
    },
  };
  const diagnosis = new DiagnosisService({
    aws,
    inventory,
    resolve: async () => ['10.10.2.10'],
    profileExists: async (name) => name === PROFILE,
  });
  const tunnels = new Map([['t-orders', ORDERS_TUNNEL]]);
  const policies = new PolicyService({
    aws,
    tunnel: (id) => tunnels.get(id),
    preferences: (profile, region) => diagnosis.sessionPreferences(profile, region),
  });
  ({ app } = await testApp({ services: { diagnosis, policies } }));
});
afterAll(async () => {
  await app.close();
  await files.cleanup();
  await sandbox.close();
});

function get(url: string, options: Partial<InjectOptions> = {}) {
  return app.inject({ method: 'GET', url, headers: authHeaders, ...options });
}

describe('GET /api/targets/:id/diagnosis', () => {
  it('fetches a slice never seen, diagnoses with the recommended host, then serves the cached result', async () => {
    const res = await get(`/api/targets/${encodeURIComponent(ORDERS_ID)}/diagnosis`);
    expect(res.statusCode).toBe(200);
    const body = res.json<Diagnosis>();
    expect(body).toMatchObject({ targetId: ORDERS_ID, jumpHostId: HOST.ec2.id, cached: false });
    expect(body.checks.every((check) => check.status === 'ok')).toBe(true);
    expect(refreshes).toEqual([PROFILE]);
    const again = await get(`/api/targets/${encodeURIComponent(ORDERS_ID)}/diagnosis?jumpHostId=${HOST.ec2.id}`);
    expect(again.json<Diagnosis>()).toMatchObject({ cached: true, checkedAt: body.checkedAt });
    expect((await get(`/api/targets/${encodeURIComponent(ORDERS_ID)}/diagnosis?refresh=1`)).json<Diagnosis>().cached).toBe(false);
  });

  it('answers 404 for an unknown target, an unknown jump host, and a profile Porthole does not list (without calling AWS)', async () => {
    expect((await get(`/api/targets/${encodeURIComponent(`${PROFILE}:${REGION}:instance:nope`)}/diagnosis`)).json().error.code).toBe(
      'TARGET_NOT_FOUND',
    );
    expect((await get(`/api/targets/${encodeURIComponent(ORDERS_ID)}/diagnosis?jumpHostId=i-0000000000000dead`)).json().error.code).toBe(
      'JUMP_HOST_NOT_FOUND',
    );
    const stranger = await get(`/api/targets/${encodeURIComponent('attacker:us-east-1:instance:x')}/diagnosis`);
    expect(stranger.statusCode).toBe(404);
    const junkRegion = await get(`/api/targets/${encodeURIComponent(`${PROFILE}:../../x:instance:x`)}/diagnosis`);
    expect(junkRegion.statusCode).toBe(404);
    expect(refreshes).toEqual([PROFILE]);
  });

  it.each([
    ['jumpHostId', '?jumpHostId=../../etc'],
    ['refresh', '?refresh=yes'],
    ['an unknown field', '?verbose=1'],
  ])('rejects %s with 400', async (_, query) => {
    const res = await get(`/api/targets/${encodeURIComponent(ORDERS_ID)}/diagnosis${query}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
  });

  it('needs the token', async () => {
    const res = await get(`/api/targets/${encodeURIComponent(ORDERS_ID)}/diagnosis`, { headers: { host: authHeaders.host } });
    expect(res.statusCode).toBe(401);
  });
});

describe('GET /api/iam-policy', () => {
  it('builds the policies for the named tunnels', async () => {
    const res = await get('/api/iam-policy?tunnels=t-orders');
    expect(res.statusCode).toBe(200);
    const body = res.json<IamPolicies>();
    expect(body.tunnels).toEqual(['t-orders']);
    expect(body.accounts[0]?.accountId).toBe(ACCOUNT);
    const start = body.accounts[0]?.user.Statement.find((statement) => statement.Action === 'ssm:StartSession');
    expect(start?.Resource).toContain(`arn:aws:ec2:${REGION}:${ACCOUNT}:instance/${HOST.ec2.id}`);
  });

  it('answers 404 for an unknown tunnel and 400 for a malformed list', async () => {
    expect((await get('/api/iam-policy?tunnels=t-orders,t-gone')).json().error.code).toBe('TUNNEL_NOT_FOUND');
    for (const query of ['', '?tunnels=', '?tunnels=a,,b', '?tunnels=../x'])
      expect((await get(`/api/iam-policy${query}`)).statusCode).toBe(400);
  });
});
