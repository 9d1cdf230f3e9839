import { mkdtemp, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiToken } from '../config/token.js';
import { authHeaders, testApp, TEST_PORT, TEST_TOKEN } from '../../testing/http/test-app.js';
import { Auth, sessionCookieName } from './auth.js';
import { BrowserSessions, SESSIONS_FILE } from './browser-sessions.js';

const COOKIE = sessionCookieName(TEST_PORT);
const host = authHeaders.host;
const ownOrigin = `http://${host}`;

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function signIn(server: FastifyInstance, bearer = `Bearer ${TEST_TOKEN}`): Promise<string> {
  const links = await server.inject({ method: 'POST', url: '/api/login-links', headers: { host, authorization: bearer } });
  const url = new URL(links.json().url as string);
  const login = await server.inject({ method: 'GET', url: `/login${url.search}`, headers: { host } });
  expect(login.statusCode).toBe(303);
  return login.cookies.find((c) => c.name === COOKIE)!.value;
}

const withCookie = (server: FastifyInstance, session: string, method: 'GET' | 'POST', url: string, headers: Record<string, string> = {}) =>
  server.inject({ method, url, headers: { host, ...headers }, cookies: { [COOKIE]: session } });

describe('browser sessions', () => {
  it('are their own random secret, named for this port, expiring in days; never the API token', async () => {
    ({ app } = await testApp());
    const links = await app.inject({ method: 'POST', url: '/api/login-links', headers: authHeaders });
    const login = await app.inject({
      method: 'GET',
      url: new URL(links.json().url as string).pathname + new URL(links.json().url as string).search,
      headers: { host },
    });
    const cookie = login.cookies.find((c) => c.name === COOKIE);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/', maxAge: 7 * 24 * 3600 });
    expect(cookie!.value).not.toBe(TEST_TOKEN);
    expect(cookie!.value).not.toContain(TEST_TOKEN.slice(0, 16));
    expect(Buffer.from(cookie!.value, 'base64url')).toHaveLength(32);
    // The cookie signs the browser in; used as a bearer token it is worth nothing.
    expect((await withCookie(app, cookie!.value, 'GET', '/api/status')).statusCode).toBe(200);
    const asBearer = await app.inject({ method: 'GET', url: '/api/status', headers: { host, authorization: `Bearer ${cookie!.value}` } });
    expect(asBearer.statusCode).toBe(401);
  });

  it('change state only from our own origin; scripts with the token need no Origin', async () => {
    ({ app } = await testApp());
    const session = await signIn(app);
    const noOrigin = await withCookie(app, session, 'POST', '/api/login-links');
    expect(noOrigin.statusCode).toBe(403);
    expect(noOrigin.json().error.code).toBe('ORIGIN_REQUIRED');
    expect((await withCookie(app, session, 'POST', '/api/login-links', { origin: ownOrigin })).statusCode).toBe(200);
    expect((await withCookie(app, session, 'POST', '/api/login-links', { 'sec-fetch-site': 'same-origin' })).statusCode).toBe(200);
    expect((await withCookie(app, session, 'POST', '/api/login-links', { 'sec-fetch-site': 'same-site' })).statusCode).toBe(403);
    expect((await withCookie(app, session, 'GET', '/api/status')).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: '/api/login-links', headers: authHeaders })).statusCode).toBe(200);
  });

  it('end with sign-out', async () => {
    ({ app } = await testApp());
    const session = await signIn(app);
    const out = await withCookie(app, session, 'POST', '/api/session/sign-out', { origin: ownOrigin });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(new RegExp(`${COOKIE}=;`));
    expect((await withCookie(app, session, 'GET', '/api/status')).statusCode).toBe(401);
  });

  it('expire after their lifetime', async () => {
    let now = 1_000_000;
    const sessions = BrowserSessions.inMemory(60_000, () => now);
    const id = await sessions.create();
    expect(sessions.isValid(id)).toBe(true);
    now += 59_999;
    expect(sessions.isValid(id)).toBe(true);
    now += 1;
    expect(sessions.isValid(id)).toBe(false);
    expect(sessions.isValid(undefined)).toBe(false);
    expect(sessions.isValid('')).toBe(false);
  });

  it('survive a daemon restart as hashes only, in a 0600 file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'porthole-sessions-'));
    const first = await BrowserSessions.open(dir);
    const id = await first.create();
    const file = await readFile(join(dir, SESSIONS_FILE), 'utf8');
    expect(file).not.toContain(id);
    expect((await stat(join(dir, SESSIONS_FILE))).mode & 0o777).toBe(0o600);
    expect((await BrowserSessions.open(dir)).isValid(id)).toBe(true);
    await writeFile(join(dir, SESSIONS_FILE), '{ damaged');
    expect((await BrowserSessions.open(dir)).isValid(id)).toBe(false);
  });
});

