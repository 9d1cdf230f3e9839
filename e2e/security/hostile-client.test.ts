// A local attacker without the token, against the real daemon over raw sockets: every /api route, under
// every spelling of its request target, must refuse. And with the token, input that is not exactly
// right must never reach config.json.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { concretePath, rawRequest, SAVED_TUNNEL_ID, startHostileTarget, type HostileTarget, type RawAnswer } from './hostile-kit.js';

let target: HostileTarget;
beforeAll(async () => {
  target = await startHostileTarget();
});
afterAll(async () => {
  await target?.close();
});

/** Each spelling of an /api path: how a router might still find the route, with what must come back. */
function spellings(path: string, port: number): { target: string; expect: number[] }[] {
  const rest = path.slice('/api'.length);
  const refused = [400, 401, 404];
  return [
    { target: path, expect: [401] },
    { target: `/%61pi${rest}`, expect: refused },
    { target: `/a%70i${rest}`, expect: refused },
    { target: `/ap%69${rest}`, expect: refused },
    { target: `/%61%70%69${rest}`, expect: refused },
    { target: `/%2561pi${rest}`, expect: refused },
    { target: `%2Fapi${rest}`, expect: [400] },
    { target: `/api${rest.replace('/', '%2F')}`, expect: refused },
    { target: `http://x${path}`, expect: [400] },
    { target: `http://evil.example:${port}${path}`, expect: [400] },
    { target: `https://127.0.0.1:${port}${path}`, expect: [400] },
    { target: `http://user:pw@127.0.0.1:${port}${path}`, expect: [400] },
    { target: `http://127.0.0.1:${port}${path}`, expect: [401] },
    { target: `http://localhost:${port}${path}`, expect: [401] },
    { target: `/x/..${path}`, expect: refused },
    { target: `/./api${rest}`, expect: refused },
    { target: `/api/.${rest}`, expect: refused },
    { target: `/api/%2e${rest}`, expect: refused },
    { target: `/%2e%2e${path}`, expect: refused },
    { target: `/${path}`, expect: refused },
    { target: `/api/${rest}`, expect: refused },
    { target: `${path}/`, expect: refused },
    { target: `${path}?token=${'x'.repeat(10)}`, expect: [401] },
    { target: `${path};`, expect: refused },
    { target: '*', expect: [400] },
  ];
}

function assertRefusal(answer: RawAnswer, allowed: number[], label: string): void {
  expect(allowed, `${label} → ${answer.status} ${answer.body.slice(0, 160)}`).toContain(answer.status);
  expect(answer.body).not.toContain(target.token);
  expect(answer.body).not.toContain(target.configDir);
  expect(answer.body).not.toMatch(/\bat .+:\d+:\d+\)?/); // no stack frame
}

