import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AddressInfo } from 'node:net';
import { tokensMatch } from '../config/token.js';
import { errorBody } from './errors.js';

export const SESSION_COOKIE = 'porthole_session';
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface GuardOptions {
  /** The port clients must name in Host/Origin; the listening port wins once the server listens. */
  port: number;
  token: string;
  /** Extra listen addresses allowed in Host (only with --unsafe-listen-any). */
  extraHosts?: string[];
}

/** The hosts a request may name: loopback only, with the daemon's own port. */
export function allowedHosts(port: number, extraHosts: string[] = []): string[] {
  const extra = extraHosts.map((host) => (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`));
  return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, ...extra];
}

/**
 * The request guard, in the order a request meets it:
 * 1. Host must be loopback with our port (stops DNS rebinding).
 * 2. A state-changing request with a foreign Origin is refused (stops cross-site requests).
 * 3. A state-changing request with a body must send JSON (form posts are how CSRF works).
 * 4. /api needs the token: `Authorization: Bearer` or the session cookie set by /login.
 */
export function installGuard(app: FastifyInstance, options: GuardOptions): void {
  const currentPort = (): number => (app.server.address() as AddressInfo | null)?.port ?? options.port;

  app.addHook('onRequest', async (request, reply) => {
    const hosts = allowedHosts(currentPort(), options.extraHosts);
    const host = request.headers.host?.toLowerCase();
    if (!host || !hosts.includes(host)) {
      return refuse(
        reply,
        403,
        'FORBIDDEN_HOST',
        'This address is not allowed to reach Porthole.',
        'Open Porthole at http://127.0.0.1:<port> as printed by npm start.',
      );
    }
    if (STATE_CHANGING.has(request.method)) {
      const origin = request.headers.origin;
      if (origin !== undefined && !hosts.some((allowed) => origin.toLowerCase() === `http://${allowed}`)) {
        return refuse(reply, 403, 'FORBIDDEN_ORIGIN', 'Requests from other web sites are refused.');
      }
      if (hasBody(request) && !isJson(request.headers['content-type'])) {
        return refuse(reply, 415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.');
      }
    }
    if (request.url.startsWith('/api/') || request.url === '/api') {
      if (!isAuthenticated(request, options.token)) {
        return refuse(
          reply,
          401,
          'UNAUTHORIZED',
          'This request needs the daemon token.',
          'Open the dashboard with the link npm start printed, run npm run open, or send Authorization: Bearer <token from the config folder>.',
        );
      }
    }
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('X-Frame-Options', 'DENY');
    reply.header('Referrer-Policy', 'no-referrer');
    if (request.url.startsWith('/api/')) reply.header('Cache-Control', 'no-store');
    return undefined;
  });
}

export function isAuthenticated(request: FastifyRequest, token: string): boolean {
  const authorization = request.headers.authorization;
  if (authorization?.startsWith('Bearer ')) return tokensMatch(authorization.slice('Bearer '.length).trim(), token);
  return tokensMatch(request.cookies[SESSION_COOKIE], token);
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

function refuse(reply: FastifyReply, status: number, code: string, message: string, hint?: string): FastifyReply {
  return reply.status(status).send(errorBody(hint ? { code, message, hint } : { code, message }));
}
