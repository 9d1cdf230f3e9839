// Issue 13 end to end below the HTTP layer: the sandbox with IAM Identity Center, the stand-in plugin (real child
// processes), an echo server behind the RDS name, the daemon's sign-in parts and the TunnelManager.
// - A tunnel whose profile is not signed in waits for sign-in: its port listens, a client queues; a login written
//   into the cache the way `aws sso login` writes it is seen by the running daemon and the same port serves.
// - An sso-account source (no ~/.aws/config entry) opens tunnels, and the plugin's own ResumeSession works with it.
import { mkdir, rm } from 'node:fs/promises';
import net from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Target, Tunnel } from '../../shared/api.js';
import { buildScenario } from '../../e2e/sandbox/scenario-builder.js';
import { authCodeLogin, pressButton, writeSsoCache } from '../../e2e/sandbox/sso-test-kit.js';
import { ssoClients } from '../../e2e/sandbox/test-clients.js';
import { startSsoWorld, type SsoWorld } from '../../testing/aws/sso-world.js';
import { echoServer, roundTrip, waitFor, type EchoServer } from '../../testing/tunnels/helpers.js';
import { makeManager, tempDir, type World } from '../../testing/tunnels/sandbox-world.js';
import { AwsClients } from '../aws/clients.js';
import { EventBus } from '../events/bus.js';
import { InventoryService } from '../inventory/inventory-service.js';
import { isPortFree } from './ports.js';

let sso: SsoWorld;
let echo: EchoServer;
let tunnels: World | undefined;
let configDir: string;
let states: Tunnel[];
let aws: AwsClients;
let inventory: InventoryService;

beforeEach(async () => {
  const { scenario } = buildScenario({ profiles: 1, sso: true, databases: 1, jumpHosts: 1 });
  sso = await startSsoWorld({ scenario, watch: true, pollMs: 600_000 });
  await mkdir(join(sso.home, '.aws'));
  await sso.signIn.start();
  echo = await echoServer();
  configDir = await tempDir('porthole-sign-in-tunnels-');
  const configFileFor = (profile: string) => sso.accounts.configFileFor(profile);
  aws = new AwsClients({ env: sso.env, maxAttempts: 1, configFileFor });
  inventory = new InventoryService({ aws, bus: new EventBus() });
  tunnels = await makeManager({
    env: sso.env,
    configDir,
    bus: sso.bus,
    configFileFor,
    tuning: {
      inventory: { findTarget: (id) => inventory.findTarget(id), load: (profile, region) => inventory.refresh([{ profile, region }]) },
      signIn: sso.signIn,
      pluginEnv: (profile) => sso.signIn.pluginEnv(profile),
    },
  });
  states = [];
  sso.bus.subscribe(({ event }) => {
    if (event.type === 'tunnel') states.push(event.data);
  });
});
afterEach(async () => {
  await tunnels?.close();
  tunnels = undefined;
  aws.close();
  await echo.close();
  await sso.close();
  await rm(configDir, { recursive: true, force: true });
});

const get = (id: string) => tunnels!.manager.get(id)!;
const reach = async (id: string, state: Tunnel['state'], timeoutMs = 20_000) => {
  await waitFor(() => get(id).state === state, timeoutMs, `${state} (is ${get(id).state}: ${get(id).reason})`);
  return get(id);
};
/** Points the RDS name of the (only) target of `profile` at the echo server; answers the create request. */
async function targetOf(profile: string): Promise<{ profile: string; region: string; target: { id: string } }> {
  const [slice] = await inventory.refresh([{ profile, region: 'us-east-1' }]);
  const target: Target | undefined = slice?.targets[0];
  if (!target) throw new Error(`no target for ${profile}: ${JSON.stringify(slice?.errors)}`);
  sso.sandbox.setEndpoint(`${target.host}:${target.port}`, `127.0.0.1:${echo.port}`);
  return { profile, region: 'us-east-1', target: { id: target.id } };
}

