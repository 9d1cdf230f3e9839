import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { account, buildScenario } from '../../../e2e/sandbox/scenario-builder.js';
import { startSandbox, type Sandbox } from '../../../e2e/sandbox/server.js';
import type { Profile } from '../../../shared/api.js';
import { ProfileService } from '../../aws/profile-service.js';
import { tempAwsFiles, type TempAwsFiles } from '../../../testing/aws/aws-files.js';
import { ConfigStore } from '../../config/store.js';
import { EventBus } from '../../events/bus.js';
import { InventoryService } from '../../inventory/inventory-service.js';
import { routesApp, type RoutesApp } from '../../../testing/http/routes-app.js';

let sb: Sandbox;
let files: TempAwsFiles;
let configDir: string;
let config: ConfigStore;
let app: RoutesApp;

beforeAll(async () => {
  const { scenario } = buildScenario({ profiles: 1, regions: ['eu-west-1'], databases: 2 });
  scenario.accounts.AKIDEXPIRED = account('111111111111', 'expired');
  scenario.faults.push({ accessKeyId: 'AKIDEXPIRED', kind: 'expiredToken' });
  sb = await startSandbox(scenario);
  files = await tempAwsFiles(sb.url, { dev: 'AKIDPROFILE1', stale: 'AKIDEXPIRED' }, '[profile dev]\nregion = eu-west-1\n');
  configDir = await mkdtemp(join(tmpdir(), 'porthole-config-'));
  config = await ConfigStore.open(configDir);
  const aws = files.clients();
  const profiles = new ProfileService({ aws, config, env: files.env });
  app = await routesApp({ profiles, inventory: new InventoryService({ aws, bus: new EventBus() }) });
});
afterAll(async () => {
  await app.close();
  await files.cleanup();
  await sb.close();
  await rm(configDir, { recursive: true, force: true });
});

async function listed(): Promise<Profile[]> {
  const response = await app.inject({ method: 'GET', url: '/api/profiles' });
  expect(response.statusCode).toBe(200);
  return response.json<{ profiles: Profile[] }>().profiles;
}

describe('profile routes', () => {
  it('GET /api/profiles lists profiles with kind, default region and picked regions', async () => {
    expect(await listed()).toEqual([
      { name: 'dev', kind: 'static', region: 'eu-west-1', regions: ['eu-west-1'] },
      { name: 'stale', kind: 'static', regions: [] },
    ]);
  });

  it('POST /api/profiles/:name/check returns account and ARN and keeps the result', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/profiles/dev/check' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      ok: true,
      profile: 'dev',
      account: '111111111111',
      arn: 'arn:aws:iam::111111111111:user/profile-1',
    });
    expect((await listed())[0]?.check).toMatchObject({ ok: true, account: '111111111111' });
  });

  it('a failing check answers with the mapped status and error, and is kept as the last check', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/profiles/stale/check' });
    // Not 401: that status means a bad Porthole token, and scripts must not take an expired AWS login for one.
    expect(response.statusCode).toBe(403);
    expect(response.json()).toEqual({ error: expect.objectContaining({ code: 'CREDENTIALS_EXPIRED', hint: expect.any(String) }) });
    expect((await listed())[1]?.check).toMatchObject({ ok: false, error: { code: 'CREDENTIALS_EXPIRED' } });
  });

  it('404 for a profile that does not exist', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/profiles/ghost/check' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: { code: 'PROFILE_NOT_FOUND' } });
  });

  it('PUT /api/profiles/:name/regions saves the picked regions in config.json', async () => {
    const response = await app.inject({
      method: 'PUT',
      url: '/api/profiles/stale/regions',
      payload: { regions: ['us-east-1', 'eu-central-2'] },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ name: 'stale', regions: ['us-east-1', 'eu-central-2'] });
    expect(config.get().settings.regions.stale).toEqual(['us-east-1', 'eu-central-2']);
    expect((await listed())[1]?.regions).toEqual(['us-east-1', 'eu-central-2']);

    const reset = await app.inject({ method: 'PUT', url: '/api/profiles/stale/regions', payload: { regions: [] } });
    expect(reset.json()).toMatchObject({ regions: [] });
    expect(config.get().settings.regions.stale).toBeUndefined();
  });

  it('rejects a malformed region list', async () => {
    for (const payload of [{ regions: ['not a region'] }, { regions: ['us-east-1', 'us-east-1'] }, {}]) {
      const response = await app.inject({ method: 'PUT', url: '/api/profiles/dev/regions', payload });
      expect(response.statusCode).toBe(400);
    }
    expect(config.get().settings.regions.dev).toBeUndefined();
  });
});
