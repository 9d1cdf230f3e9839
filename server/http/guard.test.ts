import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { authHeaders, testApp, TEST_PORT, TEST_TOKEN } from '../../testing/http/test-app.js';
import { sessionCookieName } from './auth.js';

const SESSION_COOKIE = sessionCookieName(TEST_PORT);

let app: FastifyInstance;
beforeEach(async () => {
  ({ app } = await testApp());
});
afterEach(async () => {
  await app.close();
});

describe('Host header (DNS rebinding)', () => {
  it.each(['evil.example:7433', `127.0.0.1:${TEST_PORT + 1}`, '127.0.0.2:7433', 'localhost', ''])(
    'refuses Host %j with 403',
    async (host) => {
      const response = await app.inject({ method: 'GET', url: '/api/status', headers: { ...authHeaders, host } });
      expect(response.statusCode).toBe(403);
      expect(response.json().error.code).toBe('FORBIDDEN_HOST');
    },
  );

  it.each([`127.0.0.1:${TEST_PORT}`, `localhost:${TEST_PORT}`, `[::1]:${TEST_PORT}`, `LOCALHOST:${TEST_PORT}`])(
    'accepts Host %s',
    async (host) => {
      const response = await app.inject({ method: 'GET', url: '/api/status', headers: { ...authHeaders, host } });
      expect(response.statusCode).toBe(200);
      expect(response.json().version).toBe('0.0.0-test');
    },
  );
});

describe('Origin on state-changing requests', () => {
  it.each(['POST', 'PUT', 'PATCH', 'DELETE'] as const)('refuses %s from a foreign origin', async (method) => {
    const response = await app.inject({
      method,
      url: '/api/login-links',
      headers: { ...authHeaders, origin: 'https://evil.example', 'content-type': 'application/json' },
      payload: '{}',
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('FORBIDDEN_ORIGIN');
  });

  it('refuses an origin on our port but another host name', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/login-links',
      headers: { ...authHeaders, origin: `http://127.0.0.1.evil.example:${TEST_PORT}` },
    });
    expect(response.statusCode).toBe(403);
  });

  it('accepts our own origin and requests without one', async () => {
    const own = await app.inject({
      method: 'POST',
      url: '/api/login-links',
      headers: { ...authHeaders, origin: `http://localhost:${TEST_PORT}` },
    });
    expect(own.statusCode).toBe(200);
    const none = await app.inject({ method: 'POST', url: '/api/login-links', headers: authHeaders });
    expect(none.statusCode).toBe(200);
  });
});

describe('request bodies', () => {
  it('refuses a form-encoded POST with 415', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/login-links',
      headers: { ...authHeaders, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'a=1',
    });
    expect(response.statusCode).toBe(415);
    expect(response.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('refuses text/plain (the CORS-simple type) with 415', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/login-links',
      headers: { ...authHeaders, 'content-type': 'text/plain' },
      payload: '{}',
    });
    expect(response.statusCode).toBe(415);
  });

  it('refuses a body over 64 KiB with 413', async () => {
    const payload = JSON.stringify({ filler: 'x'.repeat(70 * 1024) });
    const response = await app.inject({
      method: 'POST',
      url: '/api/login-links',
      headers: { ...authHeaders, 'content-type': 'application/json' },
      payload,
    });
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('BODY_TOO_LARGE');
  });

  it('answers malformed JSON with 400 INVALID_JSON and keeps serving', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/login-links',
      headers: { ...authHeaders, 'content-type': 'application/json' },
      payload: '{"broken":',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('INVALID_JSON');
    expect(response.body).not.toMatch(/at .*\.js/);
    const after = await app.inject({ method: 'GET', url: '/api/status', headers: authHeaders });
    expect(after.statusCode).toBe(200);
  });

  it('answers a schema violation with 400 VALIDATION_FAILED', async () => {
    const response = await app.inject({ method: 'GET', url: '/login', headers: { host: authHeaders.host } });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('VALIDATION_FAILED');
  });
});

