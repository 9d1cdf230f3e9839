import { expect, test } from '@playwright/test';
import { startDaemon, type DaemonHandle } from './fixtures/daemon.js';
import { expectAccessible } from './fixtures/journey.js';

let daemon: DaemonHandle | undefined;
test.afterEach(async () => {
  await daemon?.stop();
  daemon = undefined;
});

test('a browser without the cookie is told how to open the dashboard', async ({ page }) => {
  daemon = await startDaemon();
  await page.goto(daemon.url);
  await expect(page.getByTestId('signed-out')).toBeVisible();
  // The command names this daemon's port (its folder, outside the Porthole folder, only as a placeholder).
  await expect(page.getByTestId('open-command')).toHaveText(`npm run open -- --port ${daemon.port} --config-dir <its config folder>`);
  await expectAccessible(page, 'the signed-out page');
});

test('the dashboard loads through the login link, shows status, and goes live', async ({ page }) => {
  daemon = await startDaemon({ args: ['--plugin', '/nonexistent/session-manager-plugin'] });
  await page.goto(await daemon.loginUrl());
  await expect(page).toHaveURL(`${daemon.url}/`);
  await expect(page.getByTestId('stream-status')).toHaveText('live');
  // Rendered by the daemon with its (empty) inventory, and taken over by the browser without a mismatch.
  await expect(page.locator('html')).toHaveAttribute('data-first-render', 'daemon');
  await expect(page.getByTestId('daemon-version')).toContainText('0.1.0');
  // The plugin is missing: the header says so and how to install it.
  await expect(page.getByTestId('plugin-status')).toContainText(/not found/i);
  await expect(page.getByTestId('plugin-status')).toContainText(/install/i);
  await page.screenshot({ path: 'e2e/artifacts/dashboard-empty.png' });
  await expectAccessible(page, 'the empty dashboard with the plugin missing');
});

test('shows "reconnecting" when the event stream is cut, then "live" again', async ({ page }) => {
  daemon = await startDaemon();
  const { port, configDir } = daemon;
  await page.goto(await daemon.loginUrl());
  await expect(page.getByTestId('stream-status')).toHaveText('live');

  await daemon.stop();
  await expect(page.getByTestId('stream-status')).toHaveText('reconnecting');

  // Same port and config folder: the browser's cookie is still valid.
  daemon = await startDaemon({ port, configDir });
  await expect(page.getByTestId('stream-status')).toHaveText('live');
});

test('settings: change the idle minutes and see the trusted CA bundle', async ({ page }) => {
  daemon = await startDaemon();
  await page.goto(await daemon.loginUrl());
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const settings = page.getByTestId('settings');
  await expect(settings.getByTestId('trust')).toContainText(`${daemon.configDir}/rds-ca-bundle.pem`);
  const idle = settings.getByLabel('Idle minutes before a lazy tunnel ends its session');
  await expect(idle).toHaveValue('15');
  await idle.fill('5');
  await settings.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Settings saved')).toBeVisible();
  const saved = (await (await daemon.api('/api/settings')).json()) as { idleMinutes: number };
  expect(saved.idleMinutes).toBe(5);
  await page.screenshot({ path: 'e2e/artifacts/settings.png' });
  await expectAccessible(page, 'the settings drawer');
});

test('access: rotating the token signs out every other browser; sign-out ends this one', async ({ page, browser }) => {
  daemon = await startDaemon();
  await page.goto(await daemon.loginUrl());
  await expect(page.getByTestId('stream-status')).toHaveText('live');
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await otherPage.goto(await daemon.loginUrl());
  await expect(otherPage.getByTestId('stream-status')).toHaveText('live');
  const oldToken = daemon.token;

  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await page.getByTestId('access').getByRole('button', { name: 'Rotate API token' }).click();
  await expect(page.getByText('API token rotated; 1 browser session ended')).toBeVisible();

  // This browser carries on; the other one, and the old token, are out.
  expect((await page.request.get(`${daemon.url}/api/status`)).status()).toBe(200);
  await otherPage.reload();
  await expect(otherPage.getByTestId('signed-out')).toBeVisible();
  const withOldToken = await fetch(`${daemon.url}/api/status`, { headers: { authorization: `Bearer ${oldToken}` } });
  expect(withOldToken.status).toBe(401);
  await other.close();

  await page.getByTestId('access').getByRole('button', { name: 'Sign out this browser' }).click();
  await expect(page.getByTestId('signed-out')).toBeVisible();
  expect((await page.request.get(`${daemon.url}/api/status`)).status()).toBe(401);
});
