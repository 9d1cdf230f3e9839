// Test helper (imported by *.test.ts only): the daemon's own app (guard, validation, error handler) with
// the profile and inventory routes over real services.
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { ProfileService } from '../../server/aws/profile-service.js';
import type { AppOptions } from '../../server/app.js';
import type { InventoryService } from '../../server/inventory/inventory-service.js';
import { authHeaders, testApp } from './test-app.js';

export interface RoutesApp {
  /** A request from a script holding the token (headers given by the test win). */
  inject(options: InjectOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
  app: FastifyInstance;
}

/** `options`: more of the daemon's app options (a built dashboard's `webRoot`, say). */
export async function routesApp(
  deps: { profiles: ProfileService; inventory: InventoryService },
  options: Partial<AppOptions> = {},
): Promise<RoutesApp> {
  const { app } = await testApp({ ...options, services: deps });
  await app.ready();
  return {
    app,
    inject: (options) => app.inject({ ...options, headers: { ...authHeaders, ...options.headers } }),
    close: () => app.close(),
  };
}
