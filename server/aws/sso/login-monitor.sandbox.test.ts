// The login monitor against the sandbox: it renews a token ahead of the CLI's and the SDK's windows (writing it
// back in the CLI's format), keeps the legacy copy and the plugin's config in step, warns once about a sign-in
// only the user can renew, checks a sign-in a tunnel complained about, and notices a login the CLI wrote.
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { authCodeLogin, deviceLogin, writeSsoCache } from '../../../e2e/sandbox/sso-test-kit.js';
import { ssoClients } from '../../../e2e/sandbox/test-clients.js';
import { startSsoWorld, type SsoWorld } from '../../../testing/aws/sso-world.js';
import { FakeTime } from '../../../testing/fake-time.js';
import { waitFor } from '../../../testing/tunnels/helpers.js';
import { tokenFilePath } from './token-file.js';

let world: SsoWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

async function cliLogin(w: SsoWorld, key: string, minutesLeft: number, flow: 'auth-code' | 'device-legacy' = 'auth-code'): Promise<string> {
  const { oidc } = ssoClients(w.sandbox.url, w.sso.region);
  const { reg, tokens } =
    flow === 'auth-code' ? await authCodeLogin(oidc, w.sandbox.url, w.sso.startUrl) : await deviceLogin(oidc, w.sso.startUrl);
  oidc.destroy();
  return writeSsoCache(w.home, key, {
    startUrl: w.sso.startUrl,
    region: w.sso.region,
    accessToken: tokens.accessToken,
    expiresAt: Date.now() + minutesLeft * 60_000,
    ...(flow === 'auth-code' ? { reg } : {}),
    ...(tokens.refreshToken ? { refreshToken: tokens.refreshToken } : {}),
  });
}
const readJson = async (path: string) => JSON.parse(await readFile(path, 'utf8')) as Record<string, string>;