describe('a tunnel that waits for sign-in (issue 13)', () => {
  it('keeps its port and queued client, and resumes when a login appears in the cache the way the CLI writes it', async () => {
    // Discovery needs credentials too: sign in for it, then let the sign-in lapse before the tunnel starts.
    const { oidc } = ssoClients(sso.sandbox.url, sso.sso.region);
    const first = await authCodeLogin(oidc, sso.sandbox.url, sso.sso.startUrl);
    const file = await writeSsoCache(sso.home, 'porthole', {
      startUrl: sso.sso.startUrl,
      region: sso.sso.region,
      ...first.tokens,
      expiresAt: Date.now() + 3_600_000,
      reg: first.reg,
    });
    const request = await targetOf('dev');
    const lastLogin = () => sso.events.filter((event) => event.profile === 'dev' && event.kind === 'login').at(-1)?.login?.state;
    // Let the running daemon see both changes first, so no late look at the old file wakes the tunnel.
    await waitFor(() => lastLogin() === 'signed-in', 10_000, 'the first login seen');
    await rm(file);
    await waitFor(() => lastLogin() === 'signed-out', 10_000, 'the sign-out seen');
    aws.resetProfile('dev');

    const created = await tunnels!.manager.create({ ...request, lazy: false });
    const waiting = await reach(created.id, 'waiting-for-sign-in');
    expect(waiting.reason).toMatch(/^waiting for sign-in to dev: /);
    expect(waiting.error?.code).toBe('SSO_LOGIN_REQUIRED');
    expect(waiting.failedStarts).toBeUndefined();
    expect(await isPortFree(created.localPort)).toBe(false);
    expect(sso.sandbox.calls({ service: 'ssm', op: 'StartSession' })).toEqual([]);

    // A client arrives while the tunnel waits: it is held, not refused.
    const client = net.connect({ port: created.localPort, host: '127.0.0.1' });
    const answer = new Promise<string>((resolve, reject) => {
      client.once('data', (chunk: Buffer) => resolve(chunk.toString()));
      client.once('error', reject);
    });
    client.write('select 1 -- held while signed out');
    await waitFor(() => get(created.id).stats.activeConnections === 1, 5_000, 'the client held');

    // `aws sso login` elsewhere: the file appears, the running daemon notices, the tunnel resumes by itself.
    const again = await authCodeLogin(oidc, sso.sandbox.url, sso.sso.startUrl);
    oidc.destroy();
    await writeSsoCache(sso.home, 'porthole', {
      startUrl: sso.sso.startUrl,
      region: sso.sso.region,
      ...again.tokens,
      expiresAt: Date.now() + 3_600_000,
      reg: again.reg,
    });
    const open = await reach(created.id, 'open');
    expect(open.localPort).toBe(created.localPort);
    expect(await answer).toBe('select 1 -- held while signed out');
    client.destroy();
    expect(await roundTrip(open.localPort, 'and the next')).toBe('and the next');
    // Published from the moment the tunnel exists for the API (its first start may already have failed by then).
    const order = states.filter((tunnel) => tunnel.id === created.id).map((tunnel) => tunnel.state);
    const changes = order.filter((state, index) => state !== order[index - 1]);
    expect(changes.slice(-3)).toEqual(['waiting-for-sign-in', 'starting', 'open']);
    expect(changes.filter((state) => state === 'waiting-for-sign-in' || state === 'open')).toEqual(['waiting-for-sign-in', 'open']);
  }, 60_000);
});

describe('an sso-account source (issue 13)', () => {
  it('opens a tunnel with no ~/.aws/config entry, and the plugin’s own ResumeSession works with it', async () => {
    const started = await sso.signIn.begin('dev');
    if (started.flow !== 'auth-code') throw new Error('expected the auth-code flow');
    const location = new URL((await pressButton(started.authorizeUrl, 'allow')).headers.get('location') ?? '');
    await sso.signIn.callback({ code: location.searchParams.get('code')!, state: location.searchParams.get('state')! });
    const source = await sso.accountService.add({ profile: 'dev', accountId: sso.accountId, roleName: 'ReadOnlyAccess' });
    expect(source.name).toBe('profile-1-ReadOnlyAccess');

    const created = await tunnels!.manager.create({ ...(await targetOf(source.name)), lazy: false });
    const open = await reach(created.id, 'open');
    expect(await roundTrip(open.localPort, 'before the drop')).toBe('before the drop');
    const record = () => sso.sandbox.sessions().find((session) => session.sessionId === open.sessionId)!;
    expect(record().attaches[0]?.argv[3]).toBe(source.name);
    expect(sso.sandbox.sso.credentials(record().accessKeyId)).toMatchObject({ roleName: 'ReadOnlyAccess' });

    // The service drops the plugin's stream: the plugin calls ResumeSession itself, with the credentials its own
    // SDK finds for argv 4 in the config Porthole gave it — and the same session carries on.
    expect(sso.sandbox.dropStream(open.sessionId!)).toBe(true);
    await waitFor(() => record().resumes === 1 && record().attaches.length === 2, 15_000, 'the plugin to resume');
    expect(await roundTrip(open.localPort, 'after the resume')).toBe('after the resume');
    expect(get(created.id).sessionId).toBe(open.sessionId);
    expect(sso.sandbox.calls({ service: 'ssm', op: 'StartSession' })).toHaveLength(1);
    const resume = sso.sandbox.calls({ service: 'ssm', op: 'ResumeSession' })[0];
    expect(resume?.status).toBe(200);
    expect(sso.sandbox.sso.credentials(resume!.accessKeyId)).toMatchObject({ accountId: sso.accountId, roleName: 'ReadOnlyAccess' });
  }, 60_000);
});
