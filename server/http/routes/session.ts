import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';
import { Type } from '@sinclair/typebox';
import { isAuthenticated, SESSION_COOKIE } from '../guard.js';
import type { LoginLinks } from '../login-links.js';
import { badLinkPage, signedOutPage } from '../pages.js';

export interface SessionRouteDeps {
  token: string;
  links: LoginLinks;
  /** The built dashboard (dist/web); absent in route tests. */
  webRoot?: string;
}

/** Login, one-time links, and the dashboard itself (only for a signed-in browser). */
export async function sessionRoutes(app: FastifyInstance, deps: SessionRouteDeps): Promise<void> {
  app.get('/login', { schema: { querystring: Type.Object({ token: Type.String({ maxLength: 256 }) }) } }, async (request, reply) => {
    const { token } = request.query as { token: string };
    if (!deps.links.redeem(token)) return reply.status(401).type('text/html; charset=utf-8').send(badLinkPage());
    reply.setCookie(SESSION_COOKIE, deps.token, { httpOnly: true, sameSite: 'strict', path: '/' });
    return reply.redirect('/', 303);
  });

  app.post('/api/login-links', async (request) => {
    const code = deps.links.mint();
    const host = request.headers.host ?? '127.0.0.1';
    return { url: `http://${host}/login?token=${code}` };
  });

  const hasIndex = deps.webRoot !== undefined && existsSync(join(deps.webRoot, 'index.html'));
  if (deps.webRoot && hasIndex) {
    await app.register(fastifyStatic, { root: deps.webRoot, index: false, wildcard: false, serve: true, prefix: '/' });
  }
  // The shell itself holds no secret; `/` still shows a signed-out browser how to sign in.
  app.get('/', async (request: FastifyRequest, reply: FastifyReply) => {
    if (!isAuthenticated(request, deps.token)) return reply.type('text/html; charset=utf-8').send(signedOutPage());
    if (!hasIndex) {
      return reply.status(503).type('text/plain').send('The dashboard is not built: run npm run build (npm start does it for you).');
    }
    reply.header('Cache-Control', 'no-store');
    return reply.sendFile('index.html');
  });
}
