import type { Duplex } from 'node:stream';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyReply,
  type FastifyInstance,
  type FastifyServerOptions,
} from 'fastify';
import fastifyCookie from '@fastify/cookie';
import type { DaemonStatus, Snapshot } from '../shared/api.js';
import type { EventBus } from './events/bus.js';
import { installErrorHandling } from './http/errors.js';
import { installGuard, setSecurityHeaders } from './http/guard.js';
import { errorBody } from './http/errors.js';
import { EmptyBody } from './http/schemas.js';
import { Auth } from './http/auth.js';
import { eventRoutes } from './http/routes/events.js';
import { sessionRoutes } from './http/routes/session.js';
import { statusRoutes } from './http/routes/status.js';
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
import { inventoryReader, sharedHosts } from './http/routes/inventory-reader.js';
import { tunnelRoutes } from './http/routes/tunnels.js';
import { connectRoutes } from './http/routes/connect.js';
import type { DiagnosisService } from './diagnosis/diagnosis-service.js';
import type { PolicyService } from './diagnosis/policy/policy-service.js';
import { diagnosisRoutes } from './http/routes/diagnosis.js';
import { exportRoutes } from './http/routes/exports.js';
import type { ExportService } from './connect/exports/export-service.js';
import { oauthCallbackRoutes } from './http/routes/oauth-callback.js';
import { ssoAccountRoutes } from './http/routes/sso-accounts.js';
import type { SignInService } from './aws/sso/sign-in-service.js';
import type { SsoAccountService } from './aws/sso/account-service.js';
import type { PathsService } from './paths/paths-service.js';
import type { DirectPathService } from './paths/direct/direct-path-service.js';
import type { ClientVpnService } from './paths/vpn/vpn-service.js';
import type { ClientConfigService } from './paths/vpn/client-config.js';
import type { CertKitService } from './paths/cert-kit/kit-service.js';
import { pathRoutes } from './http/routes/paths.js';
import { vpnRoutes } from './http/routes/vpn.js';
import { certKitRoutes } from './http/routes/cert-kit.js';

export const BODY_LIMIT = 64 * 1024;
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The domain rooms the HTTP layer serves. Each is optional so a route test builds only what it needs. */
export interface DomainServices {
  profiles?: ProfileService;
  inventory?: InventoryService;
  /** Served only together with `profiles` (a tunnel is made for a listed profile only). */
  tunnels?: TunnelManager;
  connect?: ConnectService;
  /** DBeaver, pgAdmin and pg_service.conf exports. */
  exports?: ExportService;
  trust?: TrustStore;
  config?: ConfigStore;
  /** Called when the extra CA file list changes in the settings. */
  onCaBundlePaths?: (paths: string[]) => Promise<void>;
  /** "Why can't I connect?": diagnoses and least-privilege policies (served together). */
  diagnosis?: DiagnosisService;
  policies?: PolicyService;
  /** Signing in with IAM Identity Center (the login route and /oauth/callback). */
  signIn?: SignInService;
  /** Accounts a sign-in reaches, and sso-account sources (served together with `profiles`). */
  ssoAccounts?: SsoAccountService;
  /** Every way into a target and direct paths (served together, with `inventory`). */
  paths?: PathsService;
  direct?: DirectPathService;
  /** AWS Client VPN endpoints and their client configuration (served together, with `profiles`). */
  clientVpn?: ClientVpnService;
  clientConfig?: ClientConfigService;
  /** The certificate kit for Client VPN administrators. */
  certKits?: CertKitService;
}

export interface AppOptions {
  /** Port named in allowed Host/Origin headers until the server listens (then the real port wins). */
  port: number;
  /** The API token, browser sessions and login links (the daemon's, kept on disk). */
  auth?: Auth;
  /** Without `auth`: a fixed token with in-memory sessions (route tests). */
  token?: string;
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
  /** The `npm run open` line the signed-out pages show (default: `npm run open`). */
  signInCommand?: () => string;
}

