// Every account a sign-in reaches (issue 13): the accounts and roles the portal lists, an account/role pair added
// as a profile of kind `sso-account` without touching ~/.aws/config (with the snippet for those who want it there),
// and discovery across 20 such accounts × 3 regions streaming its progress like any profile's.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import type { InventoryProgress, Profile, SsoAccountInfo } from '../../../shared/api.js';
import { buildScenario } from '../../../e2e/sandbox/scenario-builder.js';
import { pressButton } from '../../../e2e/sandbox/sso-test-kit.js';
import { startSsoWorld, type SsoWorld } from '../../../testing/aws/sso-world.js';
import { authHeaders, testApp } from '../../../testing/http/test-app.js';
import { InventoryService } from '../../inventory/inventory-service.js';
import { AwsClients } from '../clients.js';
import { ProfileService } from '../profile-service.js';

let world: SsoWorld | undefined;
let app: FastifyInstance | undefined;
let aws: AwsClients | undefined;
afterEach(async () => {
  await app?.close();
  aws?.close();
  await world?.close();
  world = undefined;
  app = undefined;
});

async function setUp(scenario = buildScenario({ profiles: 3, sso: true }).scenario): Promise<{ w: SsoWorld; inventory: InventoryService }> {
  world = await startSsoWorld({ scenario });
  const w = world;
  aws = new AwsClients({ env: w.env, maxAttempts: 1, configFileFor: (name) => w.accounts.configFileFor(name) });
  const profiles = new ProfileService({ aws, config: w.config, env: w.env, signIn: w.signIn, accounts: w.accounts, bus: w.bus });
  const inventory = new InventoryService({ aws, bus: w.bus, concurrency: 8 });
  ({ app } = await testApp({ bus: w.bus, services: { profiles, inventory, signIn: w.signIn, ssoAccounts: w.accountService } }));
  await app.ready();
  const started = await w.signIn.begin('dev');
  if (started.flow !== 'auth-code') throw new Error('expected the auth-code flow');
  const location = new URL((await pressButton(started.authorizeUrl, 'allow')).headers.get('location') ?? '');
  await w.signIn.callback({ code: location.searchParams.get('code')!, state: location.searchParams.get('state')! });
  return { w, inventory };
}
const api = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
  app!.inject({ method, url, headers: authHeaders, ...(payload ? { payload } : {}) });

