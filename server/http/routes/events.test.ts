import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { EventBus } from '../../events/bus.js';
import { testApp, TEST_TOKEN } from '../../../testing/http/test-app.js';
import { openSse } from '../../../testing/http/sse-client.js';

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function listening(bus: EventBus, heartbeatMs = 15_000): Promise<{ url: string; headers: Record<string, string> }> {
  ({ app } = await testApp({ bus, heartbeatMs }));
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/api/events`, headers: { authorization: `Bearer ${TEST_TOKEN}` } };
}

const removed = (id: string) => ({ type: 'tunnel-removed' as const, data: { id } });

describe('GET /api/events', () => {
  it('sends a snapshot first, then typed events with increasing ids', async () => {
    const bus = new EventBus();
    bus.publish(removed('before'));
    const { url, headers } = await listening(bus);
    const stream = await openSse(url, headers);
    expect(stream.status).toBe(200);
    await stream.waitFor((messages) => messages.some((m) => m.event === 'snapshot'));
    const snapshot = stream.messages.find((m) => m.event === 'snapshot')!;
    expect(snapshot.id).toBe('1');
    expect(JSON.parse(snapshot.data!).status.version).toBe('0.0.0-test');

    bus.publish(removed('x'));
    bus.publish(removed('y'));
    await stream.waitFor((messages) => messages.filter((m) => m.event === 'tunnel-removed').length === 2);
    const events = stream.messages.filter((m) => m.event === 'tunnel-removed');
    expect(events.map((m) => [m.id, JSON.parse(m.data!).id])).toEqual([
      ['2', 'x'],
      ['3', 'y'],
    ]);
    stream.close();
  });

  it('replays missed events for Last-Event-ID, and sends a fresh snapshot when it cannot', async () => {
    const bus = new EventBus(2);
    const { url, headers } = await listening(bus);
    for (const id of ['a', 'b', 'c']) bus.publish(removed(id));

    const resumed = await openSse(url, { ...headers, 'last-event-id': '2' });
    await resumed.waitFor((messages) => messages.some((m) => m.event === 'tunnel-removed'));
    expect(resumed.messages.some((m) => m.event === 'snapshot')).toBe(false);
    expect(resumed.messages.filter((m) => m.event).map((m) => m.id)).toEqual(['3']);
    resumed.close();

    const tooOld = await openSse(url, { ...headers, 'last-event-id': '0' });
    await tooOld.waitFor((messages) => messages.some((m) => m.event === 'snapshot'));
    tooOld.close();
    const unknown = await openSse(url, { ...headers, 'last-event-id': '999' });
    await unknown.waitFor((messages) => messages.some((m) => m.event === 'snapshot'));
    unknown.close();
  });

  it('sends heartbeat comments and lets the app close with streams open', async () => {
    const { url, headers } = await listening(new EventBus(), 30);
    const stream = await openSse(url, headers);
    await stream.waitFor((messages) => messages.filter((m) => m.comment === 'heartbeat').length >= 2);
    await app!.close();
    app = undefined;
    stream.close();
  });

  it('unsubscribes when the client goes away', async () => {
    const bus = new EventBus();
    const { url, headers } = await listening(bus);
    const stream = await openSse(url, headers);
    await stream.waitFor((messages) => messages.some((m) => m.event === 'snapshot'));
    expect(bus.subscriberCount).toBe(1);
    stream.close();
    const deadline = Date.now() + 3000;
    while (bus.subscriberCount > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(bus.subscriberCount).toBe(0);
  });
});
