import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { Type } from '@sinclair/typebox';
import type { Auth } from '../auth.js';
import { sessionCookieName } from '../auth.js';
import { listeningPort } from '../guard.js';
import { dashboardPages, type FirstLook } from '../dashboard-page.js';
import { badLinkPage, signedOutPage } from '../pages.js';

export interface SessionRouteDeps {
  auth: Auth;
  /** The port named in cookies until the server listens. */
  port: number;
  /** The built dashboard (dist/web); absent in route tests. */
  webRoot?: string;
  /** The `npm run open` line for this daemon, as public pages may show it (no absolute paths). */
  signInCommand: () => string;
  /** The inventory as the dashboard first shows it; with the built renderer, `/` arrives with it rendered. */
  firstLook?: FirstLook;
}

const HTML = 'text/html; charset=utf-8';
const LoginQuery = Type.Object({ token: Type.String({ minLength: 1, maxLength: 256 }) }, { additionalProperties: false });

/** Sign-in and sign-out, one-time links, token rotation, and the dashboard itself (only for a signed-in browser). */
export async function sessionRoutes(app: FastifyInstance, deps: SessionRouteDeps): Promise<void> {
  const { auth } = deps;
  const cookieName = (): string => sessionCookieName(listeningPort(app, deps.port));
  const cookieOptions = { httpOnly: true, sameSite: 'strict', path: '/', maxAge: auth.sessions.maxAgeSeconds } as const;

  app.get('/login', { config: { public: true }, schema: { querystring: LoginQuery } }, async (request, reply) => {
    const { token } = request.query as { token: string };
    if (!auth.links.redeem(token)) return reply.status(401).type(HTML).send(badLinkPage(deps.signInCommand()));
    reply.setCookie(cookieName(), await auth.sessions.create(), cookieOptions);
    return reply.redirect('/', 303);
  });

  app.post('/api/login-links', async (request) => {
    const code = auth.links.mint();
    const host = request.headers.host ?? '127.0.0.1';
    return { url: `http://${host}/login?token=${code}` };
  });

  app.post('/api/session/sign-out', async (request, reply) => {
    await auth.sessions.end(request.cookies[cookieName()]);
    reply.clearCookie(cookieName(), { path: '/' });
    return reply.status(204).send();
  });

  // Ends every browser session and login link. The browser that asked stays signed in with a new session,
  // so rotating after a suspected leak costs its user nothing and every other holder everything.
  app.post('/api/token/rotate', async (request, reply) => {
    const { sessionsEnded } = await auth.rotate();
    if (request.caller !== 'session') return { rotatedAt: new Date().toISOString(), sessionsEnded };
    reply.setCookie(cookieName(), await auth.sessions.create(), cookieOptions);
    return { rotatedAt: new Date().toISOString(), sessionsEnded: sessionsEnded - 1 };
  });

  const root = deps.webRoot;
  const hasIndex = root !== undefined && existsSync(join(root, 'index.html'));
  const pages = root && hasIndex && deps.firstLook ? dashboardPages(root, deps.firstLook) : undefined;
  if (pages) app.addHook('onClose', () => pages.close());
  // Everything in this scope is public: the dashboard's hashed assets hold no secret (cacheable), and `/`
  // decides itself who sees the shell. index.html is served by `/` only.
  await app.register(async (scope) => {
    scope.addHook('onRoute', (route) => {
      route.config = { ...route.config, public: true };
    });
    if (root && hasIndex) {
      await scope.register(fastifyStatic, {
        root,
        index: false,
        wildcard: false,
        serve: true,
        prefix: '/',
        globIgnore: ['index.html'],
      });
    }
    scope.get('/', async (request, reply) => {
      if (!request.caller) return reply.type(HTML).send(signedOutPage(deps.signInCommand()));
      if (!hasIndex) {
        return reply.status(503).type('text/plain').send('The dashboard is not built: run npm run build (npm start does it for you).');
      }
      const page = await pages?.render().catch((error: unknown) => {
        request.log.warn({ err: error }, 'the dashboard could not be rendered on the daemon; sending the plain page');
        return undefined;
      });
      if (page) return reply.type(HTML).send(page);
      return reply.sendFile('index.html', { cacheControl: false });
    });
  });
}
