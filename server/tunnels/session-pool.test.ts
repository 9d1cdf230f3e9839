// Parallel sessions (issue 17) on virtual time (injected clock and timers, real sockets for the relay): a tunnel
// with N sessions opens N−1 beside its first, spreads new clients over all of them, replaces a lost one on its own,
// backs off an extra whose starts fail while the tunnel stays open, and stops every one with the tunnel.
import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PortholeError } from '../errors.js';
import { echoServer, openConnection, roundTrip, type EchoServer } from '../../testing/tunnels/helpers.js';
import { INACTIVITY, SupervisorRig, until } from '../../testing/tunnels/supervisor-rig.js';
import { tunnelSnapshot } from './tunnel-snapshot.js';

/** An echo server standing in for one plugin's port, counting the connections it got. */
interface CountingEcho extends EchoServer {
  connections: number;
}

async function countingEcho(): Promise<CountingEcho> {
  const sockets = new Set<net.Socket>();
  const counted = { connections: 0 } as CountingEcho;
  const server = net.createServer((socket) => {
    counted.connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.pipe(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  counted.port = (server.address() as net.AddressInfo).port;
  counted.close = () =>
    new Promise((done) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => done());
    });
  return counted;
}

let echo: EchoServer;
let plugins: CountingEcho[];
let rig: SupervisorRig;
const clients: net.Socket[] = [];

beforeEach(async () => {
  echo = await echoServer();
  // Sessions 0, 1, 2, 3 … get plugin ports 0, 1, 2, 3, 0, 1 …
  plugins = await Promise.all([countingEcho(), countingEcho(), countingEcho(), countingEcho()]);
  rig = new SupervisorRig(echo);
  rig.ports = plugins.map((plugin) => plugin.port);
});

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await rig.close();
  await Promise.all([echo.close(), ...plugins.map((plugin) => plugin.close())]);
});

/** A client that stays connected (its echo proves the path), on the tunnel's port. */
async function stayingClient(text = 'ping'): Promise<net.Socket> {
  const { socket } = await openConnection(rig.spec.localPort);
  clients.push(socket);
  const answer = new Promise<string>((resolve) => socket.once('data', (data) => resolve(data.toString())));
  socket.write(text);
  expect(await answer).toBe(text);
  return socket;
}

async function openWith(sessions: number): Promise<void> {
  const subject = await rig.start({ parallelSessions: sessions });
  await until(() => subject.pool.open.length === sessions - 1, `${sessions} sessions open`);
}

