// Issue 13 in the dashboard: the built daemon, the AWS sandbox with IAM Identity Center, the stand-in plugin, a real
// TLS PostgreSQL behind the RDS name and Chromium. Sign in on the profile (IAM Identity Center's page opens in a new
// tab: Allow there, and the browser comes back to the daemon's /oauth/callback) → the countdown → a tunnel serves
// psql → on the sandbox's clock the sign-in session ends with the tunnel open → the tunnel waits for sign-in on its
// port → Sign in on the card → the same port serves psql again. Then the accounts the sign-in reaches: one added as
// a source, removed, and brought back with Undo. axe on every page.
import { expect, test, type Page } from '@playwright/test';
import type { Profile } from '../shared/api.js';
import { card, expectAccessible, openDashboard, psql, readClipboard, tunnelFor } from './fixtures/journey.js';
import { startSsoStack } from './fixtures/sso-stack.js';
import { stackUnavailable, type Stack } from './fixtures/stack.js';

test.describe.configure({ mode: 'serial' });
test.skip(Boolean(stackUnavailable()), stackUnavailable());

const DB = 'db-0001';
/** The sandbox's sign-in session lasts 8 hours (its default). */
const SESSION_MS = 8 * 3600 * 1000;

let stack: Stack;
test.beforeAll(async () => {
  test.setTimeout(180_000);
  stack = await startSsoStack();
});
test.afterAll(async () => {
  await stack?.close();
});

const profile = (page: Page) => page.getByTestId('profile-dev');
const loginOf = async () =>
  ((await (await stack.daemon.api('/api/profiles')).json()) as { profiles: Profile[] }).profiles.find((p) => p.name === 'dev')?.login;

/** A click that opens IAM Identity Center's page in a new tab: Allow there; the tab lands on the daemon's page. */
async function approveInNewTab(page: Page, click: () => Promise<void>): Promise<void> {
  const opened = page.context().waitForEvent('page');
  await click();
  const tab = await opened;
  await tab.getByRole('button', { name: 'Allow' }).click();
  await expect(tab.getByTestId('signed-in')).toBeVisible();
  expect(new URL(tab.url()).origin).toBe(stack.daemon.url);
  await expectAccessible(tab, "the daemon's signed-in page");
  await tab.close();
}

