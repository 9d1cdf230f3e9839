// Issue 12: the dashboard a person keeps open all day. The real daemon, sandbox, stand-in plugin, TLS
// PostgreSQL and Chromium: a daemon that dies, removing with undo, the user's own user/database/jump host, a
// database no jump host can reach, keyboard paths, an empty search, and phone widths; axe on every page.
import { mkdir } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import type { DaemonStatus } from '../shared/api.js';
import { DEV, demoWorld, PROD } from './demo/scenario.js';
import { card, expectAccessible, findTunnel, openDashboard, psql, readClipboard, tunnelFor, tunnels } from './fixtures/journey.js';
import { startDaemon } from './fixtures/daemon.js';
import { stackUnavailable, startStack, type Stack } from './fixtures/stack.js';

test.describe.configure({ mode: 'serial' });
test.skip(Boolean(stackUnavailable()), stackUnavailable());

let stack: Stack;
test.beforeAll(async () => {
  test.setTimeout(180_000);
  await mkdir(shotDir, { recursive: true });
  const world = demoWorld({ latencyMs: 50 });
  stack = await startStack({ scenario: world.scenario, profiles: world.profiles, postgres: world.postgres, label: 'demo' });
});
test.afterAll(async () => {
  await stack?.close();
});

const VAULT_ID = `${PROD.profile}:eu-west-1:instance:gdpr-vault`;
/** `PORTHOLE_DOCS_SCREENSHOTS=1` writes the README's screenshots into docs/; otherwise they go with the artifacts. */
const shotDir = process.env.PORTHOLE_DOCS_SCREENSHOTS === '1' ? 'docs' : 'e2e/artifacts';
/** A lazy tunnel comes back from a daemon restart listening (idle) until a client connects. */
const UP = /idle|open|healthy/;

const named = async (name: string) => (await tunnels(stack)).filter((t) => t.name === name);

