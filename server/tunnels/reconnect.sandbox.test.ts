// Issue 11 end to end: TunnelManager with the AWS sandbox, the stand-in plugin (real child processes) and an echo
// server behind the RDS name. Counts, order and states only; the timings are in `npm run bench:reliability`.
import { rm } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Tunnel, TunnelState } from '../../shared/api.js';
import { isPortFree } from './ports.js';
import { echoServer, openConnection, roundTrip, waitFor, type EchoServer } from '../../testing/tunnels/helpers.js';
import { makeManager, ORDERS, startSandboxRig, tempDir, type SandboxRig, type World } from '../../testing/tunnels/sandbox-world.js';

const INACTIVITY = 'Your session timed out due to inactivity and has been terminated.';

let rig: SandboxRig;
let echo: EchoServer;
let world: World | undefined;
let configDir: string;
let events: Tunnel[];

beforeAll(async () => {
  echo = await echoServer();
  rig = await startSandboxRig(echo.port);
});
afterAll(async () => {
  await echo.close();
  await rig.close();
});
beforeEach(async () => {
  rig.sandbox.clearCalls();
  configDir = await tempDir('porthole-reconnect-');
  world = await makeManager({ env: rig.files.env, configDir });
  events = [];
  world.bus.subscribe(({ event }) => {
    if (event.type === 'tunnel') events.push(event.data);
  });
});
afterEach(async () => {
  await world?.close();
  world = undefined;
  await rm(configDir, { recursive: true, force: true });
});

const starts = () => rig.sandbox.calls({ service: 'ssm', op: 'StartSession' }).length;
const get = (id: string) => world!.manager.get(id);

async function reach(id: string, wanted: (tunnel: Tunnel) => boolean, what: string, timeoutMs = 15_000): Promise<Tunnel> {
  await waitFor(() => wanted(get(id)!), timeoutMs, `${what} (is ${get(id)?.state}: ${get(id)?.reason})`);
  return get(id)!;
}

const isState = (state: TunnelState) => (tunnel: Tunnel) => tunnel.state === state;

function pidOf(sessionId: string | undefined): number {
  const pid = rig.sandbox.sessions().find((record) => record.sessionId === sessionId)?.attaches[0]?.pid;
  if (pid === undefined) throw new Error(`no plugin pid for session ${sessionId}`);
  return pid;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('a tunnel whose plugin keeps dying (issue 11)', () => {
  it('comes back on the same port after every kill with one new StartSession each time, never waiting out a backoff', async () => {
    const created = await world!.manager.create({ ...ORDERS, lazy: false });
    let tunnel = await reach(created.id, isState('open'), 'open');
    expect(await roundTrip(tunnel.localPort, 'first')).toBe('first');
    const sessionIds = [tunnel.sessionId!];
    const pids = [pidOf(tunnel.sessionId)];
    const cycles = 8;
    for (let cycle = 1; cycle <= cycles; cycle++) {
      process.kill(pids.at(-1)!, 'SIGKILL');
      tunnel = await reach(created.id, (t) => t.state === 'open' && t.sessionId !== sessionIds.at(-1), `cycle ${cycle}: open again`);
      expect(tunnel.localPort).toBe(created.localPort);
      expect(await roundTrip(tunnel.localPort, `query ${cycle}`)).toBe(`query ${cycle}`);
      expect(starts()).toBe(cycle + 1);
      expect(tunnel.stats.restarts).toBe(cycle);
      sessionIds.push(tunnel.sessionId!);
      pids.push(pidOf(tunnel.sessionId));
    }
    // Every loss went straight to a new start: no backoff wait, no failed attempt, in any published state.
    expect(events.filter((event) => event.retryAt !== undefined || event.failedStarts !== undefined)).toEqual([]);
    const reconnects = events.filter((event) => event.state === 'reconnecting');
    expect(reconnects.length).toBe(cycles);
    for (const event of reconnects)
      expect(event.reason).toMatch(/^session ended: the plugin was killed \(SIGKILL\); starting a new session/);
    // Order: each reconnecting state is followed by the next session's open, one at a time.
    const order = events.map((event) => event.state).filter((state, index, all) => state !== all[index - 1]);
    expect(order.filter((state) => state === 'open')).toHaveLength(cycles + 1);
    expect(order.join(' ')).not.toMatch(/reconnecting reconnecting/);

    // Nothing leaks: only the current plugin runs, every earlier session is terminated.
    await waitFor(
      () =>
        rig.sandbox.sessions().filter((record) => sessionIds.slice(0, -1).includes(record.sessionId) && record.state === 'active')
          .length === 0,
      10_000,
      'the killed sessions to be terminated',
    );
    expect(pids.filter(alive)).toEqual([pids.at(-1)]);
    await world!.manager.remove(created.id);
    await waitFor(() => !alive(pids.at(-1)!), 10_000, 'the last plugin to exit');
    expect(await isPortFree(created.localPort)).toBe(true);
  }, 120_000);
});

describe("the service's idle timeout (issue 11)", () => {
  it('with no client connected the tunnel goes idle and keeps its port; the next client starts a new session', async () => {
    const created = await world!.manager.create({ ...ORDERS, lazy: false });
    const open = await reach(created.id, isState('open'), 'open');
    expect(await roundTrip(open.localPort, 'before')).toBe('before');
    await waitFor(() => get(created.id)!.stats.activeConnections === 0, 5_000, 'the client to leave');
    expect(rig.sandbox.endSession(open.sessionId!, INACTIVITY)).toBe(true);
    const idle = await reach(created.id, isState('idle'), 'idle');
    expect(idle.reason).toContain('timed out due to inactivity');
    expect(idle.sessionId).toBeUndefined();
    expect(idle.stats.restarts).toBe(0);
    expect(starts()).toBe(1);
    expect(await isPortFree(created.localPort)).toBe(false);
    // Still idle, still one session, once the plugin has gone.
    await waitFor(() => !alive(pidOf(open.sessionId)), 10_000, 'the plugin to exit');
    expect(get(created.id)!.state).toBe('idle');
    expect(starts()).toBe(1);

    expect(await roundTrip(created.localPort, 'wake up')).toBe('wake up');
    const again = await reach(created.id, isState('open'), 'open on demand');
    expect(again.sessionId).not.toBe(open.sessionId);
    expect(starts()).toBe(2);
    const states = events.map((event) => event.state).filter((state, index, all) => state !== all[index - 1]);
    expect(states.slice(-4)).toEqual(['open', 'idle', 'starting', 'open']);
  }, 60_000);

  it('with a client connected a new session starts at once', async () => {
    const created = await world!.manager.create({ ...ORDERS, lazy: false });
    const open = await reach(created.id, isState('open'), 'open');
    const { socket, closed } = await openConnection(open.localPort);
    try {
      await waitFor(() => get(created.id)!.stats.activeConnections === 1, 5_000, 'the client to connect');
      expect(rig.sandbox.endSession(open.sessionId!, INACTIVITY)).toBe(true);
      // The session behind the client is gone, so is its connection; a new session comes up behind the port.
      await closed;
      const again = await reach(created.id, (t) => t.state === 'open' && t.sessionId !== open.sessionId, 'a new session');
      expect(starts()).toBe(2);
      expect(events.some((event) => event.state === 'idle')).toBe(false);
      expect(await roundTrip(again.localPort, 'back')).toBe('back');
    } finally {
      socket.destroy();
    }
  }, 60_000);
});