describe('accounts a sign-in reaches (issue 13)', () => {
  it('lists accounts and roles, adds one as an sso-account profile with its snippet, and removes it', async () => {
    const { w } = await setUp();
    const listed = await api('GET', '/api/profiles/dev/accounts');
    expect(listed.statusCode).toBe(200);
    const accounts = listed.json<{ accounts: SsoAccountInfo[] }>().accounts;
    expect(accounts.map((account) => [account.accountName, account.roles])).toEqual([
      ['profile-1', ['AdministratorAccess', 'ReadOnlyAccess']],
      ['profile-2', ['AdministratorAccess', 'ReadOnlyAccess']],
      ['profile-3', ['AdministratorAccess', 'ReadOnlyAccess']],
    ]);
    const second = accounts[1]!;

    const added = await api('POST', '/api/sso-accounts', {
      profile: 'dev',
      accountId: second.accountId,
      roleName: 'ReadOnlyAccess',
      region: 'eu-west-1',
    });
    expect(added.statusCode).toBe(201);
    const profile = added.json<Profile>();
    expect(profile).toMatchObject({
      name: 'profile-2-ReadOnlyAccess',
      kind: 'sso-account',
      region: 'eu-west-1',
      regions: ['eu-west-1'],
      login: { state: 'signed-in', sessionName: 'porthole' },
      ssoAccount: { accountId: second.accountId, accountName: 'profile-2', roleName: 'ReadOnlyAccess', sourceProfile: 'dev' },
    });
    // The snippet, read by the SDK's own config loader as a ~/.aws/config would be.
    const snippetFile = join(w.home, 'snippet');
    await writeFile(snippetFile, profile.ssoAccount!.configSnippet);
    const { configFile } = await loadSharedConfigFiles({ configFilepath: snippetFile, filepath: join(w.home, 'none'), ignoreCache: true });
    expect(configFile).toEqual({
      'profile-2-ReadOnlyAccess': {
        sso_session: 'porthole',
        sso_account_id: second.accountId,
        sso_role_name: 'ReadOnlyAccess',
        region: 'eu-west-1',
      },
      'sso-session.porthole': { sso_start_url: w.sso.startUrl, sso_region: w.sso.region, sso_registration_scopes: 'sso:account:access' },
    });
    // Not in the user's files; in config.json and in Porthole's own AWS config.
    expect(await readFile(w.env.AWS_CONFIG_FILE!, 'utf8')).not.toContain('profile-2-ReadOnlyAccess');
    expect(JSON.parse(await readFile(w.config.path, 'utf8')).ssoAccounts).toHaveLength(1);
    const check = await api('POST', '/api/profiles/profile-2-ReadOnlyAccess/check');
    expect(check.json()).toMatchObject({
      ok: true,
      account: second.accountId,
      arn: expect.stringContaining('AWSReservedSSO_ReadOnlyAccess_'),
    });
    const listedAgain = (await api('GET', '/api/profiles'))
      .json<{ profiles: Profile[] }>()
      .profiles.find((p) => p.name === 'profile-2-ReadOnlyAccess');
    expect(listedAgain?.credentials).toMatchObject({ renewable: true, expiresAt: expect.any(String) });

    expect(
      (await api('POST', '/api/sso-accounts', { profile: 'dev', accountId: second.accountId, roleName: 'ReadOnlyAccess' })).json(),
    ).toMatchObject({
      error: { code: 'PROFILE_EXISTS' },
    });
    expect(
      (await api('POST', '/api/sso-accounts', { profile: 'dev', accountId: second.accountId, roleName: 'DatabaseAdmin' })).json(),
    ).toMatchObject({
      error: { code: 'SSO_ROLE_NOT_ASSIGNED', field: 'roleName' },
    });
    expect(
      (await api('POST', '/api/sso-accounts', { profile: 'dev', accountId: '999999999999', roleName: 'ReadOnlyAccess' })).json(),
    ).toMatchObject({
      error: { code: 'SSO_ROLE_NOT_ASSIGNED' },
    });
    expect(
      (await api('POST', '/api/sso-accounts', { profile: 'keys', accountId: second.accountId, roleName: 'ReadOnlyAccess' })).json(),
    ).toMatchObject({
      error: { code: 'NOT_SSO_PROFILE' },
    });
    expect((await api('POST', '/api/sso-accounts', { profile: 'dev', accountId: '12', roleName: 'x' })).statusCode).toBe(400);

    expect((await api('DELETE', '/api/sso-accounts/profile-2-ReadOnlyAccess')).statusCode).toBe(204);
    expect((await api('GET', '/api/profiles')).json<{ profiles: Profile[] }>().profiles.map((p) => p.name)).not.toContain(
      'profile-2-ReadOnlyAccess',
    );
    expect((await api('DELETE', '/api/sso-accounts/profile-2-ReadOnlyAccess')).statusCode).toBe(404);
  });

  it('discovery across 20 accounts × 3 regions streams progress like today, one GetRoleCredentials per account', async () => {
    const regions = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
    const { scenario } = buildScenario({ profiles: 20, regions, sso: true, databases: 60, jumpHosts: 20 });
    const { w, inventory } = await setUp(scenario);
    const accounts = (await api('GET', '/api/profiles/dev/accounts')).json<{ accounts: SsoAccountInfo[] }>().accounts;
    expect(accounts).toHaveLength(20);
    const names: string[] = [];
    for (const account of accounts) {
      const added = await api('POST', '/api/sso-accounts', { profile: 'dev', accountId: account.accountId, roleName: 'ReadOnlyAccess' });
      expect(added.statusCode).toBe(201);
      names.push(added.json<Profile>().name);
    }
    const progress: InventoryProgress[] = [];
    w.bus.subscribe(({ event }) => {
      if (event.type === 'inventory') progress.push(event.data);
    });
    w.sandbox.clearCalls();
    const slices = await inventory.refresh(names.flatMap((profile) => regions.map((region) => ({ profile, region }))));
    expect(slices).toHaveLength(60);
    expect(slices.flatMap((slice) => slice.errors)).toEqual([]);
    expect(slices.reduce((sum, slice) => sum + slice.targets.length, 0)).toBe(60);
    const done = progress.filter((event) => event.phase === 'done');
    expect(new Set(done.map((event) => `${event.profile}/${event.region}`)).size).toBe(60);
    expect(progress.filter((event) => event.phase === 'loading').length).toBeGreaterThan(60);
    expect(w.sandbox.calls({ service: 'sso', op: 'GetRoleCredentials' })).toHaveLength(20);
  }, 120_000);
});