async function noSidewaysScroll(page: Page): Promise<void> {
  expect(await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth')).toBeLessThanOrEqual(0);
}

test('a tunnel on its way up says what it waits for; healthy shows every health layer known', async ({ page }) => {
  await openDashboard(page, stack);
  await page.getByTestId('target-search').fill('orders-dev');
  await page.getByRole('button', { name: 'Open tunnel to orders-dev', exact: true }).click();
  await expect.poll(async () => (await named('orders-dev')).length).toBe(1);
  const tunnel = await tunnelFor(stack, 'orders-dev');
  await expect(card(page, tunnel).getByTestId('tunnel-state')).toHaveText('healthy', { timeout: 30_000 });
  await page.getByTestId('target-search').fill('payments-dev');
  await page.getByRole('button', { name: 'Open tunnel to payments-dev', exact: true }).click();
  await expect.poll(async () => (await named('payments-dev'))[0]?.state, { timeout: 30_000 }).toBe('healthy');

  await card(page, tunnel).getByRole('button', { name: 'orders-dev (details)' }).click();
  const drawer = page.getByTestId('drawer');
  for (const layer of ['credentials', 'jump-host', 'relay', 'session', 'database']) {
    await expect(drawer.getByTestId(`layer-${layer}`)).toContainText('ok');
  }
  // The drawer names the jump host as the card does.
  await expect(drawer.getByTestId('drawer-jump-host')).toContainText('bastion-dev');
  await expectAccessible(page, 'the drawer of a healthy tunnel');
  // Closing it gives focus back to what opened it.
  await page.keyboard.press('Escape');
  await expect(card(page, tunnel).getByRole('button', { name: 'orders-dev (details)' })).toBeFocused();
});

test('the daemon is killed: within 5 s nothing says "healthy", one banner gives the command; it comes back by itself', async ({ page }) => {
  await openDashboard(page, stack);
  const tunnel = await tunnelFor(stack, 'orders-dev');
  await expect(card(page, tunnel).getByTestId('tunnel-state')).toHaveText('healthy');
  const status = (await (await stack.daemon.api('/api/status')).json()) as DaemonStatus;
  await page.getByTestId('target-search').fill('dev');
  await page.screenshot({ path: `${shotDir}/dashboard-1280.png` });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${shotDir}/dashboard-390.png` });
  await page.setViewportSize({ width: 1280, height: 800 });

  await stack.daemon.kill();
  await expect(page.locator('body')).not.toContainText('healthy', { timeout: 5_000 });
  await expect(page.getByTestId('link-banner')).toBeVisible();
  await expect(page.getByTestId('link-banner')).toContainText(status.startCommand!);
  expect(status.startCommand).toBe(`npm start -- --port ${stack.daemon.port} --config-dir ${stack.daemon.configDir}`);
  await expect(card(page, tunnel).getByTestId('tunnel-state')).toHaveText('unknown');
  await expect(page.getByTestId('plugin-status')).toContainText('unknown');
  await expect(page.getByTestId('stream-status')).toHaveText('reconnecting');
  await expect(card(page, tunnel).getByRole('button', { name: 'Stop orders-dev' })).toBeDisabled();
  await expect(page.getByRole('alert').filter({ hasText: /`/ })).toHaveCount(0);
  await page.screenshot({ path: 'e2e/artifacts/daemon-gone.png' });
  await expectAccessible(page, 'the dashboard with the daemon gone');

  // Same port and folder: the page reconnects, and the autostart tunnel is back.
  await stack.restartDaemon();
  await expect(page.getByTestId('stream-status')).toHaveText('live', { timeout: 15_000 });
  await expect(page.getByTestId('link-banner')).toHaveCount(0);
  const described = async () => {
    const t = await tunnelFor(stack, 'orders-dev');
    return `${t.state}: ${t.error?.code ?? ''} ${t.error?.message ?? t.reason ?? ''}`;
  };
  await expect.poll(described, { timeout: 30_000 }).toMatch(/^(idle|open|healthy):/);
  await expect(card(page, tunnel).getByTestId('tunnel-state')).toHaveText(UP);
});

test('remove asks first, in words; the removed tunnel can be undone, and focus never falls to the page', async ({ page }) => {
  await openDashboard(page, stack);
  const tunnel = await tunnelFor(stack, 'orders-dev');
  await expect(card(page, tunnel).getByTestId('tunnel-state')).toHaveText(UP, { timeout: 30_000 });
  await card(page, tunnel).getByRole('button', { name: 'Remove orders-dev' }).click();
  const confirm = card(page, tunnel).getByRole('group', { name: /Remove orders-dev\?/ });
  await expect(confirm).toBeVisible();
  await expect(confirm.getByRole('button', { name: 'Keep it' })).toBeFocused();
  // Hovering the confirm button keeps it legible (it was white on white).
  await confirm.getByRole('button', { name: 'Remove tunnel orders-dev' }).hover();
  const colours = await page.evaluate<string[]>(
    `(() => { const s = getComputedStyle(document.querySelector('[data-testid="tunnel-${tunnel.id}"] .confirm .btn-danger')); return [s.color, s.backgroundColor]; })()`,
  );
  expect(colours[0]).not.toBe(colours[1]);
  await expectAccessible(page, 'the remove confirmation');

  await confirm.getByRole('button', { name: 'Remove tunnel orders-dev' }).click();
  const undo = page.getByRole('button', { name: 'Undo removing orders-dev' });
  await expect(undo).toBeFocused();
  await expect.poll(async () => (await named('orders-dev')).length).toBe(0);
  await expectAccessible(page, 'a removed tunnel with its undo');

  await undo.click();
  await expect.poll(async () => (await named('orders-dev')).length, { timeout: 15_000 }).toBe(1);
  const back = await tunnelFor(stack, 'orders-dev');
  expect(back).toMatchObject({ localPort: tunnel.localPort, jumpHostId: tunnel.jumpHostId, profile: tunnel.profile, lazy: tunnel.lazy });
  await expect(card(page, back).getByRole('button', { name: 'orders-dev (details)' })).toBeFocused();
  await expect(card(page, back).getByTestId('tunnel-state')).toHaveText(UP, { timeout: 30_000 });
});

