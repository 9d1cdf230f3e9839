import { describe, expect, it } from 'vitest';
import type { InventoryProgress } from '../../shared/api.js';
import type { AwsClients } from '../aws/clients.js';
import { EventBus } from '../events/bus.js';
import type { SliceKey } from '../aws/discovery/convert.js';
import { SLICE_CALLS } from '../aws/discovery/fetch-slice.js';
import { convertSlice, type DiscoveredSlice } from '../aws/discovery/read-slice.js';
import type { InventoryCacheLike } from './inventory-cache.js';
import { InventoryService, type InventoryServiceDeps } from './inventory-service.js';

const aws = {} as AwsClients;
const now = () => new Date('2026-11-22T10:00:00Z');

function collect(bus: EventBus): InventoryProgress[] {
  const seen: InventoryProgress[] = [];
  bus.subscribe(({ event }) => {
    if (event.type === 'inventory') seen.push(event.data);
  });
  return seen;
}

/** A service over the fixed clock and stub clients, with the progress events it publishes. */
function serviceWith(fetch: InventoryServiceDeps['fetch'], extra: Partial<InventoryServiceDeps> = {}) {
  const bus = new EventBus();
  const events = collect(bus);
  return { service: new InventoryService({ aws, bus, now, fetch, ...extra }), events };
}

function rawWithDb(key: SliceKey): DiscoveredSlice {
  return convertSlice(key, {
    instances: [
      {
        DBInstanceIdentifier: `db-${key.region}`,
        Engine: 'postgres',
        Endpoint: { Address: 'h', Port: 5432 },
        DBSubnetGroup: { VpcId: 'vpc-1' },
      },
    ],
    infos: [{ InstanceId: 'i-1', PingStatus: 'Online', AgentVersion: '3.3.0.0' }],
    ec2: new Map([['i-1', { InstanceId: 'i-1', VpcId: 'vpc-1', State: { Name: 'running' } }]]),
    clusters: [],
    errors: [],
  });
}

describe('InventoryService', () => {
  it('publishes loading progress per call, then done, and caches the slice', async () => {
    const { service, events } = serviceWith(async (_aws, key, onCallDone) => {
      for (const call of SLICE_CALLS) onCallDone(call);
      return rawWithDb(key);
    });
    const [slice] = await service.refresh([{ profile: 'dev', region: 'eu-west-1' }]);
    expect(events.map((e) => `${e.phase} ${e.done}/${e.total}`)).toEqual([
      'loading 0/4',
      'loading 1/4',
      'loading 2/4',
      'loading 3/4',
      'loading 4/4',
      'done 4/4',
    ]);
    expect(events.at(-1)?.fetchedAt).toBe('2026-11-22T10:00:00.000Z');
    expect(slice?.targets).toHaveLength(1);
    expect(service.slices()).toEqual([slice]);
    expect(service.findTarget('dev:eu-west-1:instance:db-eu-west-1')?.recommendedHostId).toBe('i-1');
    expect(service.findHost('dev', 'eu-west-1', 'i-1')?.state).toBe('running');
    expect(service.findHost('dev', 'us-east-1', 'i-1')).toBeUndefined();
    expect(service.progress()).toEqual([events.at(-1)]);
  });

  it('restores cached slices in the order picked, whatever order the files are read in', async () => {
    const picked: SliceKey[] = ['us-east-1', 'eu-west-1', 'ap-south-1'].map((region) => ({ profile: 'dev', region }));
    // The first picked file is read last.
    const delays = [30, 10, 0];
    const cache: InventoryCacheLike = {
      read: async (key) => {
        await new Promise((resolve) => setTimeout(resolve, delays[picked.findIndex((p) => p.region === key.region)]));
        return { ...key, fetchedAt: now(), targets: [], hosts: [] };
      },
      write: async () => undefined,
    };
    const { service } = serviceWith(async (_aws, key) => rawWithDb(key), { cache });
    await service.restore(picked);
    expect(service.slices().map((slice) => slice.region)).toEqual(['us-east-1', 'eu-west-1', 'ap-south-1']);
  });

  it('shares one fetch between concurrent refreshes of the same slice and keeps old data while loading', async () => {
    let calls = 0;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { service } = serviceWith(async (_aws, key) => {
      calls += 1;
      if (calls > 1) await gate;
      return rawWithDb(key);
    });
    const pair = { profile: 'dev', region: 'eu-west-1' };
    await service.refresh([pair]);
    const first = service.refresh([pair]);
    const second = service.refresh([pair, pair]);
    expect(service.slices()[0]).toMatchObject({ loading: true, targets: [{ identifier: 'db-eu-west-1' }] });
    release();
    const [a] = await first;
    const [b] = await second;
    expect(a).toBe(b);
    expect(calls).toBe(2);
    expect(service.slices()[0]?.loading).toBe(false);
  });

  it('keeps a failing slice from hiding the others and reports it as error', async () => {
    const { service, events } = serviceWith(async (_aws, key) => {
      if (key.region === 'ap-south-1') {
        return {
          targets: [],
          hosts: [],
          errors: SLICE_CALLS.map((call) => ({ call, error: { code: 'AWS_UNREACHABLE', message: 'timeout' } })),
        };
      }
      return rawWithDb(key);
    });
    await service.refresh([
      { profile: 'dev', region: 'eu-west-1' },
      { profile: 'dev', region: 'ap-south-1' },
    ]);
    expect(service.slices({ region: 'eu-west-1' })[0]?.targets).toHaveLength(1);
    const bad = service.slices({ region: 'ap-south-1' })[0];
    expect(bad?.errors).toHaveLength(4);
    expect(bad?.fetchedAt).toBeDefined();
    const final = events.filter((e) => e.phase !== 'loading');
    expect(final.map((e) => [e.region, e.phase])).toEqual(
      expect.arrayContaining([
        ['eu-west-1', 'done'],
        ['ap-south-1', 'error'],
      ]),
    );
    expect(final.find((e) => e.region === 'ap-south-1')?.error?.code).toBe('AWS_UNREACHABLE');
  });

  it('turns a throwing fetch into per-call errors instead of a rejected refresh', async () => {
    const { service } = serviceWith(async () => {
      throw Object.assign(new Error('boom'), { code: 'ECONNRESET' });
    });
    const [slice] = await service.refresh([{ profile: 'dev', region: 'eu-west-1' }]);
    expect(slice?.errors.map((e) => e.error.code)).toEqual(['AWS_UNREACHABLE', 'AWS_UNREACHABLE', 'AWS_UNREACHABLE', 'AWS_UNREACHABLE']);
  });

  it('runs at most `concurrency` slices at once', async () => {
    let running = 0;
    let peak = 0;
    const { service } = serviceWith(
      async (_aws, key) => {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setImmediate(resolve));
        running -= 1;
        return rawWithDb(key);
      },
      { concurrency: 2 },
    );
    const regions = ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'eu-west-1'];
    const slices = await service.refresh(regions.map((region) => ({ profile: 'dev', region })));
    expect(slices).toHaveLength(5);
    expect(peak).toBe(2);
    expect(service.slices({ profile: 'dev' })).toHaveLength(5);
    expect(service.slices({ profile: 'other' })).toEqual([]);
  });
});