describe('without the token, every /api route refuses under every spelling', () => {
  it('the daemon serves the routes under test (positive control with the token)', async () => {
    const apiRoutes = target.routes.filter((route) => route.url.startsWith('/api'));
    expect(apiRoutes.length).toBeGreaterThan(20);
    const ok = await rawRequest(target.port, `GET /api/status HTTP/1.1\r\nHost: ${target.host}\r\nAuthorization: Bearer ${target.token}`);
    expect(ok.status).toBe(200);
    expect(ok.body).toContain('"version"');
  });

  it('every route registered outside /api is one the design makes public', () => {
    const publicUrls = new Set(
      target.routes.filter((route) => !route.url.startsWith('/api')).map((route) => route.url.replace(/^\/assets\/.*/, '/assets/*')),
    );
    // /oauth/callback: where IAM Identity Center sends the browser back; guarded by the sign-in's one-time state.
    const expected = new Set(['/login', '/', '/favicon.svg', '/assets/*', '/oauth/callback']);
    for (const url of publicUrls) expect(expected, url).toContain(url);
  });

  it('percent-encoding, absolute-form, dot segments and double slashes all fail', { timeout: 120_000 }, async () => {
    const apiRoutes = target.routes.filter((route) => route.url.startsWith('/api'));
    let checked = 0;
    for (const route of apiRoutes) {
      const path = concretePath(route.url);
      for (const spelling of spellings(path, target.port)) {
        const answer = await rawRequest(
          target.port,
          `${route.method} ${spelling.target} HTTP/1.1\r\nHost: ${target.host}\r\nContent-Type: application/json`,
          route.method === 'GET' || route.method === 'HEAD' ? '' : '{}',
        );
        assertRefusal(answer, spelling.expect, `${route.method} ${spelling.target}`);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(apiRoutes.length * 20);
  });

  it('two Host headers are refused, whichever comes first', async () => {
    for (const hosts of [
      [target.host, 'evil.example'],
      ['evil.example', target.host],
      [target.host, target.host],
    ]) {
      const answer = await rawRequest(
        target.port,
        `GET /api/status HTTP/1.1\r\nHost: ${hosts[0]}\r\nHost: ${hosts[1]}\r\nAuthorization: Bearer ${target.token}`,
      );
      assertRefusal(answer, [400], `Host ${hosts.join(' + ')}`);
      expect(answer.body).toContain('DUPLICATE_HOST');
    }
  });

  it('a foreign Host is refused even with the token', async () => {
    const answer = await rawRequest(
      target.port,
      `GET /api/status HTTP/1.1\r\nHost: evil.example:${target.port}\r\nAuthorization: Bearer ${target.token}`,
    );
    assertRefusal(answer, [403], 'foreign Host');
  });

  it('a login link cannot be minted, and /login gives no session for the token or a guess', async () => {
    const mint = await rawRequest(
      target.port,
      `POST /%61pi/login-links HTTP/1.1\r\nHost: ${target.host}\r\nContent-Type: application/json`,
      '{}',
    );
    assertRefusal(mint, [401], 'mint a link');
    for (const guess of [target.token, 'x'.repeat(32)]) {
      const login = await rawRequest(target.port, `GET /login?token=${guess} HTTP/1.1\r\nHost: ${target.host}`);
      expect(login.status).toBe(401);
      expect(login.headers.toLowerCase()).not.toContain('set-cookie');
    }
  });
});

describe('the public sign-in callback', () => {
  it('answers a guessed or replayed state with a page, signs nobody in, sets no cookie and echoes nothing', async () => {
    for (const query of ['code=x&state=guess', 'state=', 'error=access_denied&state=<script>alert(1)</script>', 'code=x&state=y&token=z']) {
      const answer = await rawRequest(target.port, `GET /oauth/callback?${query} HTTP/1.1\r\nHost: ${target.host}`);
      expect(answer.status, query).toBe(400);
      expect(answer.headers.toLowerCase()).not.toContain('set-cookie');
      expect(answer.body).not.toContain('<script>');
      expect(answer.body).not.toContain(target.token);
    }
    // A cross-site POST to it is no route at all.
    const post = await rawRequest(
      target.port,
      `POST /oauth/callback HTTP/1.1\r\nHost: ${target.host}\r\nContent-Type: application/json`,
      '{}',
    );
    expect(post.status).toBe(404);
  });
});

describe('with the token, bad tunnel input never reaches config.json', () => {
  const base = { profile: 'dev', region: 'eu-west-1', target: { id: 'dev:eu-west-1:instance:orders' } };
  const bad: [string, unknown][] = [
    ['jumpHostId', { ...base, jumpHostId: '../../etc/passwd' }],
    ['profile', { ...base, profile: '../../etc' }],
    ['localPort', { ...base, localPort: '5432' }],
    ['localPort', { ...base, localPort: [5432] }],
    ['localPort', { ...base, localPort: true }],
    ['localPort', { ...base, localPort: 1 }],
    ['localPort', { ...base, localPort: 80 }],
    ['target.name', { ...base, target: { host: 'db.internal', port: 5432, name: 'x\u001b[31m' }, jumpHostId: 'i-0123456789abcdef0' }],
    ['region', { ...base, region: 'eu-west-1\r\nX-Injected: 1' }],
  ];

  it.each(bad)('%s: 400 naming the field, config.json unchanged byte for byte', async (field, body) => {
    const before = await target.configText();
    const answer = await rawRequest(
      target.port,
      `POST /api/tunnels HTTP/1.1\r\nHost: ${target.host}\r\nAuthorization: Bearer ${target.token}\r\nContent-Type: application/json`,
      JSON.stringify(body),
    );
    expect(answer.status, answer.body).toBe(400);
    expect(JSON.parse(answer.body).error).toMatchObject({ code: 'VALIDATION_FAILED', field });
    expect(await target.configText()).toBe(before);
    expect(await target.configText()).toContain(SAVED_TUNNEL_ID);
  });
});
