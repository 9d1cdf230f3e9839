// SSO OIDC through the real @aws-sdk/client-sso-oidc: registration, the device-code grant (pending, slow
// down, approve, deny, expiry), the authorization-code grant with PKCE, and the refresh-token grant.
import { CreateTokenCommand, RegisterClientCommand, StartDeviceAuthorizationCommand, type SSOOIDCClient } from '@aws-sdk/client-sso-oidc';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ssoScenario } from './scenario-builder.js';
import { startSandbox, type Sandbox } from './server.js';
import {
  authCodeLogin,
  authorizeUrl,
  CLI_REDIRECT,
  DEVICE_GRANT,
  pkcePair,
  pressButton,
  registerAuthCode,
  registerDevice,
  type Registration,
} from './sso-test-kit.js';
import { ssoClients } from './test-clients.js';

const sso = ssoScenario({ pollIntervalSeconds: 60, lifetimes: { accessToken: 900, session: 3600, deviceCode: 600 } });
let sb: Sandbox;
let oidc: SSOOIDCClient;

beforeAll(async () => {
  sb = await startSandbox({ accounts: {}, sso });
  oidc = ssoClients(sb.url, sso.region).oidc;
});
afterAll(async () => {
  await sb.close();
});
beforeEach(() => {
  sb.patchScenario({ sso, faults: [] });
});

async function failure(p: Promise<unknown>): Promise<{ name: string; status: number | undefined; error?: string }> {
  try {
    await p;
  } catch (e) {
    const err = e as { name: string; $metadata?: { httpStatusCode?: number }; error?: string };
    return { name: err.name, status: err.$metadata?.httpStatusCode, ...(err.error ? { error: err.error } : {}) };
  }
  throw new Error('expected the call to fail');
}

const poll = (reg: Registration, deviceCode: string) =>
  oidc.send(new CreateTokenCommand({ clientId: reg.clientId, clientSecret: reg.clientSecret, grantType: DEVICE_GRANT, deviceCode }));

describe('RegisterClient', () => {
  it('registers a public client for 90 days', async () => {
    const res = await oidc.send(new RegisterClientCommand({ clientName: 'botocore-client-porthole', clientType: 'public' }));
    expect(res.clientId).toMatch(/^[\w-]{20,}$/);
    expect(res.clientSecret!.length).toBeGreaterThan(100);
    expect(res.clientSecretExpiresAt! - res.clientIdIssuedAt!).toBe(7_776_000);
    expect(Math.abs(res.clientIdIssuedAt! - Date.now() / 1000)).toBeLessThan(120);
  });

  it('refuses a confidential client, an auth-code client without redirect URIs and a non-loopback http redirect', async () => {
    const send = (input: Record<string, unknown>) =>
      failure(oidc.send(new RegisterClientCommand({ clientName: 'x', clientType: 'public', ...input })));
    expect(await send({ clientType: 'confidential' })).toMatchObject({ name: 'InvalidClientMetadataException', status: 400 });
    expect(await send({ grantTypes: ['authorization_code'] })).toMatchObject({ name: 'InvalidRedirectUriException' });
    expect(await send({ grantTypes: ['authorization_code'], redirectUris: ['http://evil.example/cb'] })).toMatchObject({
      name: 'InvalidRedirectUriException',
    });
    expect(await send({ scopes: ['not a scope'] })).toMatchObject({ name: 'InvalidScopeException' });
  });
});

