// Test helper (imported by *.test.ts only): a bare Fastify app with the profile and inventory
// routes, real services, and a minimal stand-in for the lead's error handler.
import Fastify, { type FastifyInstance } from 'fastify';
import { isPortholeError } from '../../errors.js';
import type { ProfileService } from '../../aws/profile-service.js';
import type { InventoryService } from '../../inventory/inventory-service.js';
import { inventoryRoutes } from './inventory.js';
import { profileRoutes } from './profiles.js';

export async function routesApp(deps: { profiles: ProfileService; inventory: InventoryService }): Promise<FastifyInstance> {
  const app = Fastify();
  app.setErrorHandler((error, _request, reply) => {
    if (isPortholeError(error)) return reply.code(error.status).send({ error: error.toApiError() });
    const validation = (error as { validation?: unknown }).validation;
    if (validation) return reply.code(400).send({ error: { code: 'BAD_REQUEST', message: (error as Error).message } });
    return reply.code(500).send({ error: { code: 'INTERNAL', message: 'internal' } });
  });
  await app.register(async (scope) => profileRoutes(scope, { profiles: deps.profiles }));
  await app.register(async (scope) => inventoryRoutes(scope, deps));
  await app.ready();
  return app;
}
