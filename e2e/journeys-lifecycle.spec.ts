// Issue 6 journeys 4–6: a lazy saved tunnel with its idle stop, the failures a user meets (each with its hint
// in the UI), and daemon restarts (autostart tunnels come back; a killed daemon's plugins are cleaned up).
import { createServer, type Server } from 'node:net';
import { expect, test } from '@playwright/test';
import type { Tunnel } from '../shared/api.js';
import { DEV, demoWorld, ORDERS_DEV_HOST } from './demo/scenario.js';
import { card, expectAccessible, findTunnel, openDashboard, pluginProcessesFor, psql, tunnelFor } from './fixtures/journey.js';
import { stackUnavailable, startStack, type Stack } from './fixtures/stack.js';

test.describe.configure({ mode: 'serial' });
test.skip(Boolean(stackUnavailable()), stackUnavailable());

let stack: Stack;
test.beforeAll(async () => {
  test.setTimeout(180_000);
  const world = demoWorld();
  stack = await startStack({ scenario: world.scenario, profiles: world.profiles, postgres: world.postgres, freePorts: true });
});
test.afterAll(async () => {
  await stack?.close();
});

const target = (name: string, region = 'us-east-1', profile: string = DEV.profile) => `${profile}:${region}:instance:${name}`;

async function createTunnel(body: Record<string, unknown>): Promise<Tunnel> {
  const response = await stack.daemon.api('/api/tunnels', { method: 'POST', body: JSON.stringify(body) });
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as Tunnel;
}

const activeSessions = () => stack.sandbox.sessions().filter((session) => session.state === 'active');
const libpq = (port: number) =>
  `host=${ORDERS_DEV_HOST} hostaddr=127.0.0.1 port=${port} user=${stack.postgres!.user} dbname=postgres sslmode=verify-full sslrootcert=${stack.caPath}`;

test('lazy saved tunnel: no session until a client connects, an idle countdown, idle stop, and back on the next connection', async ({
  page,
}) => {
  await openDashboard(page, stack);
  const before = stack.sandbox.calls({ service: 'ssm', op: 'StartSession' }).length;
  // 0.1 minutes: the idle time shortened by the tunnel's setting.
  const tunnel = await createTunnel({
    profile: DEV.profile,
    region: 'us-east-1',
    target: { id: target('orders-dev') },
    lazy: true,
    idleMinutes: 0.1,
  });
  await expect(card(page, tunnel).getByTestId('tunnel-state')).toHaveText('idle');
  expect(stack.sandbox.calls({ service: 'ssm', op: 'StartSession' }).length).toBe(before);

  // The first client starts the session and its query goes through.
  expect(await psql(libpq(tunnel.localPort), stack.postgres!.password, 'select 1')).toBe('1');
  expect(stack.sandbox.calls({ service: 'ssm', op: 'StartSession' }).length).toBe(before + 1);
  await expect(card(page, tunnel).getByTestId('idle-countdown')).toBeVisible({ timeout: 15_000 });
  await page.screenshot({ path: 'e2e/artifacts/lazy-countdown.png' });
  await expectAccessible(page, 'a lazy tunnel with its idle countdown');

  // Nobody connects: the session ends, the port keeps listening.
  await expect(card(page, tunnel).getByTestId('tunnel-state')).toHaveText('idle', { timeout: 30_000 });
  await expect.poll(() => pluginProcessesFor(stack, ORDERS_DEV_HOST).then((list) => list.length), { timeout: 10_000 }).toBe(0);
  expect(await psql(libpq(tunnel.localPort), stack.postgres!.password, 'select 2')).toBe('2');
  expect(stack.sandbox.calls({ service: 'ssm', op: 'StartSession' }).length).toBe(before + 2);

  await stack.daemon.api(`/api/tunnels/${tunnel.id}`, { method: 'DELETE' });
  await expect(card(page, tunnel)).toHaveCount(0);
});

