import type { FastifyInstance } from 'fastify';

/**
 * Closes the app, giving requests under way `graceMs` to finish; then every connection still open is cut. A
 * browser can still send a request on a kept-alive connection after close() has begun (an event stream
 * reconnecting, say), and such a stream never ends by itself: without the cut the daemon's exit waited for it.
 */
export async function closeWithin(app: FastifyInstance, graceMs: number): Promise<void> {
  const cut = setTimeout(() => app.server.closeAllConnections(), graceMs);
  cut.unref();
  try {
    await app.close();
  } finally {
    clearTimeout(cut);
  }
}