describe('the token', () => {
  it('is required on every /api route, the event stream included', async () => {
    for (const url of ['/api/status', '/api/events']) {
      const response = await app.inject({ method: 'GET', url, headers: { host: authHeaders.host } });
      expect(response.statusCode, url).toBe(401);
      expect(response.json().error.code).toBe('UNAUTHORIZED');
    }
  });

  it('answers a path that is no route with 404, token or not, without echoing the path', async () => {
    for (const headers of [{ host: authHeaders.host }, authHeaders]) {
      const response = await app.inject({ method: 'GET', url: '/api/does-not-exist', headers });
      expect(response.statusCode).toBe(404);
      expect(response.json().error.code).toBe('NOT_FOUND');
      expect(response.body).not.toContain('does-not-exist');
    }
  });

  it('refuses a wrong bearer token and a wrong cookie', async () => {
    const bearer = await app.inject({
      method: 'GET',
      url: '/api/status',
      headers: { host: authHeaders.host, authorization: `Bearer ${TEST_TOKEN}x` },
    });
    expect(bearer.statusCode).toBe(401);
    const cookie = await app.inject({
      method: 'GET',
      url: '/api/status',
      headers: { host: authHeaders.host },
      cookies: { [SESSION_COOKIE]: 'nope' },
    });
    expect(cookie.statusCode).toBe(401);
  });

  it('login with a one-time link sets an HttpOnly SameSite=Strict cookie that then works, and the link works once', async () => {
    const links = await app.inject({ method: 'POST', url: '/api/login-links', headers: authHeaders });
    const url = new URL(links.json().url as string);
    expect(url.pathname).toBe('/login');

    const login = await app.inject({ method: 'GET', url: `/login${url.search}`, headers: { host: authHeaders.host } });
    expect(login.statusCode).toBe(303);
    expect(login.headers.location).toBe('/');
    const setCookie = String(login.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    const cookie = login.cookies.find((c) => c.name === SESSION_COOKIE);
    expect(cookie?.value).toBeTruthy();

    const status = await app.inject({
      method: 'GET',
      url: '/api/status',
      headers: { host: authHeaders.host },
      cookies: { [SESSION_COOKIE]: cookie!.value },
    });
    expect(status.statusCode).toBe(200);

    const again = await app.inject({ method: 'GET', url: `/login${url.search}`, headers: { host: authHeaders.host } });
    expect(again.statusCode).toBe(401);
  });

  it('a Bearer header decides alone: a wrong token is not rescued by a valid cookie', async () => {
    const links = await app.inject({ method: 'POST', url: '/api/login-links', headers: authHeaders });
    const login = await app.inject({
      method: 'GET',
      url: new URL(links.json().url as string).pathname + new URL(links.json().url as string).search,
      headers: { host: authHeaders.host },
    });
    const session = login.cookies.find((c) => c.name === SESSION_COOKIE)!.value;
    const response = await app.inject({
      method: 'GET',
      url: '/api/status',
      headers: { host: authHeaders.host, authorization: 'Bearer wrong' },
      cookies: { [SESSION_COOKIE]: session },
    });
    expect(response.statusCode).toBe(401);
  });

  it('shows a signed-out browser how to open the dashboard', async () => {
    const response = await app.inject({ method: 'GET', url: '/', headers: { host: authHeaders.host } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/html/);
    expect(response.body).toContain('npm run open');
  });
});

describe('no CORS, ever', () => {
  it('sends no Access-Control headers, even to a preflight', async () => {
    const preflight = await app.inject({
      method: 'OPTIONS',
      url: '/api/status',
      headers: { host: authHeaders.host, origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    const normal = await app.inject({ method: 'GET', url: '/api/status', headers: { ...authHeaders, origin: 'https://evil.example' } });
    for (const response of [preflight, normal]) {
      expect(Object.keys(response.headers).filter((name) => name.startsWith('access-control-'))).toEqual([]);
    }
  });
});

describe('errors', () => {
  it('hide internal messages of 5xx', async () => {
    const { app: failing } = await testApp({
      status: () => {
        throw new Error('secret internal detail /home/user/.aws');
      },
    });
    const response = await failing.inject({ method: 'GET', url: '/api/status', headers: authHeaders });
    expect(response.statusCode).toBe(500);
    expect(response.json().error.code).toBe('INTERNAL');
    expect(response.body).not.toContain('secret internal detail');
    await failing.close();
  });
});