test('the user picks the database user, the database and the jump host; the strings follow and it is remembered', async ({ page }) => {
  await openDashboard(page, stack);
  const tunnel = await tunnelFor(stack, 'orders-dev');
  await card(page, tunnel).getByRole('button', { name: 'Connection strings for orders-dev' }).click();
  const drawer = page.getByTestId('drawer');
  const defaults = drawer.getByTestId('connection-defaults');
  await expect(defaults.getByLabel('Database user')).toHaveValue('postgres');
  await defaults.getByLabel('Database', { exact: true }).fill('template1');
  await defaults.getByRole('button', { name: 'Use in the strings' }).click();
  await expect(defaults.getByRole('status')).toContainText('Saved for this tunnel');
  await expect(drawer.getByTestId('conn-libpq')).toContainText('dbname=template1 user=postgres');
  await drawer.getByTestId('conn-libpq').getByRole('button').first().click();
  const copied = await readClipboard(page);
  expect(await psql(copied, stack.postgres!.password, 'select current_database()')).toBe('template1');
  expect((await tunnelFor(stack, 'orders-dev')).database).toBe('template1');

  // Another eligible jump host: the session moves there; the card and the drawer name it.
  const picker = drawer.getByLabel('Use another jump host');
  await picker.selectOption({ label: 'app-worker-dev-1 (i-00000000000000002)' });
  await drawer.getByRole('button', { name: 'Use this jump host' }).click();
  await expect.poll(async () => (await tunnelFor(stack, 'orders-dev')).jumpHostId).toBe('i-00000000000000002');
  await expect(drawer.getByTestId('drawer-jump-host')).toContainText('app-worker-dev-1');
  await expectAccessible(page, 'the drawer with the user, database and jump host fields');
  await page.keyboard.press('Escape');
  await expect(card(page, tunnel).getByTestId('tunnel-state')).toHaveText(UP, { timeout: 30_000 });
  await expect(card(page, tunnel)).toContainText('app-worker-dev-1');

  // Remembered: a fresh page shows the saved database in the strings.
  await page.reload();
  await card(page, tunnel).getByRole('button', { name: 'Connection strings for orders-dev' }).click();
  await expect(page.getByTestId('drawer').getByTestId('conn-libpq')).toContainText('dbname=template1');
});

test('a database no eligible jump host can reach says why instead of offering Open tunnel, and lets the user pick one', async ({
  page,
}) => {
  await openDashboard(page, stack);
  await page.getByTestId('target-search').fill('gdpr-vault');
  const row = page.getByTestId(`target-${VAULT_ID}`);
  await expect(row).toContainText('No eligible jump host');
  await expect(row.getByRole('button', { name: /Open tunnel/ })).toHaveCount(0);
  await row.getByRole('button', { name: 'Choose jump host for gdpr-vault' }).click();
  const hosts = page.getByTestId('jump-hosts');
  await expect(hosts.getByRole('heading', { name: 'Jump hosts for gdpr-vault' })).toBeFocused();
  await expect(hosts).toContainText('It works if that VPC can route to the database');
  await expectAccessible(page, 'an ineligible database with its jump hosts');
  await hosts.getByRole('button', { name: 'Open tunnel through it (bastion-prod-eu, for gdpr-vault)' }).click();
  // The click's request may still be on its way: poll for the tunnel, not assume it.
  await expect.poll(async () => (await findTunnel(stack, 'gdpr-vault'))?.jumpHostId, { timeout: 15_000 }).toBe('i-00000000000000015');
  const vault = await tunnelFor(stack, 'gdpr-vault');
  await expect(card(page, vault)).toBeVisible();
  await stack.daemon.api(`/api/tunnels/${vault.id}`, { method: 'DELETE' });
  await expect(card(page, vault)).toHaveCount(0);
});

