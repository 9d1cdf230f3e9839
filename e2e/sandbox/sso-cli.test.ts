// The AWS CLIs on this machine read a token cache written in the format of docs/sso-facts.md, get role
// credentials from the sandbox's portal, call STS with them, and refresh a token that is about to expire
// (rewriting the file in their own format). A CLI that ignores AWS_ENDPOINT_URL is routed by the TLS interceptor.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsHosts, findAwsClis, routeCli, runCli, type CliRoute } from './aws-cli-harness.js';
import { buildScenario } from './scenario-builder.js';
import { startSandbox, type Sandbox } from './server.js';
import { authCodeLogin, deviceLogin, writeSsoCache } from './sso-test-kit.js';
import { ssoClients } from './test-clients.js';

const { scenario } = buildScenario({ profiles: 2, sso: true });
const sso = scenario.sso!;
const clis = await findAwsClis();
const CLI_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

let sb: Sandbox;
let work: string;
beforeAll(async () => {
  sb = await startSandbox(scenario);
  work = await mkdtemp(join(tmpdir(), 'sso-cli-'));
});
afterAll(async () => {
  await sb?.close();
  await rm(work, { recursive: true, force: true });
});

async function home(name: string, config: string): Promise<string> {
  const dir = await mkdtemp(join(work, `${name}-`));
  await writeFile(join(dir, 'config'), config);
  return dir;
}

const sessionConfig = (session: string, role = 'AdministratorAccess', account = '111111111111'): string =>
  `[profile dev]\nsso_session = ${session}\nsso_account_id = ${account}\nsso_role_name = ${role}\nregion = us-east-1\noutput = json\n\n` +
  `[sso-session ${session}]\nsso_start_url = ${sso.startUrl}\nsso_region = ${sso.region}\nsso_registration_scopes = sso:account:access\n`;

// The machine image ships awscli v1 (pip); Debian's awscli (v2) is optional. With neither, say so rather than pass.
if (clis.length === 0) it.skip('needs an AWS CLI on PATH or at /usr/bin/aws', () => {});

describe.each(clis.map((c) => [c.version, c] as const))('%s', (_version, cli) => {
  let route: CliRoute;
  beforeAll(async () => {
    route = await routeCli(cli, sb.url, sb.port, sso.region, await mkdtemp(join(work, 'certs-')));
  });
  afterAll(async () => {
    await route?.interceptor?.close();
  });

  const getCallerIdentity = (dir: string) =>
    runCli(cli, ['sts', 'get-caller-identity', '--profile', 'dev'], { ...route.env, HOME: dir, AWS_CONFIG_FILE: join(dir, 'config') });

  it('an sso-session profile: the cached token gets role credentials, and STS accepts them', async () => {
    const { oidc } = ssoClients(sb.url, sso.region);
    const { reg, tokens } = await authCodeLogin(oidc, sb.url, sso.startUrl);
    const dir = await home('session', sessionConfig('porthole'));
    await writeSsoCache(dir, 'porthole', { startUrl: sso.startUrl, region: sso.region, ...tokens, expiresAt: Date.now() + 3_600_000, reg });
    sb.clearCalls();
    const out = await getCallerIdentity(dir);
    expect(out.stderr).toBe('');
    expect(JSON.parse(out.stdout)).toMatchObject({
      Account: '111111111111',
      Arn: expect.stringMatching(
        /^arn:aws:sts::111111111111:assumed-role\/AWSReservedSSO_AdministratorAccess_[0-9a-f]{16}\/alice@example\.com$/,
      ),
    });
    expect(sb.calls().map((c) => `${c.service} ${c.op} ${c.status}`)).toEqual(['sso GetRoleCredentials 200', 'sts GetCallerIdentity 200']);
    // Why the interceptor is needed for this CLI: it dials AWS itself, whatever AWS_ENDPOINT_URL says.
    if (route.interceptor) expect(route.interceptor.connects).toContain(`${awsHosts(sso.region)[0]}:443`);
  });

  it('a token inside the refresh window is refreshed with the refresh token and written back in the CLI format', async () => {
    const { oidc } = ssoClients(sb.url, sso.region);
    const { reg, tokens } = await authCodeLogin(oidc, sb.url, sso.startUrl);
    const dir = await home('refresh', sessionConfig('porthole-refresh'));
    const file = await writeSsoCache(dir, 'porthole-refresh', {
      startUrl: sso.startUrl,
      region: sso.region,
      ...tokens,
      expiresAt: Date.now() + 120_000,
      reg,
    });
    const before = JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
    sb.clearCalls();
    const out = await getCallerIdentity(dir);
    expect(JSON.parse(out.stdout)).toMatchObject({ Account: '111111111111' });
    const create = sb.calls({ op: 'CreateToken' });
    expect(create.map((c) => [c.params.grantType, c.status])).toEqual([['refresh_token', 200]]);
    const after = JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(after.refreshToken).toMatch(/^aor/);
    expect(after.expiresAt).toMatch(CLI_TIME);
    expect(Date.parse(after.expiresAt!)).toBeGreaterThan(Date.now() + 30 * 60_000);
    expect(after).toMatchObject({
      startUrl: sso.startUrl,
      region: sso.region,
      clientId: before.clientId,
      clientSecret: before.clientSecret,
      registrationExpiresAt: before.registrationExpiresAt,
    });
  });

  it('a legacy profile (sso_start_url in the profile) reads the file named after the start URL', async () => {
    const { oidc } = ssoClients(sb.url, sso.region);
    const { tokens } = await deviceLogin(oidc, sso.startUrl);
    expect(tokens.refreshToken).toBeUndefined();
    const config =
      `[profile dev]\nsso_start_url = ${sso.startUrl}\nsso_region = ${sso.region}\nsso_account_id = 222222222222\n` +
      'sso_role_name = ReadOnlyAccess\nregion = us-east-1\noutput = json\n';
    const dir = await home('legacy', config);
    await writeSsoCache(dir, sso.startUrl, {
      startUrl: sso.startUrl,
      region: sso.region,
      ...tokens,
      expiresAt: Date.now() + tokens.expiresIn * 1000,
    });
    const out = await getCallerIdentity(dir);
    expect(JSON.parse(out.stdout)).toMatchObject({
      Account: '222222222222',
      Arn: expect.stringContaining('AWSReservedSSO_ReadOnlyAccess_'),
    });
  });

  it('a revoked session: the CLI reports the portal refusing the token', async () => {
    const { oidc } = ssoClients(sb.url, sso.region);
    const { reg, tokens } = await authCodeLogin(oidc, sb.url, sso.startUrl);
    const dir = await home('revoked', sessionConfig('porthole-revoked'));
    await writeSsoCache(dir, 'porthole-revoked', {
      startUrl: sso.startUrl,
      region: sso.region,
      ...tokens,
      expiresAt: Date.now() + 3_600_000,
      reg,
    });
    expect(sb.sso.revokeSessions()).toBeGreaterThan(0);
    const out = await getCallerIdentity(dir);
    expect(out.code).not.toBe(0);
    expect(out.stderr.trim()).toBe(
      'The SSO session associated with this profile has expired or is otherwise invalid. ' +
        'To refresh this SSO session run aws sso login with the corresponding profile.',
    );
  });
});
