import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ephemeralPort } from './ports.js';
import { Relay, type RelayOptions } from './relay.js';
import { echoServer, openConnection, roundTrip, waitFor, type EchoServer } from '../../testing/tunnels/helpers.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function relay(options: Partial<RelayOptions> = {}): Promise<Relay> {
  const port = await ephemeralPort();
  const created = new Relay({ port, ...options });
  await created.listen();
  cleanups.push(() => created.close());
  return created;
}

async function echo(): Promise<EchoServer> {
  const server = await echoServer();
  cleanups.push(() => server.close());
  return server;
}

describe('Relay', () => {
  it('pipes clients to the upstream port and counts connections and bytes', async () => {
    const upstream = await echo();
    let replies = 0;
    const subject = await relay({ onUpstreamReply: () => replies++ });
    subject.setUpstream(upstream.port);
    expect(await roundTrip(subject.port, 'hello')).toBe('hello');
    expect(await roundTrip(subject.port, 'again!')).toBe('again!');
    await waitFor(() => subject.stats.activeConnections === 0, 5000, 'connections to close');
    expect(subject.stats).toMatchObject({ totalConnections: 2, bytesOut: 11, bytesIn: 11 });
    expect(subject.stats.lastTrafficAt).toBeTypeOf('number');
    expect(replies).toBe(2);
  });

  it('spreads new clients over the first and the extra upstreams, least busy first, and drops one upstream alone', async () => {
    const [first, second] = [await echo(), await echo()];
    const subject = await relay();
    subject.setUpstream(first.port);
    subject.addUpstream(second.port);
    const a = await openConnection(subject.port);
    const b = await openConnection(subject.port);
    const c = await openConnection(subject.port);
    await waitFor(() => subject.upstreamUse(first.port).active + subject.upstreamUse(second.port).active === 3, 5000, 'three piped');
    expect([subject.upstreamUse(first.port).active, subject.upstreamUse(second.port).active]).toEqual([2, 1]);
    subject.dropClients(second.port);
    await waitFor(() => subject.stats.activeConnections === 2, 5000, 'the client of the second upstream dropped');
    // a and c went to the first upstream (a tie goes to the first), b to the second.
    await b.closed;
    expect(a.socket.destroyed || c.socket.destroyed).toBe(false);
    // Without the first session, new clients go to the extra one instead of waiting.
    subject.setUpstream(undefined);
    expect(await roundTrip(subject.port, 'extra')).toBe('extra');
    expect(subject.upstreamUse(second.port).served).toBe(2);
    // With no upstream left, a new client waits for one.
    subject.removeUpstream(second.port);
    const d = await openConnection(subject.port);
    await waitFor(() => subject.waiting === 1, 5000, 'the client to wait');
    d.socket.destroy();
    a.socket.destroy();
    c.socket.destroy();
  });

  it('refuses a busy port with PORT_IN_USE naming it', async () => {
    const first = await relay();
    const second = new Relay({ port: first.port });
    await expect(second.listen()).rejects.toMatchObject({
      code: 'PORT_IN_USE',
      status: 409,
      message: expect.stringContaining(String(first.port)),
    });
  });

  it('holds clients that arrive with no session and serves them once the upstream is set', async () => {
    const upstream = await echo();
    let demands = 0;
    const subject = await relay({ onDemand: () => demands++ });
    const answer = roundTrip(subject.port, 'waited');
    await waitFor(() => demands === 1, 5000, 'demand');
    subject.setUpstream(upstream.port);
    expect(await answer).toBe('waited');
  });

  it('closes a waiting client after the wait timeout', async () => {
    const subject = await relay({ waitTimeoutMs: 100 });
    const { closed } = await openConnection(subject.port);
    await closed;
    await waitFor(() => subject.stats.activeConnections === 0, 5000, 'the waiting client to go');
  });

  it('drops connected clients on reconnect while new ones wait for the next upstream', async () => {
    const first = await echo();
    const second = await echo();
    const subject = await relay();
    subject.setUpstream(first.port);
    const connected = await openConnection(subject.port);
    await waitFor(() => subject.stats.activeConnections === 1, 5000, 'client');
    subject.setUpstream(undefined);
    subject.dropClients();
    await connected.closed;
    const answer = roundTrip(subject.port, 'after');
    await waitFor(() => subject.stats.activeConnections === 1, 5000, 'the waiting client');
    subject.setUpstream(second.port);
    expect(await answer).toBe('after');
  });

  it('fires idle only after the idle time with no client, and not while one is connected', async () => {
    const upstream = await echo();
    let idles = 0;
    const subject = await relay({ onIdle: () => idles++ });
    subject.setUpstream(upstream.port);
    const connected = await openConnection(subject.port);
    await waitFor(() => subject.stats.activeConnections === 1, 5000, 'client');
    subject.setIdle(50);
    expect(subject.idleDeadline).toBeUndefined();
    connected.socket.destroy();
    await waitFor(() => subject.idleDeadline !== undefined, 5000, 'the idle timer to arm');
    await waitFor(() => idles === 1, 5000, 'idle');
    expect(subject.isListening).toBe(true);
  });

  it('closes the listener and every client on close', async () => {
    const upstream = await echo();
    const subject = await relay();
    subject.setUpstream(upstream.port);
    const connected = await openConnection(subject.port);
    await subject.close();
    await connected.closed;
    await expect(
      new Promise((resolve, reject) => {
        const socket = net.connect(subject.port, '127.0.0.1', () => resolve(socket.destroy()));
        socket.on('error', reject);
      }),
    ).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