test('failures a user meets, each with its hint: port in use, access denied, unreachable destination, session ended by the service', async ({
  page,
}) => {
  await openDashboard(page, stack);

  // Port in use: refused before any AWS call, naming the port.
  const blocker: Server = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const busyPort = (blocker.address() as { port: number }).port;
  const calls = stack.sandbox.calls({ service: 'ssm', op: 'StartSession' }).length;
  const busy = await stack.daemon.api('/api/tunnels', {
    method: 'POST',
    body: JSON.stringify({ profile: DEV.profile, region: 'us-east-1', target: { id: target('orders-dev') }, localPort: busyPort }),
  });
  expect(busy.status).toBe(409);
  const busyError = ((await busy.json()) as { error: { code: string; message: string; hint?: string } }).error;
  expect(busyError.code).toBe('PORT_IN_USE');
  expect(busyError.message).toContain(String(busyPort));
  expect(stack.sandbox.calls({ service: 'ssm', op: 'StartSession' }).length).toBe(calls);
  blocker.close();

  // Access denied on StartSession: the tunnel fails with the hint.
  stack.sandbox.addFault({ service: 'ssm', op: 'StartSession', kind: 'accessDenied', times: 1 });
  await page.getByTestId('target-search').fill('analytics-dev');
  await page.getByRole('button', { name: 'Open tunnel to analytics-dev', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Show tunnel to analytics-dev', exact: true })).toBeVisible({ timeout: 15_000 });
  const denied = await expect
    .poll(async () => (await tunnelFor(stack, 'analytics-dev')).state, { timeout: 30_000 })
    .toBe('failed')
    .then(() => tunnelFor(stack, 'analytics-dev'));
  expect(denied.error?.code).toBe('ACCESS_DENIED');
  await expect(card(page, denied)).toContainText('ssm:StartSession');

  // The jump host cannot reach the database (no server behind inventory-dev): unhealthy with the routing hint.
  await page.getByTestId('target-search').fill('inventory-dev');
  await page.getByRole('button', { name: 'Open tunnel to inventory-dev', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Show tunnel to inventory-dev', exact: true })).toBeVisible({ timeout: 15_000 });
  await expect.poll(async () => (await findTunnel(stack, 'inventory-dev'))?.state, { timeout: 40_000 }).toBe('unhealthy');
  const unreachable = await tunnelFor(stack, 'inventory-dev');
  expect(unreachable.health.error?.code).toBe('DESTINATION_UNREACHABLE');
  await expect(card(page, unreachable)).toContainText(/security group/i);

  // The service ends the session: Porthole reconnects behind the same port.
  await page.getByTestId('target-search').fill('orders-dev');
  await page.getByRole('button', { name: 'Open tunnel to orders-dev', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Show tunnel to orders-dev', exact: true })).toBeVisible({ timeout: 15_000 });
  await expect.poll(async () => (await findTunnel(stack, 'orders-dev'))?.state, { timeout: 30_000 }).toBe('healthy');
  const orders = await tunnelFor(stack, 'orders-dev');
  const sessionId = orders.sessionId!;
  stack.sandbox.endSession(sessionId, 'Session terminated by the administrator');
  // It is replaced at once (issue 11): the card counts the restart, and the drawer's recent states say why.
  await expect.poll(async () => (await findTunnel(stack, 'orders-dev'))?.sessionId, { timeout: 30_000 }).not.toBe(sessionId);
  await expect(card(page, orders).getByTestId('restarts')).toHaveText('1');
  await card(page, orders).getByRole('button', { name: 'orders-dev (details)' }).click();
  const drawer = page.getByTestId('drawer');
  await drawer.getByText(/^Recent states/).click();
  await expect(drawer.getByTestId('state-history')).toContainText(/session ended: Session terminated by the administrator/);
  await drawer.getByRole('button', { name: 'Close details of orders-dev' }).click();
  expect(await psql(libpq(orders.localPort), stack.postgres!.password, 'select 3')).toBe('3');
  await page.screenshot({ path: 'e2e/artifacts/failures.png' });
  await expectAccessible(page, 'failed, unhealthy and reconnecting tunnels');
  for (const tunnel of [denied, unreachable, orders]) await stack.daemon.api(`/api/tunnels/${tunnel.id}`, { method: 'DELETE' });
});

test('starts that keep failing: the card shows the attempt and the next try, and Retry now tries at once', async ({ page }) => {
  await openDashboard(page, stack);
  const tunnel = await createTunnel({ profile: DEV.profile, region: 'us-east-1', target: { id: target('orders-dev') }, lazy: false });
  await expect.poll(async () => (await findTunnel(stack, 'orders-dev'))?.state, { timeout: 30_000 }).toBe('healthy');
  const startSessions = () => stack.sandbox.calls({ service: 'ssm', op: 'StartSession' }).length;
  const before = startSessions();
  // The jump host drops off SSM for three starts: the lost session's replacement and two retries fail.
  stack.sandbox.addFault({ service: 'ssm', op: 'StartSession', kind: 'targetNotConnected', times: 3 });
  const plugins = await pluginProcessesFor(stack, ORDERS_DEV_HOST);
  expect(plugins).toHaveLength(1);
  process.kill(plugins[0]!.pid, 'SIGKILL');

  const note = card(page, tunnel).getByTestId('retry-note');
  await expect(note).toContainText(/attempt 3, next try in \d+s/, { timeout: 30_000 });
  await expect(card(page, tunnel).getByTestId('tunnel-state')).toHaveText('reconnecting');
  expect(startSessions()).toBe(before + 3);
  await card(page, tunnel).screenshot({ path: 'e2e/artifacts/retry-note.png' });
  await note.getByRole('button', { name: `Retry now for ${tunnel.name}` }).click();
  await expect(card(page, tunnel).getByTestId('tunnel-state')).toHaveText(/open|healthy/, { timeout: 30_000 });
  await expect(note).toHaveCount(0);
  expect(startSessions()).toBe(before + 4);
  expect(await psql(libpq(tunnel.localPort), stack.postgres!.password, 'select 5')).toBe('5');
  await stack.daemon.api(`/api/tunnels/${tunnel.id}`, { method: 'DELETE' });
  await expect(card(page, tunnel)).toHaveCount(0);
});

test('restart: autostart tunnels come back on their ports; after kill -9 the orphaned plugins are cleaned up and the dashboard says so', async ({
  page,
}) => {
  const tunnel = await createTunnel({
    profile: DEV.profile,
    region: 'us-east-1',
    target: { id: target('orders-dev') },
    autoStart: true,
    lazy: false,
  });
  await expect.poll(async () => (await findTunnel(stack, 'orders-dev'))?.state, { timeout: 30_000 }).toBe('healthy');

  await stack.restartDaemon();
  await expect.poll(async () => (await findTunnel(stack, 'orders-dev'))?.state, { timeout: 30_000 }).toMatch(/open|healthy/);
  expect((await tunnelFor(stack, 'orders-dev')).localPort).toBe(tunnel.localPort);
  expect(await psql(libpq(tunnel.localPort), stack.postgres!.password, 'select 4')).toBe('4');

  // One plugin serves the tunnel (a plugin of an earlier test may still be on its way out: wait for it).
  await expect.poll(async () => (await pluginProcessesFor(stack, ORDERS_DEV_HOST)).length, { timeout: 10_000 }).toBe(1);
  const orphans = await pluginProcessesFor(stack, ORDERS_DEV_HOST);
  const orphanSession = (await tunnelFor(stack, 'orders-dev')).sessionId!;
  await stack.restartDaemon({ kill: true });
  await expect
    .poll(async () => (await pluginProcessesFor(stack, ORDERS_DEV_HOST)).map((proc) => proc.pid), { timeout: 20_000 })
    .not.toContain(orphans[0]!.pid);
  expect(stack.sandbox.sessions().find((session) => session.sessionId === orphanSession)?.state).toBe('terminated');

  await openDashboard(page, stack);
  await expect(page.getByTestId('notice').first()).toContainText(/orphan/i);
  await expect(card(page, tunnel).getByTestId('tunnel-state')).toHaveText(/open|healthy/, { timeout: 30_000 });
  expect(activeSessions().length).toBeGreaterThanOrEqual(1);
  await page.screenshot({ path: 'e2e/artifacts/after-restart.png' });
  await expectAccessible(page, 'the dashboard after a daemon restart');
});

test('plugin missing: the header and a failed tunnel both say how to install it', async ({ page }) => {
  const world = demoWorld();
  const missing = await startStack({
    scenario: world.scenario,
    profiles: world.profiles,
    plugin: '/nonexistent/session-manager-plugin',
    freePorts: true,
  });
  try {
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: missing.daemon.url });
    await page.goto(await missing.daemon.loginUrl());
    await expect(page.getByTestId('plugin-status')).toContainText(/not found/i);
    const response = await missing.daemon.api('/api/tunnels', {
      method: 'POST',
      body: JSON.stringify({
        profile: DEV.profile,
        region: 'us-east-1',
        target: { host: ORDERS_DEV_HOST, port: 5432, name: 'orders-custom' },
        jumpHostId: 'i-00000000000000001',
        lazy: false,
      }),
    });
    expect([201, 424, 503]).toContain(response.status);
    await expect.poll(async () => (await tunnelFor(missing, 'orders-custom')).state, { timeout: 20_000 }).toBe('failed');
    const failed = await tunnelFor(missing, 'orders-custom');
    expect(failed.error?.code).toBe('PLUGIN_NOT_FOUND');
    await expect(card(page, failed)).toContainText(/install/i);
    await expectAccessible(page, 'the plugin missing');
  } finally {
    await missing.close();
  }
});