describe('device code grant', () => {
  it('pending, too fast, approved on the verification page, then the token once', async () => {
    const reg = await registerDevice(oidc, ['sso:account:access']);
    const auth = await oidc.send(new StartDeviceAuthorizationCommand({ ...reg, startUrl: sso.startUrl }));
    expect(auth).toMatchObject({ expiresIn: 600, interval: 60, userCode: expect.stringMatching(/^[A-Z]{4}-[A-Z]{4}$/) });
    expect(auth.verificationUriComplete).toBe(`${sb.url}/device?user_code=${auth.userCode}`);
    expect(await failure(poll(reg, auth.deviceCode!))).toEqual({
      name: 'AuthorizationPendingException',
      status: 400,
      error: 'authorization_pending',
    });
    expect(await failure(poll(reg, auth.deviceCode!))).toMatchObject({ name: 'SlowDownException', error: 'slow_down' });
    const page = await fetch(auth.verificationUriComplete!);
    expect(await page.text()).toContain(`<code>${auth.userCode}</code>`);
    expect((await pressButton(auth.verificationUriComplete!, 'allow')).status).toBe(200);
    const token = await poll(reg, auth.deviceCode!);
    expect(token).toMatchObject({ tokenType: 'Bearer', expiresIn: 900, accessToken: expect.stringMatching(/^aoa/) });
    expect(token.refreshToken).toMatch(/^aor/);
    expect(await failure(poll(reg, auth.deviceCode!))).toMatchObject({ name: 'InvalidGrantException', error: 'invalid_grant' });
  });

  it('the verification page without a code takes a typed one; the control API approves too', async () => {
    const reg = await registerDevice(oidc);
    const typed = await oidc.send(new StartDeviceAuthorizationCommand({ ...reg, startUrl: sso.startUrl }));
    expect((await pressButton(`${sb.url}/device`, 'allow', { user_code: typed.userCode!.toLowerCase() })).status).toBe(200);
    expect((await poll(reg, typed.deviceCode!)).accessToken).toBeDefined();
    const api = await oidc.send(new StartDeviceAuthorizationCommand({ ...reg, startUrl: sso.startUrl }));
    const res = await fetch(`${sb.url}/_sandbox/sso/approve`, { method: 'POST', body: JSON.stringify({ userCode: api.userCode }) });
    expect(await res.json()).toEqual({ approved: true });
    expect((await poll(reg, api.deviceCode!)).accessToken).toBeDefined();
  });

  it('a denied code is AccessDenied; an expired one ExpiredToken; a wrong secret InvalidClient (401)', async () => {
    const reg = await registerDevice(oidc);
    const denied = await oidc.send(new StartDeviceAuthorizationCommand({ ...reg, startUrl: sso.startUrl }));
    expect((await pressButton(denied.verificationUriComplete!, 'deny')).status).toBe(200);
    expect(await failure(poll(reg, denied.deviceCode!))).toMatchObject({ name: 'AccessDeniedException' });
    const late = await oidc.send(new StartDeviceAuthorizationCommand({ ...reg, startUrl: sso.startUrl }));
    sb.clock.advance(601_000);
    expect(await failure(poll(reg, late.deviceCode!))).toMatchObject({ name: 'ExpiredTokenException', error: 'expired_token' });
    expect(sb.sso.approveDevice(late.userCode!)).toBe(false);
    expect((await pressButton(`${sb.url}/device`, 'allow', { user_code: late.userCode! })).status).toBe(400);
    const wrong = oidc.send(new StartDeviceAuthorizationCommand({ clientId: reg.clientId, clientSecret: 'nope', startUrl: sso.startUrl }));
    expect(await failure(wrong)).toEqual({ name: 'InvalidClientException', status: 401, error: 'invalid_client' });
    expect(
      await failure(oidc.send(new StartDeviceAuthorizationCommand({ ...reg, startUrl: 'https://other.awsapps.com/start' }))),
    ).toMatchObject({
      name: 'InvalidRequestException',
    });
  });

  it('a registration without scopes is the legacy login: one token for the whole session, no refresh token', async () => {
    sb.patchScenario({ sso: { ...sso, autoApprove: true } });
    const reg = await registerDevice(oidc);
    const auth = await oidc.send(new StartDeviceAuthorizationCommand({ ...reg, startUrl: sso.startUrl }));
    const token = await poll(reg, auth.deviceCode!);
    expect(token.refreshToken).toBeUndefined();
    expect(token.expiresIn).toBe(3600);
  });
});