test('sign in, the countdown, expiry with a tunnel open, the tunnel waits, sign in from its card, the same port serves', async ({
  page,
}) => {
  test.setTimeout(150_000);
  await openDashboard(page, stack);
  await expect(profile(page).getByTestId('login-state')).toHaveText('Not signed in');
  await expectAccessible(page, 'an SSO profile that is signed out');

  // Sign in on the profile: the page opens in a new tab, and the profile follows by itself.
  await approveInNewTab(page, () => profile(page).getByRole('button', { name: 'Sign in to dev' }).click());
  await expect(profile(page).getByTestId('login-state')).toContainText('Signed in');
  const countdown = profile(page).getByTestId('login-countdown');
  await expect(countdown).toHaveText(/^(5\d:\d\d|1:00:00)$/);
  const first = await countdown.textContent();
  await expect(countdown).not.toHaveText(first!);
  await expect(profile(page).getByRole('status').filter({ hasText: 'Signed in' })).toBeVisible();
  await expectAccessible(page, 'a signed-in profile with its countdown');
  await page.screenshot({ path: 'e2e/artifacts/signed-in.png' });

  // A tunnel to the database, with the fixture's user and database in its strings; psql through it.
  await page.getByRole('button', { name: `Open tunnel to ${DB}`, exact: true }).click();
  await expect.poll(async () => (await tunnelFor(stack, DB).catch(() => undefined))?.state, { timeout: 30_000 }).toMatch(/open|healthy/);
  const tunnel = await tunnelFor(stack, DB);
  await card(page, tunnel)
    .getByRole('button', { name: `Connection strings for ${DB}` })
    .click();
  const drawer = page.getByTestId('drawer');
  await drawer.getByLabel('Database user').fill(stack.postgres!.user);
  await drawer.getByLabel('Database', { exact: true }).fill(stack.postgres!.database);
  await drawer.getByRole('button', { name: 'Use in the strings' }).click();
  await expect(drawer.getByTestId('conn-libpq')).toContainText(`user=${stack.postgres!.user}`);
  await drawer.getByTestId('conn-libpq').getByRole('button').first().click();
  const libpq = await readClipboard(page);
  await page.keyboard.press('Escape');
  expect(await psql(libpq, stack.postgres!.password)).toBe('1');
  await expect(profile(page).getByTestId('credentials-countdown')).toHaveText(/^\d+:\d\d$/);

  // The sign-in session ends on the service's clock while the tunnel is open; when the session ends the next one
  // cannot start: the tunnel waits on its port, and the profile says the sign-in expired.
  const open = await tunnelFor(stack, DB);
  stack.sandbox.clock.advance(SESSION_MS + 60_000);
  expect(stack.sandbox.endSession(open.sessionId!, 'Your session has reached its maximum allowed duration.')).toBe(true);
  const waiting = card(page, tunnel);
  await expect(waiting.getByTestId('tunnel-state')).toHaveText('waiting-for-sign-in', { timeout: 30_000 });
  await expect(waiting.getByTestId('tunnel-reason')).toContainText('Waiting for sign-in to dev');
  await expect(waiting.getByTestId('sign-in-wait')).toContainText(`localhost:${tunnel.localPort} still listens`);
  await expect.poll(async () => (await loginOf())?.state, { timeout: 30_000 }).toBe('expired');
  await expect(profile(page).getByTestId('login-state')).toHaveText('Sign-in expired');
  await expectAccessible(page, 'a tunnel waiting for sign-in');
  await page.screenshot({ path: 'e2e/artifacts/waiting-for-sign-in.png' });

  // Sign in from the card: the same tab flow; the tunnel resumes on the same port and psql works through it.
  await approveInNewTab(page, () => waiting.getByRole('button', { name: 'Sign in to dev' }).click());
  await expect(profile(page).getByTestId('login-state')).toContainText('Signed in');
  await expect(waiting.getByTestId('tunnel-state')).toHaveText(/idle|open|healthy/, { timeout: 30_000 });
  await expect(waiting.getByTestId('sign-in-wait')).toHaveCount(0);
  expect(await psql(libpq, stack.postgres!.password)).toBe('1');
  const back = await tunnelFor(stack, DB);
  expect(back.localPort).toBe(tunnel.localPort);
  expect(back.sessionId).not.toBe(open.sessionId);
});

test('the accounts a sign-in reaches: add one as a source, remove it, undo', async ({ page }) => {
  await openDashboard(page, stack);
  await expect(profile(page).getByTestId('login-state')).toContainText('Signed in');
  const accountId = stack.sandbox.scenario().sso!.accounts[0]!.accountId;
  const picker = page.getByTestId('accounts-dev');
  await picker.getByText('Accounts this sign-in reaches').click();
  const add = picker.getByRole('button', { name: /^Add as source \(AdministratorAccess in / });
  await expect(add).toBeVisible();
  await expectAccessible(page, 'the accounts a sign-in reaches');
  await page.screenshot({ path: 'e2e/artifacts/accounts.png' });
  await add.click();
  await expect(picker.getByRole('status')).toContainText('Added');
  const added = (await (await stack.daemon.api('/api/profiles')).json()) as { profiles: Profile[] };
  const source = added.profiles.find((p) => p.kind === 'sso-account' && p.ssoAccount?.accountId === accountId)!;
  expect(source.ssoAccount).toMatchObject({ sourceProfile: 'dev', roleName: 'AdministratorAccess' });
  await expect(picker).toContainText(`added as ${source.name}`);

  const item = page.getByTestId(`profile-${source.name}`);
  await item.getByText('For the AWS CLI: the ~/.aws/config section').click();
  await item.getByRole('button', { name: `Copy config snippet for ${source.name}` }).click();
  expect(await readClipboard(page)).toBe(source.ssoAccount!.configSnippet);

  await item.getByRole('button', { name: `Remove ${source.name}` }).click();
  await expect(item.getByRole('button', { name: 'Keep it' })).toBeFocused();
  await item.getByRole('button', { name: `Remove source ${source.name}` }).click();
  const undo = page.getByRole('button', { name: `Undo removing ${source.name}` });
  await expect(undo).toBeFocused();
  await expect(page.getByTestId(`profile-${source.name}`)).toHaveCount(0);
  await expectAccessible(page, 'a removed source with its undo');
  await undo.click();
  await expect(page.getByTestId(`profile-${source.name}`)).toBeVisible();
  await expect(page.getByTestId(`profile-${source.name}`).getByRole('heading', { name: source.name })).toBeFocused();
});
