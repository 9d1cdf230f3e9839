import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildScenario } from '../../../e2e/sandbox/scenario-builder.js';
import { startSandbox, type Sandbox } from '../../../e2e/sandbox/server.js';
import type { InventoryProgress, InventoryResponse } from '../../../shared/api.js';
import { ProfileService } from '../../aws/profile-service.js';
import { tempAwsFiles, type TempAwsFiles } from '../../../testing/aws/aws-files.js';
import { ConfigStore } from '../../config/store.js';
import { EventBus } from '../../events/bus.js';
import { InventoryService } from '../../inventory/inventory-service.js';
import { routesApp, type RoutesApp } from '../../../testing/http/routes-app.js';

let sb: Sandbox;
let files: TempAwsFiles;
let configDir: string;
let app: RoutesApp;
let inventory: InventoryService;
let events: InventoryProgress[];

// Two accounts × two regions, 3 databases and 2 jump hosts in each cell.
beforeAll(async () => {
  const { scenario } = buildScenario({ profiles: 2, regions: ['us-east-1', 'eu-west-1'], databases: 12, jumpHosts: 8 });
  sb = await startSandbox(scenario);
  files = await tempAwsFiles(
    sb.url,
    { one: 'AKIDPROFILE1', two: 'AKIDPROFILE2' },
    '[profile one]\nregion = us-east-1\n\n[profile two]\nregion = eu-west-1\n',
  );
  configDir = await mkdtemp(join(tmpdir(), 'porthole-config-'));
  const config = await ConfigStore.open(configDir);
  await config.update((draft) => {
    draft.settings.regions.one = ['us-east-1', 'eu-west-1'];
  });
  const aws = files.clients();
  const bus = new EventBus();
  bus.subscribe(({ event }) => {
    if (event.type === 'inventory') events.push(event.data);
  });
  inventory = new InventoryService({ aws, bus });
  app = await routesApp({ profiles: new ProfileService({ aws, config, env: files.env }), inventory });
});
beforeEach(() => {
  events = [];
});
afterAll(async () => {
  await app.close();
  await files.cleanup();
  await sb.close();
  await rm(configDir, { recursive: true, force: true });
});

/** Polls until every listed slice has finished loading (bounded). */
async function settled(url: string): Promise<InventoryResponse> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const body = (await app.inject({ method: 'GET', url })).json<InventoryResponse>();
    if (body.slices.length > 0 && body.slices.every((slice) => !slice.loading)) return body;
    if (Date.now() > deadline)
      throw new Error(`inventory still loading: ${JSON.stringify(body.slices.map((s) => [s.profile, s.region, s.loading]))}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('inventory routes', () => {
  it('GET /api/inventory starts loading slices never fetched, then serves them filtered', async () => {
    const first = await app.inject({ method: 'GET', url: '/api/inventory?profile=one' });
    expect(first.statusCode).toBe(200);
    const loading = first.json<InventoryResponse>();
    expect(loading.slices.map((slice) => [slice.profile, slice.region, slice.loading])).toEqual([
      ['one', 'us-east-1', true],
      ['one', 'eu-west-1', true],
    ]);
    const body = await settled('/api/inventory?profile=one');
    for (const slice of body.slices) {
      expect(slice.errors).toEqual([]);
      expect(slice.fetchedAt).toBeDefined();
      expect(slice.targets).toHaveLength(3);
      expect(slice.hosts).toHaveLength(2);
      expect(slice.targets.every((target) => target.id.startsWith(`one:${slice.region}:instance:`))).toBe(true);
    }
    const east = (await app.inject({ method: 'GET', url: '/api/inventory?profile=one&region=us-east-1' })).json<InventoryResponse>();
    expect(east.slices.map((slice) => slice.region)).toEqual(['us-east-1']);
  });

  it('GET /api/inventory?eligibility=ineligible lists only the hosts that cannot serve each target', async () => {
    const full = await settled('/api/inventory?profile=one');
    const compact = (
      await app.inject({ method: 'GET', url: '/api/inventory?profile=one&eligibility=ineligible' })
    ).json<InventoryResponse>();
    expect(compact.slices.map((slice) => slice.targets)).toEqual(full.slices.map((slice) => slice.targets));
    let eligibleLeftOut = 0;
    full.slices.forEach((slice, i) => {
      for (const target of slice.targets) {
        const entries = slice.eligibility[target.id] ?? [];
        // What is left out is exactly what eligibleHostIds says.
        expect(
          entries
            .filter((entry) => entry.eligible)
            .map((entry) => entry.hostId)
            .sort(),
        ).toEqual([...target.eligibleHostIds].sort());
        expect(compact.slices[i]!.eligibility[target.id]).toEqual(entries.filter((entry) => !entry.eligible));
        eligibleLeftOut += target.eligibleHostIds.length;
      }
    });
    expect(eligibleLeftOut).toBeGreaterThan(0);
    expect((await app.inject({ method: 'GET', url: '/api/inventory?eligibility=all' })).statusCode).toBe(400);
  });

  it('POST /api/inventory/refresh {profile, region} answers 202 and streams progress on the bus', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/inventory/refresh', payload: { profile: 'two', region: 'eu-west-1' } });
    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({ started: [{ profile: 'two', region: 'eu-west-1' }] });
    const body = await settled('/api/inventory?profile=two&region=eu-west-1');
    expect(body.slices[0]?.targets).toHaveLength(3);
    expect(events.map((event) => `${event.profile} ${event.phase} ${event.done}/${event.total}`)).toEqual([
      'two loading 0/4',
      'two loading 1/4',
      'two loading 2/4',
      'two loading 3/4',
      'two loading 4/4',
      'two done 4/4',
    ]);
  });

  it('POST /api/inventory/refresh with no body refreshes every picked region of every profile', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/inventory/refresh' });
    expect(response.statusCode).toBe(202);
    expect(response.json<{ started: unknown[] }>().started).toEqual([
      { profile: 'one', region: 'us-east-1' },
      { profile: 'one', region: 'eu-west-1' },
      { profile: 'two', region: 'eu-west-1' },
    ]);
    await settled('/api/inventory');
    expect(events.filter((event) => event.phase === 'done')).toHaveLength(3);
  });

  it('POST /api/inventory/refresh accepts explicit pairs and a profile alone', async () => {
    const pairs = await app.inject({
      method: 'POST',
      url: '/api/inventory/refresh',
      payload: { pairs: [{ profile: 'two', region: 'us-east-1' }] },
    });
    expect(pairs.statusCode).toBe(202);
    expect(pairs.json()).toEqual({ started: [{ profile: 'two', region: 'us-east-1' }] });
    const profile = await app.inject({ method: 'POST', url: '/api/inventory/refresh', payload: { profile: 'one' } });
    expect(profile.json<{ started: unknown[] }>().started).toHaveLength(2);
    const all = await settled('/api/inventory');
    expect(all.slices).toHaveLength(4);
  });

  it('rejects malformed filters and bodies, and an unknown profile', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/inventory?region=Mars' })).statusCode).toBe(400);
    expect((await app.inject({ method: 'POST', url: '/api/inventory/refresh', payload: { pairs: [{ profile: 'one' }] } })).statusCode).toBe(
      400,
    );
    const ghost = await app.inject({ method: 'POST', url: '/api/inventory/refresh', payload: { profile: 'ghost', region: 'us-east-1' } });
    expect(ghost.statusCode).toBe(404);
    expect(inventory.slices({ profile: 'ghost' })).toEqual([]);
  });
});
