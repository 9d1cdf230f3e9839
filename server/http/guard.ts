import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AddressInfo } from 'node:net';
import type { ApiError } from '../../shared/api.js';
import type { Auth, Caller } from './auth.js';
import { errorBody } from './errors.js';
import { requestTargetProblem } from './request-target.js';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The dashboard's policy: its own scripts only (no inline script), data only from the daemon, never in a
 * frame. Inline styles stay allowed: Radix and sonner inject <style> elements, which run no code.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Served without the token: the login page, the signed-out shell and the dashboard's static files. */
    public?: boolean;
  }
  interface FastifyRequest {
    /** Who signed this request in, once the guard has run (undefined on public routes without credentials). */
    caller?: Caller;
  }
}

export interface GuardOptions {
  /** The port clients must name in Host/Origin; the listening port wins once the server listens. */
  port: number;
  auth: Auth;
  /** Extra listen addresses allowed in Host (only with --unsafe-listen-any). */
  extraHosts?: string[];
}

/** The hosts a request may name: loopback only, with the daemon's own port. */
export function allowedHosts(port: number, extraHosts: string[] = []): string[] {
  const extra = extraHosts.map((host) => (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`));
  return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, ...extra];
}

/** The port this daemon answers on: the listening one once it listens. */
export function listeningPort(app: FastifyInstance, fallback: number): number {
  return (app.server.address() as AddressInfo | null)?.port ?? fallback;
}

/**
 * The request guard, in the order a request meets it. It runs after routing, so every decision is about
 * the route that will run, never about how its URL was spelled:
 * 1. The request target is origin-form (or absolute-form naming us), with exactly one Host header.
 * 2. Host is loopback with our port (stops DNS rebinding).
 * 3. A state-changing request with a foreign Origin is refused; one with a body must send JSON.
 * 4. No route: 404, before any handler. A route not marked public needs the token or a browser session,
 *    and a browser session changes state only from our own origin (a cookie is sent by every site).
 */
export function installGuard(app: FastifyInstance, options: GuardOptions): void {
  const { auth } = options;

  app.addHook('onRequest', async (request, reply) => {
    setSecurityHeaders(reply);

    const port = listeningPort(app, options.port);
    const hosts = allowedHosts(port, options.extraHosts);
    const targetProblem = requestTargetProblem(request.raw.url ?? '', request.raw.rawHeaders, hosts);
    if (targetProblem) return refuse(reply, 400, targetProblem);

    const host = request.headers.host?.toLowerCase();
    if (!host || !hosts.includes(host)) {
      return refuse(reply, 403, {
        code: 'FORBIDDEN_HOST',
        message: 'This address is not allowed to reach Porthole.',
        hint: 'Open Porthole at http://127.0.0.1:<port> as printed by npm start.',
      });
    }
    const origin = request.headers.origin?.toLowerCase();
    const ownOrigin = origin !== undefined && hosts.some((allowed) => origin === `http://${allowed}`);
    const stateChanging = STATE_CHANGING.has(request.method);
    if (stateChanging) {
      if (origin !== undefined && !ownOrigin) {
        return refuse(reply, 403, { code: 'FORBIDDEN_ORIGIN', message: 'Requests from other web sites are refused.' });
      }
      if (hasBody(request) && !isJson(request.headers['content-type'])) {
        return refuse(reply, 415, { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send the body as application/json.' });
      }
    }

    if (request.is404) return undefined; // the not-found handler answers; no route handler runs
    const caller = auth.identify(request, port);
    if (caller) request.caller = caller;
    if (request.routeOptions.config.public) return undefined;
    if (!caller) {
      return refuse(reply, 401, {
        code: 'UNAUTHORIZED',
        message: 'This request needs the daemon token.',
        hint: 'Open the dashboard with the link npm start printed, run npm run open, or send Authorization: Bearer <token from the config folder>.',
      });
    }
    if (caller === 'session' && stateChanging && !ownOrigin && request.headers['sec-fetch-site'] !== 'same-origin') {
      return refuse(reply, 403, {
        code: 'ORIGIN_REQUIRED',
        message: 'A signed-in browser may change things only from the dashboard itself.',
        hint: 'Scripts send Authorization: Bearer <token> instead of the cookie.',
      });
    }
    return undefined;
  });
}

/** The headers every answer carries. */
export function setSecurityHeaders(reply: FastifyReply): void {
  reply.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  reply.header('X-Content-Type-Options', 'nosniff');
  reply.header('X-Frame-Options', 'DENY');
  reply.header('Referrer-Policy', 'no-referrer');
  reply.header('Cross-Origin-Resource-Policy', 'same-origin');
  // Nothing but the dashboard's hashed static files may be cached (they set their own header).
  reply.header('Cache-Control', 'no-store');
}

function hasBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  return (length !== undefined && length !== '0') || request.headers['transfer-encoding'] !== undefined;
}

function isJson(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const mediaType = contentType.split(';')[0]?.trim().toLowerCase();
  return mediaType === 'application/json';
}

function refuse(reply: FastifyReply, status: number, error: ApiError): FastifyReply {
  return reply.status(status).send(errorBody(error));
}
