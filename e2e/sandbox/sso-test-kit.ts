// Test helpers for IAM Identity Center against the sandbox: the two sign-in flows exactly as the AWS CLI v2
// runs them (through the real @aws-sdk/client-sso-oidc), a fetch-driven "browser" for the sign-in pages, and
// the token cache file in the CLI's format (docs/sso-facts.md). Test kit only: production code never imports it.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CreateTokenCommand, RegisterClientCommand, StartDeviceAuthorizationCommand, type SSOOIDCClient } from '@aws-sdk/client-sso-oidc';

export const CLI_REDIRECT = 'http://127.0.0.1/oauth/callback';
export const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

export interface Registration {
  clientId: string;
  clientSecret: string;
  /** Seconds since the epoch. */
  clientSecretExpiresAt: number;
}

export interface Tokens {
  accessToken: string;
  expiresIn: number;
  refreshToken?: string;
}

/** The device flow's registration (botocore SSOTokenFetcher._register_client); scopes make it refreshable. */
export async function registerDevice(oidc: SSOOIDCClient, scopes?: string[]): Promise<Registration> {
  const r = await oidc.send(
    new RegisterClientCommand({ clientName: 'botocore-client-porthole', clientType: 'public', ...(scopes ? { scopes } : {}) }),
  );
  return { clientId: r.clientId!, clientSecret: r.clientSecret!, clientSecretExpiresAt: r.clientSecretExpiresAt! };
}

/** The authorization-code flow's registration (botocore SSOTokenFetcherAuth._register_client). */
export async function registerAuthCode(oidc: SSOOIDCClient, issuerUrl: string, scopes = ['sso:account:access']): Promise<Registration> {
  const r = await oidc.send(
    new RegisterClientCommand({
      clientName: 'botocore-client-porthole',
      clientType: 'public',
      grantTypes: ['authorization_code', 'refresh_token'],
      redirectUris: [CLI_REDIRECT],
      issuerUrl,
      scopes,
    }),
  );
  return { clientId: r.clientId!, clientSecret: r.clientSecret!, clientSecretExpiresAt: r.clientSecretExpiresAt! };
}

/** A PKCE pair as the CLI makes it: 64 unreserved characters, S256 challenge without padding. */
export function pkcePair(): { verifier: string; challenge: string } {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~';
  const verifier = [...randomBytes(64)].map((b) => alphabet[b % alphabet.length]).join('');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** The /authorize URL with the CLI's query parameters (botocore SSOTokenFetcherAuth._get_authorization_uri). */
export function authorizeUrl(
  base: string,
  clientId: string,
  redirectUri: string,
  state: string,
  challenge: string,
  scopes = 'sso:account:access',
): string {
  const q = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: redirectUri,
    state,
    code_challenge_method: 'S256',
    scopes,
  });
  return `${base}/authorize?${q.toString()}&code_challenge=${challenge}`;
}

/** A "browser": loads a sign-in page, and submits its form with the button pressed (redirects not followed). */
export async function pressButton(pageUrl: string, decision: 'allow' | 'deny', fill: Record<string, string> = {}): Promise<Response> {
  const page = await fetch(pageUrl, { redirect: 'manual' });
  if (page.status === 302) return page; // autoApprove: /authorize redirects at once
  if (page.status !== 200) throw new Error(`${pageUrl} answered ${page.status}: ${await page.text()}`);
  const html = await page.text();
  const action = html.match(/<form method="post" action="([^"]+)"/)?.[1];
  if (!action) throw new Error(`no form on ${pageUrl}`);
  const fields = new URLSearchParams();
  for (const m of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) fields.append(unescape(m[1]!), unescape(m[2]!));
  for (const [k, v] of Object.entries(fill)) fields.set(k, v);
  fields.set('decision', decision);
  return fetch(new URL(action, pageUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: fields.toString(),
    redirect: 'manual',
  });
}