describe('authorization code grant with PKCE', () => {
  it('the page redirects to the loopback redirect_uri with code and state; the code needs its verifier', async () => {
    const reg = await registerAuthCode(oidc, sso.startUrl);
    const { verifier, challenge } = pkcePair();
    const redirectUri = 'http://127.0.0.1:51234/oauth/callback';
    const state = randomUUID();
    const url = authorizeUrl(sb.url, reg.clientId, redirectUri, state, challenge);
    const page = await (await fetch(url)).text();
    expect(page).toContain('botocore-client-porthole');
    expect(page).toContain('>Allow</button>');
    const res = await pressButton(url, 'allow');
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(redirectUri);
    expect(location.searchParams.get('state')).toBe(state);
    const code = location.searchParams.get('code')!;
    const redeem = (over: Record<string, string>) =>
      oidc.send(new CreateTokenCommand({ ...reg, grantType: 'authorization_code', code, redirectUri, codeVerifier: verifier, ...over }));
    expect(await failure(redeem({ codeVerifier: pkcePair().verifier }))).toMatchObject({ name: 'InvalidGrantException' });
    expect(await failure(redeem({ redirectUri: CLI_REDIRECT }))).toMatchObject({ name: 'InvalidGrantException' });
    const token = await redeem({});
    expect(token).toMatchObject({ tokenType: 'Bearer', expiresIn: 900, refreshToken: expect.stringMatching(/^aor/) });
    expect(await failure(redeem({}))).toMatchObject({ name: 'InvalidGrantException' });
  });

  it('deny redirects with error=access_denied; a bad request shows an error page; a device client may not use it', async () => {
    const reg = await registerAuthCode(oidc, sso.startUrl);
    const { challenge } = pkcePair();
    const url = authorizeUrl(sb.url, reg.clientId, 'http://127.0.0.1:51234/oauth/callback', 's1', challenge);
    const denied = new URL((await pressButton(url, 'deny')).headers.get('location')!);
    expect([denied.searchParams.get('error'), denied.searchParams.get('state')]).toEqual(['access_denied', 's1']);
    expect((await fetch(url.replace('127.0.0.1%3A51234', 'evil.example'))).status).toBe(400);
    expect((await fetch(url.replace('code_challenge_method=S256', 'code_challenge_method=plain'))).status).toBe(400);
    const viaApi = await fetch(`${sb.url}/_sandbox/sso/authorize`, { method: 'POST', body: JSON.stringify({ url }) });
    const { location } = (await viaApi.json()) as { location: string };
    expect(new URL(location).searchParams.get('code')).toMatch(/^[\w-]{43}$/);
    const bad = await fetch(`${sb.url}/_sandbox/sso/authorize`, {
      method: 'POST',
      body: JSON.stringify({ url: `${sb.url}/authorize?client_id=x` }),
    });
    expect(bad.status).toBe(400);
    const device = await registerDevice(oidc);
    const grant = oidc.send(
      new CreateTokenCommand({ ...device, grantType: 'authorization_code', code: 'x', redirectUri: CLI_REDIRECT, codeVerifier: 'v' }),
    );
    expect(await failure(grant)).toMatchObject({ name: 'UnauthorizedClientException' });
    expect(await failure(oidc.send(new CreateTokenCommand({ ...device, grantType: 'password' })))).toMatchObject({
      name: 'UnsupportedGrantTypeException',
    });
  });
});

describe('refresh token grant', () => {
  it('refreshes until the session ends, then ExpiredToken', async () => {
    const { reg, tokens } = await authCodeLogin(oidc, sb.url, sso.startUrl);
    const refresh = (refreshToken: string) => oidc.send(new CreateTokenCommand({ ...reg, grantType: 'refresh_token', refreshToken }));
    const next = await refresh(tokens.refreshToken!);
    expect(next.accessToken).not.toBe(tokens.accessToken);
    expect(next.refreshToken).toMatch(/^aor/);
    sb.clock.advance(3000 * 1000);
    expect((await refresh(next.refreshToken!)).expiresIn).toBeLessThanOrEqual(600);
    sb.clock.advance(601_000);
    expect(await failure(refresh(next.refreshToken!))).toMatchObject({ name: 'ExpiredTokenException' });
  });

  it('with rotation a used refresh token is refused; a revoked session refuses them all', async () => {
    sb.patchScenario({ sso: { ...sso, rotateRefreshTokens: true } });
    const { reg, tokens } = await authCodeLogin(oidc, sb.url, sso.startUrl);
    const refresh = (refreshToken: string) => oidc.send(new CreateTokenCommand({ ...reg, grantType: 'refresh_token', refreshToken }));
    const next = await refresh(tokens.refreshToken!);
    expect(await failure(refresh(tokens.refreshToken!))).toMatchObject({ name: 'InvalidGrantException' });
    const revoked = await fetch(`${sb.url}/_sandbox/sso/revoke`, { method: 'POST' });
    expect(((await revoked.json()) as { revoked: number }).revoked).toBeGreaterThan(0);
    expect(await failure(refresh(next.refreshToken!))).toMatchObject({ name: 'InvalidGrantException' });
  });

  it('records calls without their secrets, and faults apply', async () => {
    sb.clearCalls();
    sb.addFault({ service: 'sso-oidc', op: 'RegisterClient', kind: 'throttle', times: 1 });
    expect(await failure(registerDevice(oidc))).toMatchObject({ name: 'SlowDownException' });
    const reg = await registerDevice(oidc);
    await failure(oidc.send(new CreateTokenCommand({ ...reg, grantType: 'refresh_token', refreshToken: 'aorSECRET' })));
    const calls = sb.calls({ service: 'sso-oidc' });
    expect(calls.map((c) => `${c.op} ${c.errorCode ?? c.status}`)).toEqual([
      'RegisterClient SlowDownException',
      'RegisterClient 200',
      'CreateToken InvalidGrantException',
    ]);
    expect(JSON.stringify(calls)).not.toContain('aorSECRET');
    expect(JSON.stringify(calls)).not.toContain(reg.clientSecret);
  });
});
