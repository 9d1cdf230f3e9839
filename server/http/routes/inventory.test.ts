import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildScenario } from '../../../e2e/sandbox/scenario-builder.js';
import { startSandbox, type Sandbox } from '../../../e2e/sandbox/server.js';
import type { InventoryProgress, InventoryResponse, SharedHostsResponse } from '../../../shared/api.js';
import { expandHostSets } from '../../../shared/inventory-host-sets.js';
import { ProfileService } from '../../aws/profile-service.js';
import { tempAwsFiles, type TempAwsFiles } from '../../../testing/aws/aws-files.js';
import { ConfigStore } from '../../config/store.js';
import { EventBus } from '../../events/bus.js';
import { InventoryCache, type InventoryCacheLike } from '../../inventory/inventory-cache.js';
import { InventoryService } from '../../inventory/inventory-service.js';
import { builtDashboard } from '../../../testing/http/built-dashboard.js';
import { routesApp, type RoutesApp } from '../../../testing/http/routes-app.js';
import { authHeaders } from '../../../testing/http/test-app.js';

let sb: Sandbox;
let files: TempAwsFiles;
let configDir: string;
let app: RoutesApp;
let inventory: InventoryService;
let events: InventoryProgress[];
let profiles: ProfileService;

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
  profiles = new ProfileService({ aws, config, env: files.env });
  app = await routesApp({ profiles, inventory });
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

  it('GET /api/inventory?eligibility=shared gives each eligible-host list once; expanded, it is the ineligible view', async () => {
    await settled('/api/inventory?profile=one');
    const ineligible = (
      await app.inject({ method: 'GET', url: '/api/inventory?profile=one&eligibility=ineligible' })
    ).json<InventoryResponse>();
    const shared = (await app.inject({ method: 'GET', url: '/api/inventory?profile=one&eligibility=shared' })).json<SharedHostsResponse>();
    expect(shared.slices.map(expandHostSets)).toEqual(ineligible.slices);
    for (const slice of shared.slices) {
      expect(new Set(slice.hostSets.map((ids) => ids.join())).size).toBe(slice.hostSets.length);
      expect(slice.hostSets.length).toBeLessThan(slice.targets.length);
    }
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

describe('inventory routes with a disk cache', () => {
  it('the first GET answers the cached slices as they are (not loading), and their fetch starts right after', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'porthole-inventory-cache-'));
    const pairs = [
      { profile: 'one', region: 'us-east-1' },
      { profile: 'one', region: 'eu-west-1' },
    ];
    // Every write is kept, so the test ends only after the files are written (before the folder is removed).
    const writes: Promise<void>[] = [];
    const disk = new InventoryCache(dir);
    const cache: InventoryCacheLike = {
      read: (key) => disk.read(key),
      write: (slice) => {
        const written = disk.write(slice);
        writes.push(written);
        return written;
      },
    };
    const fetched: string[] = [];
    const empty = () => ({ targets: [], hosts: [], errors: [] });
    await new InventoryService({ aws: files.clients(), bus: new EventBus(), cache, fetch: async () => empty() }).refresh(pairs);
    await Promise.all(writes);
    const second = new InventoryService({
      aws: files.clients(),
      bus: new EventBus(),
      cache,
      fetch: async (_aws, key) => {
        fetched.push(key.region);
        return empty();
      },
    });
    await second.restore(pairs);
    const cachedApp = await routesApp({ profiles, inventory: second });
    try {
      const answer = (await cachedApp.inject({ method: 'GET', url: '/api/inventory?profile=one' })).json<InventoryResponse>();
      expect(answer.slices.map((slice) => [slice.region, slice.cached, slice.loading])).toEqual([
        ['us-east-1', true, false],
        ['eu-west-1', true, false],
      ]);
      await new Promise((resolve) => setImmediate(resolve));
      expect(pairs.map((pair) => second.needsFetch(pair))).toEqual([false, false]);
      for (let round = 0; round < 200 && writes.length < 4; round++) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(fetched.sort()).toEqual(['eu-west-1', 'us-east-1']);
      expect(writes).toHaveLength(4);
    } finally {
      await Promise.all(writes);
      await cachedApp.close();
      await rm(dir, { recursive: true, force: true, maxRetries: 5 });
    }
  });
});

describe('the dashboard page, rendered with the first look (issue 17)', () => {
  it('GET / arrives with the first look rendered into index.html, its stylesheet inline, and starts loading as the API does', async () => {
    const built = await builtDashboard(
      `const summary = rendered.look.slices.map((s) => s.profile + '/' + s.region + ':' + s.targets.length + (s.hostSets ? ' shared' : '')).join(',');
       return template.replace('<div id="root"></div>', '<div id="root">' + summary + ' at ' + rendered.now + '</div>');`,
    );
    const fresh = new InventoryService({ aws: files.clients(), bus: new EventBus() });
    const pageApp = await routesApp({ profiles, inventory: fresh }, { webRoot: built.webRoot });
    try {
      const before = Date.now();
      const page = await pageApp.inject({ method: 'GET', url: '/' });
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toContain('text/html');
      expect(page.headers['cache-control']).toBe('no-store');
      expect(page.body).toContain('<style>.table{display:grid}</style>');
      expect(page.body).not.toContain('rel="stylesheet"');
      // Every picked slice, never fetched: in the page as loading, and loading since.
      const [, summary, at] = /<div id="root">(.*) at (\d+)<\/div>/.exec(page.body) ?? [];
      expect(summary).toBe('one/us-east-1:0 shared,one/eu-west-1:0 shared,two/eu-west-1:0 shared');
      expect(Number(at)).toBeGreaterThanOrEqual(before);
      expect(fresh.needsFetch({ profile: 'two', region: 'eu-west-1' })).toBe(false);
      // Without the token or a session: the sign-in instructions, nothing of the inventory.
      const stranger = await pageApp.app.inject({ method: 'GET', url: '/', headers: { host: authHeaders.host } });
      expect(stranger.body).toContain('data-testid="signed-out"');
      expect(stranger.body).not.toContain('one/us-east-1');
    } finally {
      await pageApp.close();
      await built.remove();
    }
  });

  it('GET / sends the plain index.html when the renderer fails, and the next page is rendered again', async () => {
    const built = await builtDashboard(
      `if (template.includes('fail-render')) throw new Error('render failed'); return template.replace('<div id="root"></div>', '<div id="root">rendered</div>');`,
    );
    const pageApp = await routesApp({ profiles, inventory }, { webRoot: built.webRoot });
    const index = join(built.webRoot, 'index.html');
    const good = await readFile(index, 'utf8');
    try {
      await writeFile(index, good.replace('<head>', '<head><meta name="fail-render">'));
      const plain = await pageApp.inject({ method: 'GET', url: '/' });
      expect(plain.statusCode).toBe(200);
      expect(plain.body).toContain('<div id="root"></div>');
      expect(plain.body).toContain('rel="stylesheet"');
      await writeFile(index, good);
      expect((await pageApp.inject({ method: 'GET', url: '/' })).body).toContain('<div id="root">rendered</div>');
    } finally {
      await pageApp.close();
      await built.remove();
    }
  });
});