function unescape(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The whole authorization-code + PKCE sign-in, the browser step done by pressButton(). */
export async function authCodeLogin(
  oidc: SSOOIDCClient,
  sandboxUrl: string,
  startUrl: string,
): Promise<{ reg: Registration; tokens: Tokens }> {
  const reg = await registerAuthCode(oidc, startUrl);
  const { verifier, challenge } = pkcePair();
  const redirectUri = 'http://127.0.0.1:49152/oauth/callback';
  const state = randomUUID();
  const res = await pressButton(authorizeUrl(sandboxUrl, reg.clientId, redirectUri, state, challenge), 'allow');
  const location = new URL(res.headers.get('location') ?? '');
  if (location.searchParams.get('state') !== state) throw new Error(`state mismatch in ${location.toString()}`);
  const t = await oidc.send(
    new CreateTokenCommand({
      clientId: reg.clientId,
      clientSecret: reg.clientSecret,
      grantType: 'authorization_code',
      code: location.searchParams.get('code')!,
      redirectUri,
      codeVerifier: verifier,
    }),
  );
  return {
    reg,
    tokens: { accessToken: t.accessToken!, expiresIn: t.expiresIn!, ...(t.refreshToken ? { refreshToken: t.refreshToken } : {}) },
  };
}

/** The device sign-in, its verification page approved through the browser stand-in (unless already approved). */
export async function deviceLogin(
  oidc: SSOOIDCClient,
  startUrl: string,
  scopes?: string[],
): Promise<{ reg: Registration; tokens: Tokens }> {
  const reg = await registerDevice(oidc, scopes);
  const auth = await oidc.send(new StartDeviceAuthorizationCommand({ clientId: reg.clientId, clientSecret: reg.clientSecret, startUrl }));
  const page = await (await fetch(auth.verificationUriComplete!)).text();
  if (!page.includes('<title>Request approved</title>')) {
    const approved = await pressButton(auth.verificationUriComplete!, 'allow');
    if (approved.status !== 200) throw new Error(`device approval answered ${approved.status}`);
  }
  const t = await oidc.send(
    new CreateTokenCommand({
      clientId: reg.clientId,
      clientSecret: reg.clientSecret,
      grantType: DEVICE_GRANT,
      deviceCode: auth.deviceCode!,
    }),
  );
  return {
    reg,
    tokens: { accessToken: t.accessToken!, expiresIn: t.expiresIn!, ...(t.refreshToken ? { refreshToken: t.refreshToken } : {}) },
  };
}

/** `2026-12-07T10:00:00Z`: the AWS CLI's format (no milliseconds), which every reader accepts. */
export function cliTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function ssoCacheName(sessionNameOrStartUrl: string): string {
  return `${createHash('sha1').update(sessionNameOrStartUrl, 'utf8').digest('hex')}.json`;
}

/**
 * Writes ~/.aws/sso/cache/<sha1(session name, or start URL for a legacy profile)>.json as the CLI does
 * (0600 in a 0700 folder). Returns the file's path.
 */
export async function writeSsoCache(
  home: string,
  key: string,
  t: { startUrl: string; region: string; accessToken: string; expiresAt: number; reg?: Registration; refreshToken?: string },
): Promise<string> {
  const dir = join(home, '.aws', 'sso', 'cache');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  const body: Record<string, string> = {
    startUrl: t.startUrl,
    region: t.region,
    accessToken: t.accessToken,
    expiresAt: cliTimestamp(t.expiresAt),
  };
  if (t.reg) {
    body.clientId = t.reg.clientId;
    body.clientSecret = t.reg.clientSecret;
    body.registrationExpiresAt = cliTimestamp(t.reg.clientSecretExpiresAt * 1000);
  }
  if (t.refreshToken) body.refreshToken = t.refreshToken;
  const file = join(dir, ssoCacheName(key));
  await writeFile(file, JSON.stringify(body), { mode: 0o600 });
  return file;
}