describe('the login monitor (issue 13)', () => {
  beforeEach(async () => {
    world = await startSsoWorld();
  });

  it('renews a token inside its window before the CLI would, in the CLI’s format, and keeps the legacy copy and the plugin config', async () => {
    const w = world!;
    const file = await cliLogin(w, 'porthole', 18);
    const before = await readJson(file);
    w.sandbox.clearCalls();
    await w.signIn.monitor.tick();
    expect(w.sandbox.calls().map((call) => `${call.op} ${String(call.params.grantType ?? '')}`)).toEqual(['CreateToken refresh_token']);
    const after = await readJson(file);
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(after.expiresAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(Date.parse(after.expiresAt!)).toBeGreaterThan(Date.now() + 50 * 60_000);
    expect(Object.keys(after)).toEqual([
      'startUrl',
      'region',
      'accessToken',
      'expiresAt',
      'clientId',
      'clientSecret',
      'registrationExpiresAt',
      'refreshToken',
    ]);
    expect(after.registrationExpiresAt).toBe(before.registrationExpiresAt);
    const devEvents = w.events.filter((event) => event.profile === 'dev' && event.kind === 'login');
    expect(devEvents.at(-1)?.login).toMatchObject({ state: 'signed-in', expiresAt: new Date(Date.parse(after.expiresAt!)).toISOString() });

    // The plugin's SDK reads SSO profiles in legacy form, from the file named after the start URL.
    const legacy = await readJson(tokenFilePath(w.env, w.sso.startUrl));
    expect(legacy).toEqual({ startUrl: w.sso.startUrl, region: w.sso.region, accessToken: after.accessToken, expiresAt: after.expiresAt });
    const pluginConfig = await readFile(w.accounts.pluginConfigFile, 'utf8');
    expect(pluginConfig).toContain(
      `[profile dev]\nsso_start_url = ${w.sso.startUrl}\nsso_region = ${w.sso.region}\nsso_account_id = ${w.accountId}\nsso_role_name = AdministratorAccess`,
    );
    expect(pluginConfig).not.toContain('sso_session');
    expect(JSON.stringify(w.events) + w.logs.join('\n')).not.toContain(after.refreshToken!);

    // Outside the window nothing is renewed.
    w.sandbox.clearCalls();
    await w.signIn.monitor.tick();
    expect(w.sandbox.calls({ op: 'CreateToken' })).toEqual([]);
  });

  it('warns once, 15 minutes ahead, about a sign-in that only the user can renew', async () => {
    const w = world!;
    await cliLogin(w, w.sso.startUrl, 12, 'device-legacy');
    await w.signIn.monitor.tick();
    await w.signIn.monitor.tick();
    const warnings = w.events.filter((event) => event.kind === 'expiry-warning' && event.profile === 'legacy');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ warning: { what: 'login' }, login: { state: 'expiring', refreshable: false } });
    expect(Date.parse(warnings[0]!.warning!.expiresAt) - Date.now()).toBeLessThanOrEqual(12 * 60_000);
  });

  it('warns once about credentials that end within 15 minutes and renew by nobody (static, environment)', async () => {
    await world!.close();
    const ends = Date.now() + 10 * 60_000;
    const asked: string[] = [];
    world = await startSsoWorld({
      credentials: (profile, kind) => {
        asked.push(`${profile}:${kind}`);
        return profile === 'keys' ? { expiresAt: ends, renewable: false } : undefined;
      },
    });
    await world.signIn.monitor.tick();
    await world.signIn.monitor.tick();
    expect(asked).toContain('keys:static');
    expect(asked.some((entry) => entry.startsWith('dev:'))).toBe(false);
    expect(world.events.filter((event) => event.kind === 'expiry-warning')).toEqual([
      {
        profile: 'keys',
        kind: 'expiry-warning',
        warning: { what: 'credentials', expiresAt: new Date(ends).toISOString() },
        message: `The credentials of profile "keys" end at ${new Date(ends).toISOString()} and are not renewed by themselves.`,
      },
    ]);
  });

  it('a sign-in a tunnel complained about is checked: still fine → said again; refused and not renewable → expired', async () => {
    await world!.close();
    // Virtual time for the monitor (checks are rate-limited to one a minute), starting now so tokens look right.
    const time = new FakeTime();
    time.now = Date.now();
    world = await startSsoWorld({ clock: { now: time.clock, setTimer: time.setTimer, clearTimer: time.clearTimer } });
    const w = world;
    await cliLogin(w, 'porthole', 50);
    await w.signIn.monitor.tick();
    const count = () =>
      w.events.filter((event) => event.profile === 'dev' && event.kind === 'login' && event.login?.state === 'signed-in').length;
    const fine = count();
    w.sandbox.clearCalls();
    await w.signIn.loginRejected('dev');
    await waitFor(() => count() === fine + 1, 10_000, 'the sign-in confirmed');
    expect(w.sandbox.calls().map((call) => call.op)).toEqual(['ListAccounts']);

    w.sandbox.sso.revokeSessions();
    await w.signIn.loginRejected('dev');
    await w.signIn.monitor.tick();
    expect(w.sandbox.calls().map((call) => call.op)).toEqual(['ListAccounts']);
    await time.advance(61_000);
    w.sandbox.clearCalls();
    await w.signIn.loginRejected('dev');
    await waitFor(() => w.events.at(-1)?.login?.state === 'expired', 10_000, 'the sign-in marked expired');
    expect(w.events.at(-1)).toMatchObject({
      profile: expect.stringMatching(/^(dev|legacy)$/),
      kind: 'login',
      login: { state: 'expired', refreshable: false, reason: 'IAM Identity Center no longer accepts this sign-in.' },
    });
    expect(w.sandbox.calls().map((call) => `${call.op} ${call.errorCode ?? call.status}`)).toEqual([
      'ListAccounts UnauthorizedException',
      'CreateToken InvalidGrantException',
    ]);
  });
});

describe('a login made outside Porthole', () => {
  it('is seen through the cache folder while the daemon runs: written the way the CLI writes it', async () => {
    world = await startSsoWorld({ watch: true, pollMs: 600_000 });
    const w = world;
    // A user with ~/.aws but no sign-in yet: the cache folder appears with the first `aws sso login`.
    await mkdir(join(w.home, '.aws'));
    await w.signIn.start();
    expect(w.events.filter((event) => event.profile === 'dev').map((event) => event.login?.state)).toEqual(['signed-out']);
    await cliLogin(w, 'porthole', 50);
    await waitFor(
      () => w.events.some((event) => event.profile === 'dev' && event.login?.state === 'signed-in'),
      15_000,
      'the CLI login seen',
    );
    expect(w.events.filter((event) => event.profile === 'dev').at(-1)).toMatchObject({
      kind: 'login',
      login: { state: 'signed-in', refreshable: true },
    });
  });
});
