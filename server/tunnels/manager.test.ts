// The manager with a fake launcher (no AWS, no plugin): events, saving, resume, validation, close.
import net from 'node:net';
import { rm } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Health, Target, Tunnel } from '../../shared/api.js';
import { ConfigStore } from '../config/store.js';
import { EventBus, type BusEvent } from '../events/bus.js';
import type { PluginEnd } from '../plugin/session-plugin.js';
import { TunnelManager, type HealthMonitorLike, type TunnelManagerDeps } from './manager.js';
import { ephemeralPort, isPortFree } from './ports.js';
import type { Launcher, SessionHandle } from './session-launcher.js';
import { echoServer, freeEphemeralOnly, roundTrip, waitFor, type EchoServer } from '../../testing/tunnels/helpers.js';
import { tempDir } from '../../testing/tunnels/sandbox-world.js';

const TARGET: Target = {
  id: 'dev:us-east-1:instance:orders',
  profile: 'dev',
  region: 'us-east-1',
  kind: 'instance',
  identifier: 'orders',
  name: 'orders',
  engine: 'postgres',
  host: 'orders.example.rds.amazonaws.com',
  port: 5432,
  status: 'available',
  securityGroups: [],
  iamAuth: true,
  masterUsername: 'app_admin',
  dbName: 'app',
  tags: {},
  eligibleHostIds: ['i-1', 'i-2'],
  recommendedHostId: 'i-1',
};
const NO_HOST: Target = {
  ...TARGET,
  id: 'dev:us-east-1:instance:lonely',
  name: 'lonely',
  eligibleHostIds: [],
  recommendedHostId: undefined,
};

let echo: EchoServer;
let configDir: string;
let events: BusEvent[];
let launches: { jumpHostId: string; host: string }[];
let stops: number;
let managers: TunnelManager[];

const launcher: Launcher = async (request) => {
  launches.push({ jumpHostId: request.jumpHostId, host: request.host });
  let finish!: (end: PluginEnd) => void;
  const ended = new Promise<PluginEnd>((resolve) => (finish = resolve));
  const handle: SessionHandle = {
    sessionId: `s-${launches.length}`,
    port: echo.port,
    pid: undefined,
    running: true,
    ended,
    async stop() {
      stops++;
      finish({ reason: 'stopped', lastLines: [], sessionEnded: true });
    },
  };
  return handle;
};

async function manager(
  inventory?: TunnelManagerDeps['inventory'],
  extra: Partial<TunnelManagerDeps> = {},
): Promise<{ manager: TunnelManager; config: ConfigStore }> {
  const config = await ConfigStore.open(configDir);
  const bus = new EventBus();
  bus.subscribe(({ event }) => events.push(event));
  const created = new TunnelManager({
    config,
    bus,
    sessions: () => {
      throw new Error('not used with a fake launcher');
    },
    inventory: inventory ?? { findTarget: (id) => [TARGET, NO_HOST].find((target) => target.id === id) },
    plugin: async () => ({ found: true, path: '/fake', version: '1.2.677.0' }),
    configDir,
    log: { info: () => undefined, warn: () => undefined },
    launcher,
    statsThrottleMs: 50,
    ...extra,
  });
  managers.push(created);
  return { manager: created, config };
}

/** The create request for TARGET; each test adds its port and options. */
const orders = { profile: 'dev', region: 'us-east-1', target: { id: TARGET.id } };

/** Creates TARGET's tunnel on a fresh port and waits for it to open. */
async function openOrders(subject: TunnelManager): Promise<Tunnel> {
  const tunnel = await subject.create({ ...orders, localPort: await ephemeralPort() });
  await waitFor(() => subject.get(tunnel.id)?.state === 'open', 5000, 'open');
  return tunnel;
}

const tunnelEvents = (id: string) =>
  events.filter((event): event is { type: 'tunnel'; data: Tunnel } => event.type === 'tunnel' && event.data.id === id);

beforeEach(async () => {
  echo = await echoServer();
  configDir = await tempDir('porthole-manager-');
  events = [];
  launches = [];
  stops = 0;
  managers = [];
});
afterEach(async () => {
  for (const each of managers) await each.close();
  await echo.close();
  await rm(configDir, { recursive: true, force: true });
});

