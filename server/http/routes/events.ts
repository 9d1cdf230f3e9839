import type { FastifyInstance } from 'fastify';
import type { ServerResponse } from 'node:http';
import type { Snapshot } from '../../../shared/api.js';
import type { EventBus, NumberedEvent } from '../../events/bus.js';

export interface EventRouteDeps {
  bus: EventBus;
  snapshot: () => Snapshot;
  heartbeatMs?: number;
}

/**
 * GET /api/events: server-sent events. A new subscriber gets a `snapshot` first; a subscriber
 * that reconnects with Last-Event-ID gets what it missed, or a fresh snapshot when the replay
 * buffer no longer reaches back. A comment line every 15 s keeps proxies and idle timers quiet.
 */
export async function eventRoutes(app: FastifyInstance, deps: EventRouteDeps): Promise<void> {
  const open = new Set<ServerResponse>();
  app.addHook('preClose', async () => {
    for (const response of open) response.end();
  });

  app.get('/api/events', async (request, reply) => {
    const lastEventId = Number(request.headers['last-event-id']);
    reply.hijack();
    const response = reply.raw;
    response.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
      'X-Content-Type-Options': 'nosniff',
    });
    open.add(response);

    const send = ({ id, event }: NumberedEvent): void => {
      response.write(`id: ${id}\nevent: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`);
    };
    response.write('retry: 2000\n\n');
    const missed = Number.isInteger(lastEventId) && lastEventId > 0 ? deps.bus.since(lastEventId) : undefined;
    if (missed) {
      missed.forEach(send);
    } else {
      response.write(`id: ${deps.bus.lastId}\nevent: snapshot\ndata: ${JSON.stringify(deps.snapshot())}\n\n`);
    }
    const unsubscribe = deps.bus.subscribe(send);
    const heartbeat = setInterval(() => response.write(': heartbeat\n\n'), deps.heartbeatMs ?? 15_000);
    heartbeat.unref();

    const cleanup = (): void => {
      clearInterval(heartbeat);
      unsubscribe();
      open.delete(response);
    };
    response.on('close', cleanup);
    response.on('error', cleanup);
  });
}
