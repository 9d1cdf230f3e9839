import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InventoryProgress } from '../../shared/api.js';
import type { AwsClients } from '../aws/clients.js';
import { convertSlice, type DiscoveredSlice } from '../aws/discovery/read-slice.js';
import type { SliceKey } from '../aws/discovery/convert.js';
import { EventBus } from '../events/bus.js';
import { INVENTORY_CACHE_VERSION, InventoryCache } from './inventory-cache.js';
import { InventoryService, type InventoryServiceDeps } from './inventory-service.js';

const KEY = { profile: 'dev', region: 'eu-west-1' };
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'porthole-inventory-cache-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function found(key: SliceKey, db: string, secretArn?: string): DiscoveredSlice {
  return convertSlice(key, {
    instances: [
      {
        DBInstanceIdentifier: db,
        Engine: 'postgres',
        Endpoint: { Address: `${db}.rds.example`, Port: 5432 },
        DBSubnetGroup: { VpcId: 'vpc-1' },
        MasterUsername: 'app_admin',
        ...(secretArn ? { MasterUserSecret: { SecretArn: secretArn } } : {}),
        TagList: [{ Key: 'env', Value: 'dev' }],
      },
    ],
    clusters: [],
    infos: [{ InstanceId: 'i-1', PingStatus: 'Online', AgentVersion: '3.3.0.0' }],
    ec2: new Map([['i-1', { InstanceId: 'i-1', VpcId: 'vpc-1', State: { Name: 'running' } }]]),
    errors: [],
  });
}

/** A service on `dir`'s cache whose fetches answer `next()` (the clock moves one hour per fetch). */
function service(next: (key: SliceKey) => DiscoveredSlice, extra: Partial<InventoryServiceDeps> = {}, startHour = 10) {
  let hour = startHour;
  const bus = new EventBus();
  const progress: InventoryProgress[] = [];
  bus.subscribe(({ event }) => event.type === 'inventory' && progress.push(event.data));
  const cache = new InventoryCache(join(dir, 'inventory'));
  const inventory = new InventoryService({
    aws: {} as AwsClients,
    bus,
    cache,
    now: () => new Date(`2026-11-22T${String(hour++).padStart(2, '0')}:00:00Z`),
    fetch: async (_aws, key) => next(key),
    ...extra,
  });
  return { inventory, cache, progress };
}

/** Waits (bounded) until the cache file for KEY holds `db`: writes happen in the background. */
async function cachedDb(cache: InventoryCache, db: string): Promise<void> {
  for (let round = 0; round < 200; round++) {
    if ((await cache.read(KEY))?.targets.some((t) => t.identifier === db)) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`the cache never held ${db}`);
}