describe('TunnelManager', () => {
  it('creates from the inventory with the recommended jump host, copies the target, saves it, publishes its states', async () => {
    const { manager: subject, config } = await manager();
    const port = await ephemeralPort();
    const tunnel = await subject.create({ ...orders, localPort: port });
    expect(tunnel).toMatchObject({ jumpHostId: 'i-1', localPort: port, lazy: true, autoStart: true, name: 'orders' });
    expect(tunnel.target).toEqual({
      id: TARGET.id,
      host: TARGET.host,
      port: 5432,
      name: 'orders',
      engine: 'postgres',
      iamAuth: true,
      masterUsername: 'app_admin',
      dbName: 'app',
    });
    await waitFor(() => subject.get(tunnel.id)?.state === 'open', 5000, 'open');
    expect(launches).toEqual([{ jumpHostId: 'i-1', host: TARGET.host }]);
    expect(config.get().tunnels).toHaveLength(1);
    // Events start once the tunnel exists for the API; with this instant launcher it may already be open.
    const states = tunnelEvents(tunnel.id).map((event) => event.data.state);
    expect(states.at(-1)).toBe('open');
    expect(['starting', 'open']).toContain(states[0]);
    expect(tunnelEvents(tunnel.id).at(-1)?.data.sessionId).toBe('s-1');
  });

  it('publishes byte counts at most once per throttle period', async () => {
    const { manager: subject } = await manager();
    const tunnel = await openOrders(subject);
    const before = tunnelEvents(tunnel.id).length;
    await roundTrip(tunnel.localPort, 'x'.repeat(1000));
    await waitFor(() => tunnelEvents(tunnel.id).at(-1)?.data.stats.bytesIn === 1000, 5000, 'a stats event');
    // Accept, data each way and close all happen within one period: far fewer events than changes.
    expect(tunnelEvents(tunnel.id).length - before).toBeLessThanOrEqual(3);
  });

  it('refuses a target it does not know, a target without jump host, and a port another tunnel holds', async () => {
    const { manager: subject } = await manager();
    await expect(subject.create({ profile: 'dev', region: 'us-east-1', target: { id: 'nope' } })).rejects.toMatchObject({
      code: 'TARGET_NOT_FOUND',
      status: 404,
    });
    await expect(subject.create({ profile: 'dev', region: 'us-east-1', target: { id: NO_HOST.id } })).rejects.toMatchObject({
      code: 'NO_JUMP_HOST',
      status: 400,
    });
    const port = await ephemeralPort();
    await subject.create({ ...orders, localPort: port });
    await subject.stopAll();
    await expect(subject.create({ ...orders, localPort: port })).rejects.toMatchObject({ code: 'PORT_IN_USE', status: 409 });
  });

  it('picks a different free port for a second tunnel to the same target', async () => {
    const { manager: subject } = await manager(undefined, { isPortFree: freeEphemeralOnly });
    const first = await subject.create({ ...orders });
    const second = await subject.create({ ...orders });
    expect(second.localPort).not.toBe(first.localPort);
  });

  it('remove stops, forgets, unsaves and publishes tunnel-removed; unknown ids are TUNNEL_NOT_FOUND', async () => {
    const { manager: subject, config } = await manager();
    const tunnel = await openOrders(subject);
    await subject.remove(tunnel.id);
    expect(stops).toBe(1);
    expect(subject.list()).toEqual([]);
    expect(config.get().tunnels).toEqual([]);
    expect(events.at(-1)).toEqual({ type: 'tunnel-removed', data: { id: tunnel.id } });
    expect(await isPortFree(tunnel.localPort)).toBe(true);
    expect(() => subject.logs(tunnel.id)).toThrow(expect.objectContaining({ code: 'TUNNEL_NOT_FOUND', status: 404 }));
    await expect(subject.stop('nope')).rejects.toMatchObject({ code: 'TUNNEL_NOT_FOUND' });
  });

  it('resumeSaved brings autostart tunnels back on their ports: lazy ones idle, others open; the rest stay stopped', async () => {
    const first = await manager();
    const lazyPort = await ephemeralPort();
    const eagerPort = await ephemeralPort();
    const manualPort = await ephemeralPort();
    const lazy = await first.manager.create({ ...orders, localPort: lazyPort });
    const eager = await first.manager.create({ ...orders, localPort: eagerPort, lazy: false });
    const manual = await first.manager.create({ ...orders, localPort: manualPort, autoStart: false });
    await first.manager.close();
    expect(await isPortFree(lazyPort)).toBe(true);
    launches = [];

    const second = await manager();
    expect(second.manager.list().map((tunnel) => tunnel.state)).toEqual(['stopped', 'stopped', 'stopped']);
    await second.manager.resumeSaved();
    expect(second.manager.get(lazy.id)?.state).toBe('idle');
    expect(second.manager.get(manual.id)?.state).toBe('stopped');
    await waitFor(() => second.manager.get(eager.id)?.state === 'open', 5000, 'the eager tunnel to open');
    expect(launches).toHaveLength(1);
    expect(await roundTrip(lazyPort, 'first client')).toBe('first client');
    expect(second.manager.get(lazy.id)?.state).toBe('open');
    expect(second.manager.get(lazy.id)?.localPort).toBe(lazyPort);
  });

  it('a tunnel the user stopped stays stopped across a daemon restart until the user starts it again', async () => {
    const first = await manager();
    const port = await ephemeralPort();
    const tunnel = await first.manager.create({ ...orders, localPort: port, lazy: false, autoStart: true });
    await waitFor(() => first.manager.get(tunnel.id)?.state === 'open', 5000, 'open');
    const stopped = await first.manager.stop(tunnel.id);
    expect(stopped).toMatchObject({ state: 'stopped', stoppedByUser: true });
    expect(first.config.get().tunnels[0]?.stoppedByUser).toBe(true);
    await first.manager.close();
    launches = [];

    const second = await manager();
    await second.manager.resumeSaved();
    expect(second.manager.get(tunnel.id)?.state).toBe('stopped');
    expect(launches).toHaveLength(0);
    await second.manager.start(tunnel.id);
    expect(second.config.get().tunnels[0]).not.toHaveProperty('stoppedByUser');
    await waitFor(() => second.manager.get(tunnel.id)?.state === 'open', 5000, 'open again');
    await second.manager.stopAll();
    expect(second.config.get().tunnels[0]?.stoppedByUser).toBe(true);
    await second.manager.close();

    const third = await manager();
    await third.manager.startAll();
    expect(third.config.get().tunnels[0]).not.toHaveProperty('stoppedByUser');
    await third.manager.close();
    const fourth = await manager();
    await fourth.manager.resumeSaved();
    await waitFor(() => fourth.manager.get(tunnel.id)?.state === 'open', 5000, 'an autostart tunnel back after the restart');
  });

  it('a restart the user asks for counts as a restart and clears "stopped by the user"', async () => {
    const { manager: subject } = await manager();
    const tunnel = await openOrders(subject);
    await subject.stop(tunnel.id);
    const restarted = await subject.restart(tunnel.id);
    expect(restarted.stats.restarts).toBe(1);
    expect(restarted.stoppedByUser).toBeUndefined();
    await waitFor(() => subject.get(tunnel.id)?.state === 'open', 5000, 'open after the restart');
    expect(subject.get(tunnel.id)?.stats.restarts).toBe(1);
  });

  it('update saves user and database (cleared with an empty string) and moves a running session to a new jump host', async () => {
    const { manager: subject, config } = await manager();
    const tunnel = await openOrders(subject);
    const named = await subject.update(tunnel.id, { user: 'reporting', database: 'billing' });
    expect(named).toMatchObject({ user: 'reporting', database: 'billing', jumpHostId: 'i-1', state: 'open' });
    expect(launches).toHaveLength(1);
    expect(config.get().tunnels[0]).toMatchObject({ user: 'reporting', database: 'billing' });

    await subject.update(tunnel.id, { jumpHostId: 'i-2' });
    await waitFor(() => launches.length === 2 && subject.get(tunnel.id)?.state === 'open', 5000, 'a session through i-2');
    expect(launches[1]).toEqual({ jumpHostId: 'i-2', host: TARGET.host });
    expect(subject.get(tunnel.id)?.localPort).toBe(tunnel.localPort);

    const cleared = await subject.update(tunnel.id, { user: '' });
    expect(cleared).not.toHaveProperty('user');
    expect(cleared).toMatchObject({ database: 'billing', jumpHostId: 'i-2' });
    expect(config.get().tunnels[0]).not.toHaveProperty('user');
    await expect(subject.update('nope', { user: 'x' })).rejects.toMatchObject({ code: 'TUNNEL_NOT_FOUND' });
  });

  it('close stops every tunnel and frees every port', async () => {
    const { manager: subject } = await manager();
    const tunnels = await Promise.all([1, 2, 3].map(async () => subject.create({ ...orders, localPort: await ephemeralPort() })));
    await waitFor(() => subject.list().every((tunnel) => tunnel.state === 'open'), 5000, 'all open');
    await subject.close();
    expect(stops).toBe(3);
    for (const tunnel of tunnels) expect(await isPortFree(tunnel.localPort)).toBe(true);
    await expect(subject.create({ ...orders })).rejects.toMatchObject({
      code: 'SHUTTING_DOWN',
    });
  });
  it('a request that asks for lazy only listens: no session until the first client connects', async () => {
    const { manager: m } = await manager();
    const tunnel = await m.create({ ...orders, localPort: await ephemeralPort(), lazy: true });
    expect(tunnel.state).toBe('idle');
    expect(launches).toHaveLength(0);
    expect(await roundTrip(tunnel.localPort, 'wake up')).toBe('wake up');
    expect(launches).toHaveLength(1);
  });

  it('fetches the profile and region first when the target id is not known yet', async () => {
    const known: Target[] = [];
    const loads: string[] = [];
    const { manager: m } = await manager({
      findTarget: (id) => known.find((target) => target.id === id),
      load: async (profile, region) => {
        loads.push(`${profile}/${region}`);
        known.push(TARGET);
      },
    });
    const tunnel = await m.create({ ...orders, localPort: await ephemeralPort() });
    expect(loads).toEqual(['dev/us-east-1']);
    expect(tunnel.target.host).toBe(TARGET.host);
    await expect(m.create({ profile: 'dev', region: 'us-east-1', target: { id: 'dev:us-east-1:instance:gone' } })).rejects.toMatchObject({
      code: 'TARGET_NOT_FOUND',
    });
  });
  it('takes the next port when an automatic choice is taken between the check and the bind', async () => {
    const blocker = net.createServer();
    const busyPort = await new Promise<number>((resolve) =>
      blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as net.AddressInfo).port)),
    );
    try {
      // The check says every port is free (it lost the race); the bind finds busyPort taken.
      const { manager: m } = await manager(undefined, { isPortFree: async () => true });
      const tunnel = await m.create({
        profile: 'dev',
        region: 'us-east-1',
        target: { host: 'db.internal', port: busyPort, name: 'custom' },
        jumpHostId: 'i-1',
      });
      expect(tunnel.localPort).not.toBe(busyPort);
      expect(await roundTrip(tunnel.localPort, 'next port')).toBe('next port');
      // The user's own choice is never moved: it is PORT_IN_USE.
      await expect(m.create({ ...orders, localPort: busyPort })).rejects.toMatchObject({ code: 'PORT_IN_USE' });
    } finally {
      blocker.close();
    }
  });
});