test('keyboard: three Tabs from the search to the first row action; a search with no match says so', async ({ page }) => {
  await openDashboard(page, stack);
  const search = page.getByTestId('target-search');
  await expect(page.getByRole('button', { name: 'Open tunnel to analytics-dev' })).toBeVisible();
  await search.focus();
  let tabs = 0;
  const focused = () => page.evaluate<string>('(document.activeElement?.textContent ?? "").replace(/\\s+/g, " ").trim()');
  const path: string[] = [];
  while (tabs < 10 && (await focused()) !== 'Open tunnel to analytics-dev') {
    await page.keyboard.press('Tab');
    path.push(await focused());
    tabs++;
  }
  expect(tabs, path.join(' → ')).toBeLessThanOrEqual(3);

  await search.fill('no-such-database');
  const targets = page.getByTestId('targets');
  await expect(targets).toContainText('No database matches “no-such-database”');
  await expect(targets.getByRole('rowheader')).toHaveCount(0);
  await expectAccessible(page, 'a search with no match');
  await targets.getByRole('button', { name: 'Clear search' }).last().click();
  await expect(page.getByRole('button', { name: 'Open tunnel to analytics-dev' })).toBeVisible();
});

for (const width of [390, 360]) {
  test(`phone width ${width}: no sideways scroll, tunnels first, profiles folded, the table scrolls with the page`, async ({ page }) => {
    await page.setViewportSize({ width, height: 800 });
    await openDashboard(page, stack);
    const tunnel = await tunnelFor(stack, 'orders-dev');
    await expect(card(page, tunnel).getByTestId('tunnel-state')).toHaveText(UP, { timeout: 30_000 });
    await noSidewaysScroll(page);
    // One header row; tunnels above databases above profiles.
    expect((await page.getByTestId('header').boundingBox())!.height).toBeLessThan(60);
    const top = async (id: string) => (await page.getByTestId(id).boundingBox())!.y;
    expect(await top('tunnels')).toBeLessThan(await top('targets'));
    expect(await top('targets')).toBeLessThan(await top('profiles'));
    expect(await top('tunnels')).toBeLessThan(800);
    await expect(page.getByTestId('profiles').getByRole('button', { name: 'Show AWS profiles' })).toHaveAttribute('aria-expanded', 'false');
    await expect(page.getByTestId(`profile-${DEV.profile}`)).toBeHidden();
    // No scroll box inside the page for the table, and no column header row.
    expect(await page.evaluate<string>(`getComputedStyle(document.querySelector('[data-testid="targets-scroller"]')).overflowY`)).toBe(
      'visible',
    );
    await expect(page.getByRole('columnheader')).toHaveCount(0);
    await expectAccessible(page, `the dashboard at ${width} px`);

    // A link to a profile unfolds the list and lands on it.
    await page.getByRole('button', { name: 'Show AWS profiles' }).click();
    await expect(page.getByTestId(`profile-${DEV.profile}`)).toBeVisible();
    await noSidewaysScroll(page);
    await page.getByTestId('target-search').fill('orders-dev');
    await noSidewaysScroll(page);
  });
}

test('phone width with the plugin missing: "Look again" is on screen and nothing scrolls sideways', async ({ page }) => {
  const daemon = await startDaemon({ args: ['--plugin', '/nonexistent/session-manager-plugin'] });
  try {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(await daemon.loginUrl());
    await expect(page.getByTestId('stream-status')).toHaveText('live');
    const lookAgain = page.getByRole('button', { name: 'Look again' });
    const box = (await lookAgain.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(360);
    await noSidewaysScroll(page);
    await expectAccessible(page, 'the plugin-missing banner at 360 px');
  } finally {
    await daemon.stop();
  }
});