describe('parallel sessions (issue 17)', () => {
  it('opens N−1 sessions beside the first and spreads new clients over all of them', async () => {
    await openWith(3);
    expect(rig.launches).toBe(3);
    const view = tunnelSnapshot(rig.spec, rig.supervisor).parallel;
    expect(view).toEqual({ wanted: 3, open: 3, sessionIds: ['sess-0', 'sess-1', 'sess-2'] });

    for (let index = 0; index < 6; index++) await stayingClient(`client ${index}`);
    expect(plugins.slice(0, 3).map((plugin) => plugin.connections)).toEqual([2, 2, 2]);
    expect(plugins[3]!.connections).toBe(0);
    // One client at a time (the others gone) always takes the first session.
    for (const client of clients.splice(0)) client.destroy();
    await until(() => rig.supervisor.stats.activeConnections === 0, 'the clients to leave');
    await rig.use();
    await rig.use();
    expect(plugins[0]!.connections).toBe(4);
  });

  it('replaces a lost extra session on its own, at once, leaving the first session and its clients alone', async () => {
    await openWith(3);
    const onFirst = await stayingClient('on the first');
    const onSecond = await stayingClient('on the second');
    const secondClosed = new Promise<void>((resolve) => onSecond.once('close', () => resolve()));
    await rig.time.advance(60_000);

    const before = rig.time.now;
    rig.sessions[1]!.exit({ reason: 'the plugin was killed (SIGKILL)', signal: 'SIGKILL' });
    await secondClosed;
    await until(() => rig.supervisor.pool.open.some((handle) => handle.sessionId === 'sess-3'), 'session 2 replaced');
    expect(rig.time.now).toBe(before);
    expect(rig.launches).toBe(4);
    expect(rig.supervisor.state).toBe('open');
    expect(rig.supervisor.sessionId).toBe('sess-0');
    expect(rig.supervisor.stats.restarts).toBe(1);
    expect(rig.sessions[0]!.stopped || rig.sessions[2]!.stopped).toBe(false);
    // The first session's client never noticed.
    const answer = new Promise<string>((resolve) => onFirst.once('data', (data) => resolve(data.toString())));
    onFirst.write('still here');
    expect(await answer).toBe('still here');
    expect(rig.supervisor.log.entries().some((line) => line.line.includes('session 2 ended'))).toBe(true);
  });

  it('backs off an extra session whose starts fail while the tunnel stays open on the others', async () => {
    await openWith(1);
    rig.failures.push(new PortholeError('PLUGIN_EXITED', 'exited early'), new PortholeError('PLUGIN_START_TIMEOUT', 'hung'));
    rig.spec = { ...rig.spec, parallelSessions: 2 };
    rig.supervisor.pool.fill();
    await until(() => rig.launches === 2 && rig.time.pending().length > 0, 'the first failed start');
    expect(rig.time.pending()[0]! - rig.time.now).toBe(1_000);
    await rig.time.advance(1_000);
    await until(() => rig.launches === 3 && rig.time.pending().length > 0, 'the second failed start');
    expect(rig.time.pending()[0]! - rig.time.now).toBe(2_000);
    expect(rig.supervisor.state).toBe('open');
    expect(rig.supervisor.failedStarts).toBe(0);
    await rig.time.advance(2_000);
    await until(() => rig.supervisor.pool.open.length === 1, 'the extra session open');
    expect(tunnelSnapshot(rig.spec, rig.supervisor).parallel).toMatchObject({ wanted: 2, open: 2 });
  });

  it('keeps serving through the extra sessions while the first one reconnects', async () => {
    await openWith(2);
    await rig.time.advance(60_000);
    await rig.use();
    rig.failures.push(new PortholeError('PLUGIN_EXITED', 'exited early'));
    rig.sessions[0]!.exit({ reason: 'the plugin was killed (SIGKILL)' });
    await until(
      () => rig.supervisor.state === 'reconnecting' && rig.supervisor.retryAt !== undefined,
      'the first session waiting to retry',
    );
    const second = plugins[1]!.connections;
    // No wait for the first session: the client goes to the open extra one.
    expect(await roundTrip(rig.spec.localPort, 'through the second')).toBe('through the second');
    expect(plugins[1]!.connections).toBe(second + 1);
  });

  it('leaves an extra session ended for inactivity with nobody on it until the next client comes', async () => {
    await openWith(2);
    rig.sessions[1]!.endLine(INACTIVITY);
    rig.sessions[1]!.exit({});
    await until(() => rig.supervisor.pool.open.length === 0, 'the extra session gone');
    await rig.time.advance(60_000);
    expect(rig.launches).toBe(2);
    expect(rig.supervisor.state).toBe('open');
    await rig.use();
    await until(() => rig.supervisor.pool.open.length === 1, 'the extra session back for the client');
    expect(rig.launches).toBe(3);
  });

  it('adds or stops sessions when the setting changes on an open tunnel', async () => {
    await openWith(3);
    rig.spec = { ...rig.spec, parallelSessions: 2 };
    rig.supervisor.pool.fill();
    await until(() => rig.sessions[2]!.stopped, 'the third session stopped');
    expect(rig.supervisor.pool.open.map((handle) => handle.sessionId)).toEqual(['sess-1']);
    rig.spec = { ...rig.spec, parallelSessions: 4 };
    rig.supervisor.pool.fill();
    await until(() => rig.supervisor.pool.open.length === 3, 'four sessions open');
    expect(tunnelSnapshot(rig.spec, rig.supervisor).parallel?.open).toBe(4);
  });

  it('stops every session when the tunnel stops, and all extras when a lazy tunnel goes idle', async () => {
    await openWith(4);
    await rig.supervisor.stop();
    expect(rig.sessions.map((session) => session.stopped)).toEqual([true, true, true, true]);
    expect(rig.supervisor.pool.open).toEqual([]);

    await rig.supervisor.start({ immediate: true });
    await until(() => rig.supervisor.state === 'open' && rig.supervisor.pool.open.length === 3, 'open again with four');
    rig.spec = { ...rig.spec, lazy: true, idleMinutes: 1 };
    // The idle timer is armed when a session opens: restart the first one so it takes the lazy setting.
    await rig.supervisor.restartSession('lazy now');
    await until(() => rig.supervisor.state === 'open', 'open again');
    await rig.time.advance(60_000);
    await until(() => rig.supervisor.state === 'idle', 'idle');
    expect(rig.supervisor.pool.open).toEqual([]);
    expect(rig.sessions.every((session) => session.stopped || !session.running)).toBe(true);
  });
});