export interface RegisteredRoute {
  method: string;
  /** The route's pattern, e.g. `/api/tunnels/:id/start`. */
  url: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    registeredRoutes(): RegisteredRoute[];
  }
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
    // A path the router cannot decode (e.g. "%zz") is a 400 in Porthole's error shape, with the guard's headers.
    frameworkErrors: (_error, _request, reply) => {
      const plain = reply as FastifyReply;
      setSecurityHeaders(plain);
      return plain.status(400).send(errorBody({ code: 'BAD_REQUEST', message: 'The request path is not valid.' }));
    },
    // A request Node's parser cannot read still gets an answer in Porthole's error shape.
    clientErrorHandler: (_error, socket) => answerOnSocket(socket, 'BAD_REQUEST', 'The request could not be parsed as HTTP/1.1.'),
    // Strict input: unknown properties are refused (400), not dropped, so a typo never looks like success;
    // nothing is coerced, so "5432", [5432] and true are not ports.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: true } },
  });
  const auth = options.auth ?? Auth.inMemory(requiredToken(options.token));
  // Every route, as registered: what the hostile-client tests and the fuzzer aim at.
  const routes: RegisteredRoute[] = [];
  app.addHook('onRoute', (route) => {
    const methods = [route.method].flat();
    for (const method of methods) routes.push({ method, url: route.url });
    // A state-changing route that declares no body takes none: `{}` or nothing, never stray fields.
    if (methods.some((method) => BODY_METHODS.has(method)) && !route.schema?.body) route.schema = { ...route.schema, body: EmptyBody };
  });
  app.decorate('registeredRoutes', () => [...routes]);

  await app.register(fastifyCookie);
  refuseTunnelsAndUpgrades(app);
  installGuard(app, { port: options.port, auth, extraHosts: options.extraHosts });
  installErrorHandling(app);

  const { profiles, inventory, tunnels, connect, exports, trust, config, onCaBundlePaths, signIn, ssoAccounts } = options.services ?? {};
  const snapshot = (): Snapshot => ({ status: options.status(), tunnels: tunnels?.list() ?? [], inventory: inventory?.progress() ?? [] });
  await app.register(async (scope) =>
    statusRoutes(scope, { status: options.status, recheckPlugin: options.recheckPlugin ?? (async () => options.status()) }),
  );
  await app.register(async (scope) => eventRoutes(scope, { bus: options.bus, snapshot, heartbeatMs: options.heartbeatMs }));
  if (profiles)
    await app.register(async (scope) =>
      profileRoutes(scope, { profiles, ...(signIn ? { signIn } : {}), ...(ssoAccounts ? { ssoAccounts } : {}) }),
    );
  if (signIn) await app.register(async (scope) => oauthCallbackRoutes(scope, { signIn }));
  if (profiles && ssoAccounts) {
    const inUse = (name: string) => (tunnels?.list() ?? []).some((tunnel) => tunnel.profile === name);
    await app.register(async (scope) => ssoAccountRoutes(scope, { accounts: ssoAccounts, profiles, inUse }));
  }
  if (profiles && inventory) await app.register(async (scope) => inventoryRoutes(scope, { inventory, profiles }));
  if (tunnels && profiles) {
    const profileExists = async (name: string) => (await profiles.list()).some((profile) => profile.name === name);
    await app.register(async (scope) => tunnelRoutes(scope, { tunnels, profileExists }));
  }
  if (connect) await app.register(async (scope) => connectRoutes(scope, { connect }));
  if (exports) await app.register(async (scope) => exportRoutes(scope, { exports }));
  if (trust) await app.register(async (scope) => trustRoutes(scope, { trust }));
  if (config) await app.register(async (scope) => settingsRoutes(scope, { config, onCaBundlePaths }));
  const { diagnosis, policies } = options.services ?? {};
  if (diagnosis && policies) await app.register(async (scope) => diagnosisRoutes(scope, { diagnosis, policies }));
  const { paths, direct, clientVpn, clientConfig, certKits } = options.services ?? {};
  if (paths && direct && inventory) {
    const targets = (filter: { profile?: string; region?: string }) => inventory.slices(filter).flatMap((slice) => slice.targets);
    await app.register(async (scope) => pathRoutes(scope, { paths, direct, targets, findTarget: (id) => inventory.findTarget(id) }));
  }
  if (clientVpn && clientConfig && profiles)
    await app.register(async (scope) => vpnRoutes(scope, { vpn: clientVpn, clientConfig, profiles }));
  if (certKits) await app.register(async (scope) => certKitRoutes(scope, { kits: certKits }));
  const reader =
    profiles && inventory
      ? inventoryReader({ inventory, profiles }, (error) => app.log.error({ err: error }, 'inventory refresh failed'))
      : undefined;
  const firstLook = reader
    ? async () => {
        const { slices, afterAnswer } = await reader.read({});
        return { look: sharedHosts(slices), afterAnswer };
      }
    : undefined;
  await app.register(async (scope) =>
    sessionRoutes(scope, {
      auth,
      port: options.port,
      webRoot: options.webRoot,
      signInCommand: options.signInCommand ?? (() => 'npm run open'),
      ...(firstLook ? { firstLook } : {}),
    }),
  );

  if (options.onClose) {
    const close = options.onClose;
    app.addHook('onClose', async () => close());
  }
  return app;
}

/** A 400 in Porthole's error shape, written straight to a socket that Fastify never got to answer on. */
function answerOnSocket(socket: Duplex, code: string, message: string): void {
  const body = JSON.stringify({ error: { code, message } });
  socket.on('error', () => undefined);
  if (!socket.writable) return void socket.destroy();
  // Whatever the client still sends is not read: close once the answer is out, or the socket lingers.
  socket.end(
    `HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    () => socket.destroy(),
  );
}

/**
 * CONNECT and Upgrade requests never reach Fastify's router; Node would drop the socket without a word.
 * Porthole is no proxy and speaks no WebSocket: answer 400 and close.
 */
function refuseTunnelsAndUpgrades(app: FastifyInstance): void {
  const refuse = (_request: unknown, socket: Duplex) =>
    answerOnSocket(socket, 'BAD_REQUEST_TARGET', 'Porthole accepts no CONNECT or Upgrade requests.');
  app.server.on('connect', refuse);
  app.server.on('upgrade', refuse);
}

function requiredToken(token: string | undefined): string {
  if (!token) throw new Error('buildApp needs auth or a token');
  return token;
}
