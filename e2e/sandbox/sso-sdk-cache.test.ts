// The JS SDK's own SSO credential provider (fromSSO, @aws-sdk/credential-providers) reads a token cache file
// written in the format of docs/sso-facts.md — HOME, AWS_CONFIG_FILE and AWS_ENDPOINT_URL as a user's shell
// would set them — gets role credentials from the sandbox, and refreshes a token inside its 5-minute window.
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromSSO } from '@aws-sdk/credential-providers';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildScenario } from './scenario-builder.js';
import { startSandbox, type Sandbox } from './server.js';
import { authCodeLogin, deviceLogin, ssoCacheName, writeSsoCache } from './sso-test-kit.js';
import { ssoClients } from './test-clients.js';

const { scenario } = buildScenario({ profiles: 2, sso: true });
const sso = scenario.sso!;
const saved = { HOME: process.env.HOME, AWS_CONFIG_FILE: process.env.AWS_CONFIG_FILE, AWS_ENDPOINT_URL: process.env.AWS_ENDPOINT_URL };
let sb: Sandbox;
let work: string;

beforeAll(async () => {
  sb = await startSandbox(scenario);
  work = await mkdtemp(join(tmpdir(), 'sso-sdk-'));
  process.env.AWS_ENDPOINT_URL = sb.url;
});
afterAll(async () => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  await sb?.close();
  await rm(work, { recursive: true, force: true });
});

/** A fresh HOME with a config file (the SDK caches config files by path, so each test has its own). */
async function useHome(name: string, config: string): Promise<string> {
  const home = await mkdtemp(join(work, `${name}-`));
  await writeFile(join(home, 'config'), config);
  process.env.HOME = home;
  process.env.AWS_CONFIG_FILE = join(home, 'config');
  return home;
}

const sessionConfig = (session: string): string =>
  `[profile dev]\nsso_session = ${session}\nsso_account_id = 222222222222\nsso_role_name = AdministratorAccess\nregion = us-east-1\n\n` +
  `[sso-session ${session}]\nsso_start_url = ${sso.startUrl}\nsso_region = ${sso.region}\nsso_registration_scopes = sso:account:access\n`;

async function callerArn(credentials: Awaited<ReturnType<ReturnType<typeof fromSSO>>>): Promise<string | undefined> {
  const sts = new STSClient({ region: 'us-east-1', credentials, maxAttempts: 1 });
  return (await sts.send(new GetCallerIdentityCommand({}))).Arn;
}

describe('fromSSO against the sandbox', () => {
  it('an sso-session profile: the cache file named sha1(session name) gives role credentials STS accepts', async () => {
    const { reg, tokens } = await authCodeLogin(ssoClients(sb.url, sso.region).oidc, sb.url, sso.startUrl);
    const home = await useHome('session', sessionConfig('porthole-sdk'));
    const file = await writeSsoCache(home, 'porthole-sdk', {
      startUrl: sso.startUrl,
      region: sso.region,
      ...tokens,
      expiresAt: Date.now() + 3_600_000,
      reg,
    });
    expect(file.endsWith(`/.aws/sso/cache/${ssoCacheName('porthole-sdk')}`)).toBe(true);
    sb.clearCalls();
    const creds = await fromSSO({ profile: 'dev' })();
    expect(creds).toMatchObject({
      accessKeyId: expect.stringMatching(/^ASIA/),
      sessionToken: expect.any(String),
      expiration: expect.any(Date),
    });
    expect(sb.sso.credentials(creds.accessKeyId)).toMatchObject({ accountId: '222222222222', roleName: 'AdministratorAccess' });
    expect(await callerArn(creds)).toMatch(/^arn:aws:sts::222222222222:assumed-role\/AWSReservedSSO_AdministratorAccess_/);
    expect(sb.calls().map((c) => `${c.service} ${c.op}`)).toEqual(['sso GetRoleCredentials', 'sts GetCallerIdentity']);
  });

  it('a token within 5 minutes of expiry is refreshed and the file rewritten (the SDK writes milliseconds)', async () => {
    const { reg, tokens } = await authCodeLogin(ssoClients(sb.url, sso.region).oidc, sb.url, sso.startUrl);
    const home = await useHome('refresh', sessionConfig('porthole-sdk-refresh'));
    const file = await writeSsoCache(home, 'porthole-sdk-refresh', {
      startUrl: sso.startUrl,
      region: sso.region,
      ...tokens,
      expiresAt: Date.now() + 120_000,
      reg,
    });
    sb.clearCalls();
    const creds = await fromSSO({ profile: 'dev' })();
    expect(await callerArn(creds)).toContain(':222222222222:');
    expect(sb.calls().map((c) => `${c.op} ${String(c.params.grantType ?? '')}`.trim())).toEqual([
      'CreateToken refresh_token',
      'GetRoleCredentials',
      'GetCallerIdentity',
    ]);
    const after = JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
    expect(after.accessToken).not.toBe(tokens.accessToken);
    expect(after.refreshToken).not.toBe(tokens.refreshToken);
    expect(after.expiresAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(after).toMatchObject({ clientId: reg.clientId, clientSecret: reg.clientSecret, startUrl: sso.startUrl, region: sso.region });
  });

  it('a legacy profile reads the file named sha1(start URL), and a non-refreshable token works until it expires', async () => {
    const { tokens } = await deviceLogin(ssoClients(sb.url, sso.region).oidc, sso.startUrl);
    const config =
      `[profile dev]\nsso_start_url = ${sso.startUrl}\nsso_region = ${sso.region}\nsso_account_id = 111111111111\n` +
      'sso_role_name = ReadOnlyAccess\nregion = us-east-1\n';
    const home = await useHome('legacy', config);
    await writeSsoCache(home, sso.startUrl, {
      startUrl: sso.startUrl,
      region: sso.region,
      ...tokens,
      expiresAt: Date.now() + tokens.expiresIn * 1000,
    });
    expect(await callerArn(await fromSSO({ profile: 'dev' })())).toContain('AWSReservedSSO_ReadOnlyAccess_');
    await writeSsoCache(home, sso.startUrl, { startUrl: sso.startUrl, region: sso.region, ...tokens, expiresAt: Date.now() - 1000 });
    await expect(fromSSO({ profile: 'dev' })()).rejects.toThrow('The SSO session associated with this profile has expired');
  });

  it('a revoked session: GetRoleCredentials is refused and fromSSO fails with UnauthorizedException', async () => {
    const { reg, tokens } = await authCodeLogin(ssoClients(sb.url, sso.region).oidc, sb.url, sso.startUrl);
    const home = await useHome('revoked', sessionConfig('porthole-sdk-revoked'));
    await writeSsoCache(home, 'porthole-sdk-revoked', {
      startUrl: sso.startUrl,
      region: sso.region,
      ...tokens,
      expiresAt: Date.now() + 3_600_000,
      reg,
    });
    sb.sso.revokeSessions();
    const err = (await fromSSO({ profile: 'dev' })().catch((e: unknown) => e)) as Error;
    expect(err.name).toBe('CredentialsProviderError');
    expect(err.message).toMatch(/^UnauthorizedException: Session token not found or invalid/);
  });
});
