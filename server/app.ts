import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import type { DaemonStatus, Snapshot } from '../shared/api.js';
import type { EventBus } from './events/bus.js';
import { installErrorHandling } from './http/errors.js';
import { installGuard } from './http/guard.js';
import { LoginLinks } from './http/login-links.js';
import { eventRoutes } from './http/routes/events.js';
import { sessionRoutes } from './http/routes/session.js';
import { statusRoutes } from './http/routes/status.js';
import { logRedactPaths, requestSerializer } from './log.js';
import type { ProfileService } from './aws/profile-service.js';
import type { InventoryService } from './inventory/inventory-service.js';
import type { TunnelManager } from './tunnels/manager.js';
import type { ConnectService } from './connect/connect-service.js';
import type { TrustStore } from './health/trust-store.js';
import { trustRoutes } from './http/routes/trust.js';
import type { ConfigStore } from './config/store.js';
import { settingsRoutes } from './http/routes/settings.js';
import { profileRoutes } from './http/routes/profiles.js';
import { inventoryRoutes } from './http/routes/inventory.js';
import { tunnelRoutes } from './http/routes/tunnels.js';
import { connectRoutes } from './http/routes/connect.js';

export const BODY_LIMIT = 64 * 1024;

/** The domain rooms the HTTP layer serves. Each is optional so a route test builds only what it needs. */
export interface DomainServices {
  profiles?: ProfileService;
  inventory?: InventoryService;
  tunnels?: TunnelManager;
  connect?: ConnectService;
  trust?: TrustStore;
  config?: ConfigStore;
  /** Called when the extra CA file list changes in the settings. */
  onCaBundlePaths?: (paths: string[]) => Promise<void>;
}

export interface AppOptions {
  /** Port named in allowed Host/Origin headers until the server listens (then the real port wins). */
  port: number;
  token: string;
  /** Mints the one-time codes for /login; made here when not given. */
  loginLinks?: LoginLinks;
  /** Extra listen addresses allowed in Host (only with --unsafe-listen-any). */
  extraHosts?: string[];
  bus: EventBus;
  status: () => DaemonStatus;
  recheckPlugin?: () => Promise<DaemonStatus>;
  services?: DomainServices;
  /** Folder of the built dashboard. */
  webRoot?: string;
  logger?: FastifyServerOptions['logger'];
  /** A ready pino logger shared with the domain rooms (wins over `logger`). */
  loggerInstance?: FastifyBaseLogger;
  heartbeatMs?: number;
  /** Closed with the app (tunnels, clients, timers), in order. */
  onClose?: () => Promise<void>;
}

/** Builds the daemon's Fastify instance without listening, so tests can use `app.inject`. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    bodyLimit: BODY_LIMIT,
    ...(options.loggerInstance ? { loggerInstance: options.loggerInstance } : { logger: options.logger ?? false }),
    // Request lines would repeat every SSE reconnect; routes log what matters themselves.
    logController: new LogController({ disableRequestLogging: true }),
    // Behind no proxy: never trust X-Forwarded-* headers.
    trustProxy: false,
    // Unknown properties are refused (400), not silently dropped: a typo must not look like success.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true } },
  });
  const loginLinks = options.loginLinks ?? new LoginLinks(options.token);

  await app.register(fastifyCookie);
  installGuard(app, { port: options.port, token: options.token, extraHosts: options.extraHosts });
  installErrorHandling(app);

  const { profiles, inventory, tunnels, connect, trust, config, onCaBundlePaths } = options.services ?? {};
  const snapshot = (): Snapshot => ({ status: options.status(), tunnels: tunnels?.list() ?? [], inventory: inventory?.progress() ?? [] });
  await app.register(async (scope) =>
    statusRoutes(scope, { status: options.status, recheckPlugin: options.recheckPlugin ?? (async () => options.status()) }),
  );
  await app.register(async (scope) => eventRoutes(scope, { bus: options.bus, snapshot, heartbeatMs: options.heartbeatMs }));
  if (profiles) await app.register(async (scope) => profileRoutes(scope, { profiles }));
  if (profiles && inventory) await app.register(async (scope) => inventoryRoutes(scope, { inventory, profiles }));
  if (tunnels) await app.register(async (scope) => tunnelRoutes(scope, { tunnels }));
  if (connect) await app.register(async (scope) => connectRoutes(scope, { connect }));
  if (trust) await app.register(async (scope) => trustRoutes(scope, { trust }));
  if (config) await app.register(async (scope) => settingsRoutes(scope, { config, onCaBundlePaths }));
  await app.register(async (scope) => sessionRoutes(scope, { token: options.token, links: loginLinks, webRoot: options.webRoot }));

  if (options.onClose) {
    const close = options.onClose;
    app.addHook('onClose', async () => close());
  }
  return app;
}

export { logRedactPaths, requestSerializer };