describe('check now', () => {
  it('applies the probe result once: one tunnel event per click', async () => {
    // Like the real monitor: a check runs the probe and reports through the watch callback, then returns it.
    const watchers = new Map<string, (health: Health) => void>();
    const healthy: Health = { status: 'healthy', layers: [], checkedAt: '2026-12-07T10:00:00.000Z' };
    const health: HealthMonitorLike = {
      watch: (id, _context, onResult) => void watchers.set(id, onResult),
      unwatch: (id) => void watchers.delete(id),
      checkNow: async (id) => {
        watchers.get(id)?.(healthy);
        return healthy;
      },
    };
    const { manager: subject } = await manager(undefined, { health });
    const tunnel = await openOrders(subject);
    await waitFor(() => watchers.has(tunnel.id), 5000, 'watched');
    const before = tunnelEvents(tunnel.id).length;
    const checked = await subject.checkNow(tunnel.id);
    expect(checked.health.status).toBe('healthy');
    expect(checked.state).toBe('healthy');
    expect(tunnelEvents(tunnel.id).length - before).toBe(1);
  });
});

describe('close', () => {
  it('waits for a session start still in flight, and that session is stopped before close resolves', async () => {
    let land!: () => void;
    const landed = new Promise<void>((resolve) => (land = resolve));
    const slow: Launcher = async (request, hooks) => {
      await landed;
      return launcher(request, hooks);
    };
    const { manager: subject } = await manager(undefined, { launcher: slow });
    await subject.create({ ...orders, localPort: await ephemeralPort(), lazy: false });
    await waitFor(() => launches.length === 0 && subject.list()[0]?.state === 'starting', 5000, 'starting');
    let closed = false;
    const closing = subject.close().then(() => (closed = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(closed).toBe(false);
    land();
    await closing;
    expect(launches).toHaveLength(1);
    expect(stops).toBe(1);
  });
});
