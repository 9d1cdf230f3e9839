import type { FastifyInstance } from 'fastify';
import type { DaemonStatus } from '../../../shared/api.js';

export interface StatusRouteDeps {
  status: () => DaemonStatus;
  /** Looks for the plugin again (after the user installed it) and returns the new status. */
  recheckPlugin: () => Promise<DaemonStatus>;
}

export async function statusRoutes(app: FastifyInstance, deps: StatusRouteDeps): Promise<void> {
  app.get('/api/status', async () => deps.status());
  app.post('/api/status/plugin/recheck', async () => deps.recheckPlugin());
}
