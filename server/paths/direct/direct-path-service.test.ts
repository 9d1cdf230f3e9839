// The daemon's direct-path service on real loopback sockets (TCP-only engines, so no database is needed): results
// kept per target, a tunnel's port never touched, checks bounded across callers, a check under way joined, and a
// network change (on a fake watcher) checking again what was checked before, until close().
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Target } from '../../../shared/api.js';
import { DirectPathService, type DirectPathServiceDeps } from './direct-path-service.js';
import type { LookupAddress } from './find-direct-path.js';
import type { InterfaceChange } from './interface-watcher.js';

let server: Server;
let port: number;
let connections = 0;

beforeAll(async () => {
  server = createServer((socket) => {
    connections += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : 0;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function target(n: number, over: Partial<Target> = {}): Target {
  return {
    id: `dev:us-east-1:instance:db-${n}`,
    profile: 'dev',
    region: 'us-east-1',
    kind: 'instance',
    identifier: `db-${n}`,
    name: `db-${n}`,
    engine: 'sqlserver-ex', // a TCP check only
    host: `db-${n}.c9akciq32.us-east-1.rds.amazonaws.com`,
    port,
    status: 'available',
    securityGroups: [],
    iamAuth: false,
    tags: {},
    eligibleHostIds: [],
    ...over,
  };
}

interface Rig {
  service: DirectPathService;
  change: (change: InterfaceChange) => void;
  stopped: () => boolean;
  lookups: string[];
  peak: () => number;
}

function rig(over: Partial<DirectPathServiceDeps> & { targets?: Target[]; delayMs?: number } = {}): Rig {
  const targets = new Map((over.targets ?? []).map((one) => [one.id, one]));
  let onChange: (change: InterfaceChange) => void = () => undefined;
  let stopped = false;
  const lookups: string[] = [];
  let inFlight = 0;
  let peak = 0;
  const lookup = async (hostname: string): Promise<LookupAddress[]> => {
    lookups.push(hostname);
    inFlight += 1;
    peak = Math.max(peak, inFlight);
    await new Promise((resolve) => setTimeout(resolve, over.delayMs ?? 0));
    inFlight -= 1;
    return [{ address: '127.0.0.1', family: 4 }];
  };
  const service = new DirectPathService({
    lookup,
    ca: () => [],
    tunnelPorts: () => [],
    findTarget: (id) => targets.get(id),
    watch: (listener) => {
      onChange = listener;
      return { addresses: () => [], stop: () => void (stopped = true) };
    },
    connectTimeoutMs: 2000,
    ...over,
  });
  return { service, change: (change) => onChange(change), stopped: () => stopped, lookups, peak: () => peak };
}

async function until(what: string, done: () => boolean): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    if (done()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('DirectPathService', () => {
  it('checks a target, keeps the result, and lists unchecked ones as such', async () => {
    const { service } = rig();
    const [one, two] = [target(1), target(2)];
    expect(service.snapshot([one]).paths[0]).toMatchObject({ status: 'unchecked', usable: false });
    const before = connections;
    const [result] = await service.check([one]);
    expect(result).toMatchObject({ targetId: one.id, status: 'direct', usable: true, address: '127.0.0.1', scope: 'loopback' });
    expect(result!.health).toBeUndefined();
    expect(connections).toBe(before + 1);
    const snapshot = service.snapshot([one, two]);
    expect(snapshot.generation).toBe(1);
    expect(snapshot.paths.map((path) => path.status)).toEqual(['direct', 'unchecked']);
    service.close();
  });

  it('never connects to a tunnel’s local port on 127.0.0.1', async () => {
    const { service } = rig({ tunnelPorts: () => [port] });
    const before = connections;
    const [result] = await service.check([target(3)]);
    expect(result).toMatchObject({ status: 'skipped', usable: false });
    expect(result!.message).toContain('a Porthole tunnel listens');
    expect(connections).toBe(before);
    service.close();
  });

  it('runs a few checks at a time across callers, and joins a check already under way', async () => {
    const { service, lookups, peak } = rig({ concurrency: 2, delayMs: 30 });
    const many = Array.from({ length: 8 }, (_, i) => target(10 + i));
    const [first, second] = await Promise.all([service.check(many), service.check(many.slice(0, 3))]);
    expect(first.every((result) => result.status === 'direct')).toBe(true);
    expect(second.map((result) => result.targetId)).toEqual(many.slice(0, 3).map((one) => one.id));
    expect(lookups).toHaveLength(8);
    expect(peak()).toBe(2);
    service.close();
  });

  it('a network change checks again every target checked before; after close nothing runs', async () => {
    const targets = [target(30), target(31)];
    const { service, change, stopped, lookups } = rig({ targets, now: () => new Date('2026-12-07T10:00:00Z') });
    await service.check(targets);
    expect(lookups).toHaveLength(2);
    change({ added: ['tun0 10.20.0.5/22'], removed: [] });
    await until('the recheck', () => lookups.length === 4);
    expect(service.snapshot(targets).networkChangedAt).toBe('2026-12-07T10:00:00.000Z');
    service.close();
    expect(stopped()).toBe(true);
    change({ added: [], removed: ['tun0 10.20.0.5/22'] });
    // A check would have asked for a name within these turns of the event loop (it starts on a microtask).
    for (let turn = 0; turn < 3; turn += 1) await new Promise((resolve) => setImmediate(resolve));
    expect(lookups).toHaveLength(4);
  });
});