describe('token rotation', () => {
  it('writes a new token and ends every other browser session, every old login link and the old token', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'porthole-rotate-'));
    const auth = new Auth(await ApiToken.load(dir), await BrowserSessions.open(dir));
    const oldToken = (await readFile(join(dir, 'token'), 'utf8')).trim();
    ({ app } = await testApp({ auth, token: undefined }));
    const bearer = `Bearer ${oldToken}`;
    const browserA = await signIn(app, bearer);
    const browserB = await signIn(app, bearer);
    const link = new URL(
      (await app.inject({ method: 'POST', url: '/api/login-links', headers: { host, authorization: bearer } })).json().url as string,
    );

    const rotated = await withCookie(app, browserA, 'POST', '/api/token/rotate', { origin: ownOrigin });
    expect(rotated.statusCode).toBe(200);
    expect(rotated.json()).toMatchObject({ sessionsEnded: 1 }); // browser B; A's own is renewed
    const newToken = (await readFile(join(dir, 'token'), 'utf8')).trim();
    expect(newToken).not.toBe(oldToken);
    expect(rotated.body).not.toContain(newToken);
    expect((await stat(join(dir, 'token'))).mode & 0o777).toBe(0o600);

    // The browser that asked keeps working with a new session; everyone else is out.
    const renewed = rotated.cookies.find((c) => c.name === COOKIE)!.value;
    expect(renewed).not.toBe(browserA);
    const statuses = async (responses: Promise<LightMyRequestResponse>[]) => (await Promise.all(responses)).map((r) => r.statusCode);
    expect(
      await statuses([
        withCookie(app, renewed, 'GET', '/api/status'),
        withCookie(app, browserA, 'GET', '/api/status'),
        withCookie(app, browserB, 'GET', '/api/status'),
        app.inject({ method: 'GET', url: `/login${link.search}`, headers: { host } }),
        app.inject({ method: 'GET', url: '/api/status', headers: { host, authorization: bearer } }),
        app.inject({ method: 'GET', url: '/api/status', headers: { host, authorization: `Bearer ${newToken}` } }),
      ]),
    ).toEqual([200, 401, 401, 401, 401, 200]);
  });
});

describe('the dashboard page', () => {
  async function builtDashboard(): Promise<string> {
    const webRoot = await mkdtemp(join(tmpdir(), 'porthole-web-'));
    await mkdir(join(webRoot, 'assets'));
    await writeFile(join(webRoot, 'index.html'), '<!doctype html><div id="root"></div>');
    await writeFile(join(webRoot, 'assets', 'index-abc.js'), 'console.log(1)');
    return webRoot;
  }

  it('is sent with a strict Content-Security-Policy and never cached; its hashed assets are public', async () => {
    ({ app } = await testApp({ webRoot: await builtDashboard() }));
    const session = await signIn(app);
    const page = await withCookie(app, session, 'GET', '/');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('id="root"');
    expect(page.headers['cache-control']).toBe('no-store');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("connect-src 'self'");

    const asset = await app.inject({ method: 'GET', url: '/assets/index-abc.js', headers: { host } });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).not.toBe('no-store');
    // The shell is served by "/" only, which decides who sees it.
    expect((await app.inject({ method: 'GET', url: '/index.html', headers: { host } })).body).not.toContain('id="root"');

    const signedOut = await app.inject({ method: 'GET', url: '/', headers: { host } });
    expect(signedOut.body).not.toContain('id="root"');
    expect(signedOut.headers['cache-control']).toBe('no-store');
  });

  it('a browser without a session, or with a spent link, is given the command that opens this daemon', async () => {
    const command = 'npm run open -- --port 43123 --config-dir .tmp/demo-x/config';
    ({ app } = await testApp({ signInCommand: () => command }));
    const signedOut = await app.inject({ method: 'GET', url: '/', headers: { host } });
    expect(signedOut.body).toContain(`<code data-testid="open-command">${command}</code>`);
    const spent = await app.inject({ method: 'GET', url: '/login?token=nope', headers: { host } });
    expect(spent.statusCode).toBe(401);
    expect(spent.body).toContain(command);
    await app.close();
    ({ app } = await testApp({ signInCommand: () => `npm run open -- --config-dir '<x>'` }));
    expect((await app.inject({ method: 'GET', url: '/', headers: { host } })).body).toContain('&#39;&lt;x&gt;&#39;');
  });

  it('API answers are never cached either', async () => {
    ({ app } = await testApp());
    const response = await app.inject({ method: 'GET', url: '/api/status', headers: authHeaders });
    expect(response.headers['cache-control']).toBe('no-store');
  });
});
