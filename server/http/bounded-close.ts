import type { FastifyInstance } from 'fastify';

/**
 * Closes the app, giving requests under way `graceMs` to finish; then every connection still open is cut. A stop
 * once waited a minute for a socket Chromium had opened ahead of need (a preconnect: 0 bytes read, no request),
 * which arrived as the close began: Node's close() ends the connections idle at that moment, and waits for one
 * that has not sent a request until its headersTimeout (60 s).
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