describe('InventoryCache', () => {
  it('keeps one user-only, versioned file per slice with databases and hosts, and no secret', async () => {
    const { inventory, cache } = service((key) => found(key, 'orders', 'arn:aws:secretsmanager:eu-west-1:1:secret:rds!db-1'));
    await inventory.refresh([KEY]);
    await cachedDb(cache, 'orders');

    const files = await readdir(join(dir, 'inventory'));
    expect(files).toHaveLength(1);
    expect((await stat(join(dir, 'inventory'))).mode & 0o777).toBe(0o700);
    expect((await stat(cache.pathOf(KEY))).mode & 0o777).toBe(0o600);
    const text = await readFile(cache.pathOf(KEY), 'utf8');
    const file = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(file).sort()).toEqual(['fetchedAt', 'hosts', 'profile', 'region', 'targets', 'version']);
    expect(file).toMatchObject({
      version: INVENTORY_CACHE_VERSION,
      profile: 'dev',
      region: 'eu-west-1',
      fetchedAt: '2026-11-22T10:00:00.000Z',
    });
    // What a Describe call says about a database (the secret's ARN, the user name), never a credential.
    expect(text).toContain('rds!db-1');
    expect(text).not.toMatch(/secretAccessKey|sessionToken|password|tokenValue/i);
    expect(text).not.toContain(SECRET);
  });

  it('shows the cached slice at once with its age, then a fetch in the background replaces it', async () => {
    const first = service((key) => found(key, 'orders'));
    await first.inventory.refresh([KEY]);
    await cachedDb(first.cache, 'orders');

    // A new daemon: the slice is there before any fetch, marked cached, with the first fetch's time.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const second = service(
      (key) => found(key, 'orders-v2'),
      {
        fetch: async (_aws, key) => {
          await gate;
          return found(key, 'orders-v2');
        },
      },
      13,
    );
    expect(second.inventory.needsFetch(KEY)).toBe(true);
    await second.inventory.restore(Promise.resolve([KEY, { profile: 'dev', region: 'us-east-1' }]));
    const [cached] = second.inventory.slices();
    expect(second.inventory.slices()).toHaveLength(1);
    expect(cached).toMatchObject({ cached: true, fetchedAt: '2026-11-22T10:00:00.000Z', loading: false });
    expect(cached?.targets.map((t) => t.identifier)).toEqual(['orders']);
    // Eligibility is worked out again from the cached hosts.
    expect(second.inventory.findTarget('dev:eu-west-1:instance:orders')?.recommendedHostId).toBe('i-1');
    expect(second.inventory.needsFetch(KEY)).toBe(true);

    const refreshing = second.inventory.refresh([KEY]);
    // While the fetch runs the cached rows stay (no empty table in between).
    expect(second.inventory.slices()[0]).toMatchObject({ cached: true, loading: true, targets: [{ identifier: 'orders' }] });
    expect(second.inventory.needsFetch(KEY)).toBe(false);
    release();
    const [fresh] = await refreshing;
    expect(fresh?.cached).toBeUndefined();
    expect(fresh?.fetchedAt).toBe('2026-11-22T13:00:00.000Z');
    expect(second.inventory.slices()[0]?.targets.map((t) => t.identifier)).toEqual(['orders-v2']);
    expect(second.inventory.findTarget('dev:eu-west-1:instance:orders')).toBeUndefined();
    await cachedDb(second.cache, 'orders-v2');
  });

  it('keeps the cached slice beside the errors when the refresh fails, and never caches a failed fetch', async () => {
    const first = service((key) => found(key, 'orders'));
    await first.inventory.refresh([KEY]);
    await cachedDb(first.cache, 'orders');
    const failing = (key: SliceKey): DiscoveredSlice => ({
      ...found(key, 'half'),
      errors: [{ call: 'ssm:DescribeInstanceInformation', error: { code: 'SSO_LOGIN_REQUIRED', message: 'expired' } }],
    });

    const second = service(failing);
    await second.inventory.restore([KEY]);
    const [after] = await second.inventory.refresh([KEY]);
    expect(after).toMatchObject({ cached: true, fetchedAt: '2026-11-22T10:00:00.000Z', loading: false });
    expect(after?.targets.map((t) => t.identifier)).toEqual(['orders']);
    expect(after?.errors.map((e) => e.error.code)).toEqual(['SSO_LOGIN_REQUIRED']);
    // Not asked to fetch again by every look; the user's refresh does.
    expect(second.inventory.needsFetch(KEY)).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await second.cache.read(KEY))?.targets.map((t) => t.identifier)).toEqual(['orders']);

    // Without a cached copy a failed fetch shows what it found, as before.
    await rm(join(dir, 'inventory'), { recursive: true });
    const third = service(failing);
    await third.inventory.restore([KEY]);
    const [partial] = await third.inventory.refresh([KEY]);
    expect(partial?.cached).toBeUndefined();
    expect(partial?.targets.map((t) => t.identifier)).toEqual(['half']);
  });

  it('ignores a file of another version, another slice, or a damaged one: the slice is fetched as if new', async () => {
    const cache = new InventoryCache(join(dir, 'inventory'));
    await cache.write({ ...KEY, fetchedAt: new Date('2026-11-22T08:00:00Z'), targets: found(KEY, 'orders').targets, hosts: [] });
    expect(await cache.read(KEY)).toBeDefined();
    const good = JSON.parse(await readFile(cache.pathOf(KEY), 'utf8')) as Record<string, unknown>;

    const variants: unknown[] = [
      { ...good, version: INVENTORY_CACHE_VERSION + 1 },
      { ...good, region: 'us-east-1' },
      { ...good, fetchedAt: 'yesterday' },
      { ...good, targets: [{ id: 'x' }] },
      { ...good, hosts: 'none' },
    ];
    for (const variant of variants) {
      await writeFile(cache.pathOf(KEY), JSON.stringify(variant));
      expect(await cache.read(KEY)).toBeUndefined();
    }
    await writeFile(cache.pathOf(KEY), '{"version": 1, "profile": "dev", "reg');
    expect(await cache.read(KEY)).toBeUndefined();

    const { inventory } = service((key) => found(key, 'orders'));
    await inventory.restore([KEY]);
    expect(inventory.slices()).toEqual([]);
    expect(inventory.needsFetch(KEY)).toBe(true);
  });
});
