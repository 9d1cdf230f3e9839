// The issue 13 journey at the HTTP API (the dashboard's version waits for its rewrite): the built daemon, the AWS
// sandbox with IAM Identity Center, the stand-in plugin and a real TLS PostgreSQL behind the RDS name.
// Sign in (the browser comes back to the daemon's own port) → the countdown in GET /api/profiles → a tunnel
// serves queries → on the sandbox's clock the sign-in session ends while the tunnel is open → the next session
// cannot start and the tunnel waits for sign-in on the same port, a client held → sign in again → the same port
// serves that client and the next. No token, code or secret reaches the log or the event stream.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Profile, SignInStart, Tunnel } from '../shared/api.js';
import { openSse } from '../testing/http/sse-client.js';
import { ssoCacheFileName } from './fixtures/aws-env.js';
import { queryAsSuperuser } from './fixtures/pg-query.js';
import { startSsoStack } from './fixtures/sso-stack.js';
import { stackUnavailable, type Stack } from './fixtures/stack.js';
import { pressButton } from './sandbox/sso-test-kit.js';

const unavailable = stackUnavailable();
const SESSION_HOURS = 8;

let stack: Stack;
beforeAll(async () => {
  if (unavailable) return;
  stack = await startSsoStack();
}, 180_000);
afterAll(async () => {
  await stack?.close();
});

async function poll<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
const json = async <T>(path: string, init?: RequestInit): Promise<T> => (await (await stack.daemon.api(path, init)).json()) as T;
const dev = async () => (await json<{ profiles: Profile[] }>('/api/profiles')).profiles.find((profile) => profile.name === 'dev')!;
const tunnel = async (id: string): Promise<Tunnel> => (await json<{ tunnels: Tunnel[] }>('/api/tunnels')).tunnels.find((t) => t.id === id)!;

/** POST login, then the browser: the sandbox's Allow, and the redirect followed to the daemon without any cookie. */
async function signIn(seen: string[]): Promise<void> {
  const started = await json<SignInStart>('/api/profiles/dev/login', { method: 'POST', body: '{}' });
  if (started.flow !== 'auth-code') throw new Error(`expected the browser flow, got ${JSON.stringify(started)}`);
  const location = new URL((await pressButton(started.authorizeUrl, 'allow')).headers.get('location') ?? '');
  expect(location.origin).toBe(stack.daemon.url);
  seen.push(location.searchParams.get('code')!, location.searchParams.get('state')!);
  const page = await fetch(location);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('data-testid="signed-in"');
}

describe.skipIf(unavailable !== undefined)(`signing in and tunnels that wait${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  it('sign in, countdown, expiry with a tunnel open, the tunnel waits on its port, sign in again, the same port serves', async () => {
    const events = await openSse(`${stack.daemon.url}/api/events`, { authorization: `Bearer ${stack.daemon.token}` });
    const secrets: string[] = [];
    try {
      expect((await dev()).login).toMatchObject({
        state: 'signed-out',
        sessionName: 'dev-sso',
        startUrl: stack.sandbox.scenario().sso!.startUrl,
      });
      await signIn(secrets);
      const signedIn = await dev();
      expect(signedIn.login).toMatchObject({ state: 'signed-in', refreshable: true });
      const left = Date.parse(signedIn.login!.expiresAt!) - Date.now();
      expect(left).toBeGreaterThan(50 * 60_000);
      expect(left).toBeLessThanOrEqual(60 * 60_000);

      const created = await json<Tunnel>('/api/tunnels', {
        method: 'POST',
        body: JSON.stringify({ profile: 'dev', region: 'us-east-1', target: { id: 'dev:us-east-1:instance:db-0001' }, lazy: false }),
      });
      const open = await poll('the tunnel open', async () => {
        const current = await tunnel(created.id);
        return /^(open|healthy)$/.test(current.state) ? current : undefined;
      });
      const query = () => queryAsSuperuser(stack.postgres!, 'select 1 as ok', { port: created.localPort });
      expect(await query()).toEqual([{ ok: 1 }]);
      expect((await dev()).credentials).toMatchObject({ renewable: true, expiresAt: expect.any(String) });

      // The sign-in session runs out on the service's clock while the tunnel is open: the open session is not
      // killed, but when it ends (its maximum duration) the next one cannot start.
      stack.sandbox.clock.advance((SESSION_HOURS * 3600 + 60) * 1000);
      expect((await tunnel(created.id)).state).toMatch(/^(open|healthy)$/);
      expect(stack.sandbox.endSession(open.sessionId!, 'Your session has reached its maximum allowed duration.')).toBe(true);
      const waiting = await poll('the tunnel waiting for sign-in', async () => {
        const current = await tunnel(created.id);
        return current.state === 'waiting-for-sign-in' ? current : undefined;
      });
      expect(waiting).toMatchObject({ localPort: created.localPort, reason: expect.stringMatching(/^waiting for sign-in to dev: /) });
      expect(waiting.failedStarts).toBeUndefined();
      await poll('the sign-in marked expired', async () => ((await dev()).login?.state === 'expired' ? true : undefined));

      // A client connects while the tunnel waits: it is held, and served once the sign-in is back.
      const held = query();
      await signIn(secrets);
      expect(await held).toEqual([{ ok: 1 }]);
      const back = await tunnel(created.id);
      expect(back).toMatchObject({ localPort: created.localPort, state: expect.stringMatching(/^(open|healthy)$/) });
      expect(back.sessionId).not.toBe(open.sessionId);
      expect(await query()).toEqual([{ ok: 1 }]);
      expect((await dev()).login?.state).toBe('signed-in');

      const stream = events.messages.map((message) => `${message.event ?? ''} ${message.data ?? ''}`).join('\n');
      expect(stream).toContain('"state":"waiting-for-sign-in"');
      expect(stream).toMatch(/event: ?profile|^profile /m);
      const cache = JSON.parse(await readFile(join(stack.awsEnv.ssoCacheDir, ssoCacheFileName('dev-sso')), 'utf8')) as Record<
        string,
        string
      >;
      for (const key of ['accessToken', 'refreshToken', 'clientSecret']) secrets.push(cache[key]!);
      const said = `${stream}\n${stack.daemon.stderr()}`;
      for (const secret of secrets) expect(said.includes(secret), 'a secret in the log or the events').toBe(false);
      // Nothing the user cannot act on: the AWS SDK's Node-version notice (on Node 20) is for Porthole's maintainers.
      expect(stack.daemon.stderr()).not.toContain('NodeVersionSupportWarning');
    } finally {
      events.close();
    }
  }, 180_000);
});
