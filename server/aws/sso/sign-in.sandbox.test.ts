// Both sign-in flows against the sandbox's IAM Identity Center through the daemon's own routes: the
// authorization code + PKCE coming back on /oauth/callback (public, guarded by `state`), the device code approved
// on the sandbox's page, renewal before asking, the registration reused, and what reaches the shared cache,
// the event stream and the log (never a token, code or secret).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Profile, SignInStart } from '../../../shared/api.js';
import { pressButton } from '../../../e2e/sandbox/sso-test-kit.js';
import { startSsoWorld, secretsIn, type SsoWorld } from '../../../testing/aws/sso-world.js';
import { authHeaders, testApp, TEST_PORT } from '../../../testing/http/test-app.js';
import { waitFor } from '../../../testing/tunnels/helpers.js';
import { AwsClients } from '../clients.js';
import { ProfileService } from '../profile-service.js';
import { registrationFileName } from './registration-file.js';
import { tokenFilePath } from './token-file.js';

const CLI_FILE =
  /^\{"startUrl": "[^"]+", "region": "eu-west-1", "accessToken": "aoa[^"]+", "expiresAt": "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", "clientId": "[^"]+", "clientSecret": "[^"]+", "registrationExpiresAt": "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"(, "refreshToken": "aor[^"]+")?\}$/;

let world: SsoWorld;
let app: FastifyInstance;

beforeEach(async () => {
  world = await startSsoWorld({ callbackUrl: `http://127.0.0.1:${TEST_PORT}/oauth/callback` });
  const aws = new AwsClients({ env: world.env, maxAttempts: 1, configFileFor: (name) => world.accounts.configFileFor(name) });
  const profiles = new ProfileService({
    aws,
    config: world.config,
    env: world.env,
    signIn: world.signIn,
    accounts: world.accounts,
    bus: world.bus,
  });
  ({ app } = await testApp({ bus: world.bus, services: { profiles, signIn: world.signIn, ssoAccounts: world.accountService } }));
  await app.ready();
});
afterEach(async () => {
  await app.close();
  await world.close();
});

const login = async (profile: string, body: object = {}) => {
  const response = await app.inject({ method: 'POST', url: `/api/profiles/${profile}/login`, headers: authHeaders, payload: body });
  return { status: response.statusCode, body: response.json<SignInStart & { error?: { code: string } }>() };
};
const profileNamed = async (name: string): Promise<Profile> => {
  const response = await app.inject({ method: 'GET', url: '/api/profiles', headers: authHeaders });
  return response.json<{ profiles: Profile[] }>().profiles.find((profile) => profile.name === name)!;
};
/** The browser: loads /authorize, presses the button, and follows the redirect to the daemon without its cookie. */
async function browser(authorizeUrl: string, decision: 'allow' | 'deny' = 'allow') {
  const redirect = await pressButton(authorizeUrl, decision);
  const location = new URL(redirect.headers.get('location') ?? '');
  expect(location.origin).toBe(`http://127.0.0.1:${TEST_PORT}`);
  const page = await app.inject({
    method: 'GET',
    url: `${location.pathname}${location.search}`,
    headers: { host: `127.0.0.1:${TEST_PORT}` },
  });
  return { location, page };
}
const readJson = async (path: string) => JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;

describe('sign-in from the dashboard (issue 13)', () => {
  it('authorization code + PKCE: the CLI’s URL, back on /oauth/callback, the token written as the CLI writes it', async () => {
    expect((await profileNamed('dev')).login).toMatchObject({ state: 'signed-out', sessionName: 'porthole', refreshable: false });
    const started = await login('dev');
    expect(started.status).toBe(200);
    if (started.body.flow !== 'auth-code') throw new Error(`expected the auth-code flow, got ${started.body.flow}`);
    const url = new URL(started.body.authorizeUrl);
    expect(`${url.origin}${url.pathname}`).toBe(`${world.sandbox.url}/authorize`);
    expect([...url.searchParams.keys()]).toEqual([
      'response_type',
      'client_id',
      'redirect_uri',
      'state',
      'code_challenge_method',
      'scopes',
      'code_challenge',
    ]);
    expect(url.searchParams.get('redirect_uri')).toBe(`http://127.0.0.1:${TEST_PORT}/oauth/callback`);
    expect(url.searchParams.get('scopes')).toBe('sso:account:access');
    expect((await profileNamed('dev')).login).toMatchObject({ state: 'signing-in', flow: 'auth-code' });

    const { location, page } = await browser(started.body.authorizeUrl);
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('data-testid="signed-in"');
    const file = tokenFilePath(world.env, 'porthole');
    const text = await readFile(file, 'utf8');
    expect(text).toMatch(CLI_FILE);
    const token = JSON.parse(text) as Record<string, string>;
    expect(token.refreshToken).toMatch(/^aor/);
    const registration = await readJson(
      join(
        world.home,
        '.aws',
        'sso',
        'cache',
        registrationFileName({
          cacheId: 'porthole',
          sessionName: 'porthole',
          startUrl: world.sso.startUrl,
          region: world.sso.region,
          scopes: ['sso:account:access'],
        }),
      ),
    );
    expect(registration).toMatchObject({
      clientId: token.clientId,
      grantTypes: ['authorization_code', 'refresh_token'],
      scopes: ['sso:account:access'],
    });
    expect(world.sandbox.calls({ service: 'sso-oidc', op: 'RegisterClient' })[0]?.params).toMatchObject({
      clientType: 'public',
      grantTypes: ['authorization_code', 'refresh_token'],
      redirectUris: ['http://127.0.0.1/oauth/callback'],
      issuerUrl: world.sso.startUrl,
      scopes: ['sso:account:access'],
    });

    const dev = await profileNamed('dev');
    expect(dev.login).toMatchObject({
      state: 'signed-in',
      refreshable: true,
      expiresAt: new Date(Date.parse(token.expiresAt!)).toISOString(),
    });
    expect(Date.parse(dev.login!.expiresAt!)).toBeGreaterThan(Date.now() + 50 * 60_000);
    // The same page again: the state was used once and is gone.
    const replay = await app.inject({
      method: 'GET',
      url: `${location.pathname}${location.search}`,
      headers: { host: `127.0.0.1:${TEST_PORT}` },
    });
    expect(replay.statusCode).toBe(400);
    expect(replay.body).toContain('data-testid="sign-in-failed"');

    const kinds = world.events
      .filter((event) => event.profile === 'dev')
      .map((event) => `${event.kind}:${event.outcome ?? event.login?.state}`);
    expect(kinds).toEqual(expect.arrayContaining(['sign-in:started', 'sign-in:signed-in', 'login:signed-in']));
    const said = JSON.stringify(world.events) + world.logs.join('\n');
    for (const secret of [...secretsIn(token, registration), location.searchParams.get('code')!, location.searchParams.get('state')!]) {
      expect(said).not.toContain(secret);
    }
  });

  it('a forged or stale state signs nobody in and leaves the real sign-in waiting; a denial is reported', async () => {
    const started = await login('dev');
    if (started.body.flow !== 'auth-code') throw new Error('expected the auth-code flow');
    const forged = await app.inject({
      method: 'GET',
      url: '/oauth/callback?code=abc&state=guess',
      headers: { host: `127.0.0.1:${TEST_PORT}` },
    });
    expect(forged.statusCode).toBe(400);
    expect(forged.body).not.toContain('<script');
    expect((await profileNamed('dev')).login?.state).toBe('signing-in');
    const extra = await app.inject({
      method: 'GET',
      url: '/oauth/callback?code=abc&state=x&evil=1',
      headers: { host: `127.0.0.1:${TEST_PORT}` },
    });
    expect(extra.statusCode).toBe(400);

    const { page } = await browser(started.body.authorizeUrl, 'deny');
    expect(page.statusCode).toBe(403);
    expect(page.body).toContain('denied');
    expect(world.events.at(-1)).toMatchObject({ profile: 'dev', kind: 'sign-in', outcome: 'failed', error: { code: 'SIGN_IN_DENIED' } });
    expect((await profileNamed('dev')).login?.state).toBe('signed-out');
  });

  it('signing in again renews with the refresh token instead of asking; a new browser sign-in reuses the registration', async () => {
    const first = await login('dev');
    if (first.body.flow !== 'auth-code') throw new Error('expected the auth-code flow');
    await browser(first.body.authorizeUrl);
    const before = await readJson(tokenFilePath(world.env, 'porthole'));
    world.sandbox.clearCalls();
    const again = await login('dev');
    expect(again.body).toMatchObject({ flow: 'refreshed', expiresAt: expect.any(String) });
    expect(world.sandbox.calls().map((call) => `${call.op} ${String(call.params.grantType ?? '')}`.trim())).toEqual([
      'CreateToken refresh_token',
    ]);
    const after = await readJson(tokenFilePath(world.env, 'porthole'));
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(after).toMatchObject({ clientId: before.clientId, registrationExpiresAt: before.registrationExpiresAt });

    world.sandbox.sso.revokeSessions();
    world.sandbox.clearCalls();
    const asked = await login('dev');
    expect(asked.body.flow).toBe('auth-code');
    expect(world.sandbox.calls({ op: 'RegisterClient' })).toEqual([]);
  });

  it('device code: a legacy profile gets it by default; approved on the sandbox page, the file is named after the start URL', async () => {
    const started = await login('legacy');
    if (started.body.flow !== 'device') throw new Error(`expected the device flow, got ${started.body.flow}`);
    expect(started.body).toMatchObject({
      verificationUri: `${world.sandbox.url}/device`,
      verificationUriComplete: expect.stringContaining(encodeURIComponent(started.body.userCode)),
      userCode: expect.stringMatching(/^[A-Z]{4}-[A-Z]{4}$/),
    });
    expect(world.sandbox.sso.approveDevice(started.body.userCode)).toBe(true);
    await waitFor(
      () => world.events.some((event) => event.profile === 'legacy' && event.outcome === 'signed-in'),
      15_000,
      'the device sign-in',
    );
    const file = await readFile(tokenFilePath(world.env, world.sso.startUrl), 'utf8');
    const token = JSON.parse(file) as Record<string, string>;
    // No registration scopes are configured for a legacy profile: a single token for the whole session (as the CLI gets).
    expect(token.refreshToken).toBeUndefined();
    expect(file).toMatch(CLI_FILE);
    expect((await profileNamed('legacy')).login).toMatchObject({ state: 'signed-in', refreshable: false });
    expect(world.sandbox.calls({ op: 'StartDeviceAuthorization' })).toHaveLength(1);
    expect(JSON.stringify(world.events)).not.toContain(token.accessToken);
  });

  it('device code on request for an sso-session profile, and clear answers for what cannot sign in', async () => {
    const started = await login('dev', { flow: 'device' });
    if (started.body.flow !== 'device') throw new Error('expected the device flow');
    await pressButton(started.body.verificationUriComplete, 'allow');
    await waitFor(
      () => world.events.some((event) => event.profile === 'dev' && event.outcome === 'signed-in'),
      15_000,
      'the device sign-in',
    );
    expect((await profileNamed('dev')).login).toMatchObject({ state: 'signed-in', refreshable: true });

    expect(await login('keys')).toMatchObject({ status: 409, body: { error: { code: 'NOT_SSO_PROFILE' } } });
    expect(await login('nobody')).toMatchObject({ status: 404, body: { error: { code: 'PROFILE_NOT_FOUND' } } });
    expect(await login('dev', { flow: 'password' })).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_FAILED' } } });
    expect(await login('dev', { flow: 'device', extra: 1 })).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_FAILED' } } });
    const anonymous = await app.inject({
      method: 'POST',
      url: '/api/profiles/dev/login',
      headers: { host: `127.0.0.1:${TEST_PORT}` },
      payload: {},
    });
    expect(anonymous.statusCode).toBe(401);
  });
});
