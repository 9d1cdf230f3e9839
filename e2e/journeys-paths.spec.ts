// Issue 15 in the dashboard: the other ways in, on real parts (e2e/fixtures/paths-stack.ts): the AWS sandbox with a
// mutual-TLS and a SAML Client VPN endpoint, a real TLS PostgreSQL this machine reaches without a tunnel, a port
// that never answers, a certificate kit, and Chromium. The name lookup maps the RDS names to loopback as a VPN's DNS
// would; psql gets the same answer through PGHOSTADDR and still verifies the certificate against the real name.
//  (a) a database reachable directly shows "Connect directly", and the copied psql verify-full string works;
//  (b) an endpoint's authorization rule explains why a group cannot reach the database;
//  (c) a .ovpn is downloaded with the client certificate and key merged after <ca>;
//  (d) a revoked client certificate is flagged; and the kit screen makes a CA, issues, revokes and gives the CRL.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, openDashboard, readClipboard } from './fixtures/journey.js';
import { pathsStackUnavailable, startPathsStack, type PathsStack } from './fixtures/paths-stack.js';

const run = promisify(execFile);

test.describe.configure({ mode: 'serial' });
test.skip(Boolean(pathsStackUnavailable()), pathsStackUnavailable());

let stack: PathsStack;
test.beforeAll(async () => {
  test.setTimeout(180_000);
  stack = await startPathsStack();
});
test.afterAll(async () => {
  await stack?.close();
});

const ordersRow = (page: Page) => page.getByTestId(`target-${stack.world.targetId('orders')}`);

test('(a) a database reachable directly: "Connect directly", and psql verify-full works with the real name', async ({ page }) => {
  await openDashboard(page, stack);
  const row = ordersRow(page);
  // Nothing was checked before this page asked: the row says "checking", then what the probe found.
  await expect(row.getByTestId('direct-state')).toHaveText(/Paths · direct/, { timeout: 30_000 });
  await expect(page.getByTestId(`target-${stack.world.targetId('vault')}`).getByTestId('direct-state')).toHaveText(/Paths · blocked/, {
    timeout: 30_000,
  });
  await expect(row.getByRole('button', { name: 'Open tunnel to orders' })).toHaveCount(0);
  await expectAccessible(page, 'the databases with their direct paths');
  await page.screenshot({ path: 'e2e/artifacts/paths-rows.png' });

  await row.getByRole('button', { name: 'Connect directly to orders' }).click();
  const drawer = page.getByTestId('direct-connect');
  await expect(drawer.getByRole('heading', { name: 'Connect directly to orders' })).toBeVisible();
  await expect(drawer.getByTestId('direct-facts')).toContainText(`TLS verified for ${stack.world.ordersHost}`);
  const psqlBlock = drawer.getByTestId('conn-psql');
  await expect(psqlBlock).toContainText(`host=${stack.world.ordersHost}`);
  await expect(psqlBlock).toContainText('sslmode=verify-full');
  await psqlBlock.getByRole('button', { name: 'Copy psql' }).click();
  const copied = await readClipboard(page);
  expect(copied).toContain(`host=${stack.world.ordersHost} port=${stack.postgres.port}`);
  await expectAccessible(page, 'the direct connection strings');
  await page.screenshot({ path: 'e2e/artifacts/paths-connect-directly.png' });

  // The command line as copied, run by a shell: no tunnel, the real name, the certificate checked against it.
  const { stdout } = await run('/bin/sh', ['-c', `${copied} -XAtc 'select current_user'`], {
    env: { ...process.env, PGPASSWORD: stack.postgres.password, PGHOSTADDR: '127.0.0.1', PGCONNECT_TIMEOUT: '10' },
    timeout: 30_000,
  });
  expect(stdout.trim()).toBe('postgres');
  await page.keyboard.press('Escape');
  await expect(row.getByRole('button', { name: 'Connect directly to orders' })).toBeFocused();
});

test('(b) an endpoint’s authorization rule explains why dev-team cannot reach the database', async ({ page }) => {
  await openDashboard(page, stack);
  const row = ordersRow(page);
  await row.getByTestId('direct-state').click();
  const drawer = page.getByTestId('paths');
  await expect(drawer.getByRole('heading', { name: 'Ways into orders' })).toBeVisible();
  await expect(drawer.getByTestId('paths-recommendation')).toContainText('Recommended: Connect directly');
  await expect(drawer.getByTestId('path-direct')).toContainText('DIRECT', { ignoreCase: true });
  const sso = drawer.getByTestId(`vpn-path-${stack.world.vpn.saml.id}`);
  await expect(sso).toBeVisible({ timeout: 30_000 });

  await drawer.getByLabel('Your Client VPN groups').fill('dev-team');
  await drawer.getByRole('button', { name: 'Check for these groups' }).click();
  const rule = sso.getByTestId('check-vpn-authorization');
  await expect(rule.getByTestId('check-status')).toHaveText('failing', { timeout: 30_000 });
  await expect(rule).toContainText('for dba wins, so dev-team cannot reach it');
  const words = sso.getByTestId('vpn-authorization');
  await expect(words).toContainText(`Only group dba may reach the database: the rule for ${stack.world.vpn.dbSubnetCidr} decides.`);
  await expect(words).toContainText(
    `Group dev-team has a rule for ${stack.world.vpn.vpcCidr}, but the rule for ${stack.world.vpn.dbSubnetCidr} is more specific and wins`,
  );
  await expect(words).toContainText(`None of your groups (dev-team) is admitted by the rule for ${stack.world.vpn.dbSubnetCidr}.`);
  await expectAccessible(page, 'the Paths drawer');
  await page.screenshot({ path: 'e2e/artifacts/paths-drawer.png' });

  // The same rule admits dba.
  await drawer.getByLabel('Your Client VPN groups').fill('dba');
  await drawer.getByRole('button', { name: 'Check for these groups' }).click();
  await expect(sso.getByTestId('check-vpn-authorization').getByTestId('check-status')).toHaveText('ok', { timeout: 30_000 });
  await expect(words).toContainText('Your group dba is admitted.');

  // On a phone the drawer takes the width and its facts, rules and commands wrap: nothing scrolls sideways.
  await page.setViewportSize({ width: 360, height: 740 });
  await expect(sso).toBeVisible();
  expect(await sidewaysOverflow(page, 'paths')).toEqual([0, 0]);
  await expectAccessible(page, 'the Paths drawer at 360 px');
  await page.screenshot({ path: 'e2e/artifacts/paths-drawer-360.png' });
});

/** How far the drawer's body and the drawer itself reach past their boxes (0 when nothing scrolls sideways). */
async function sidewaysOverflow(page: Page, testId: string): Promise<number[]> {
  const overflow = await page.evaluate<number[]>(
    `(() => { const d = document.querySelector('[data-testid="${testId}"]'); const b = d.querySelector('.drawer-body');
      return [b.scrollWidth - b.clientWidth, d.getBoundingClientRect().right - window.innerWidth]; })()`,
  );
  return overflow.map((n) => Math.max(0, Math.round(n)));
}

async function openEndpoints(page: Page) {
  await openDashboard(page, stack);
  await page.getByRole('button', { name: 'Client VPN endpoints' }).click();
  const drawer = page.getByTestId('vpn-endpoints');
  const form = drawer.getByTestId(`ovpn-export-${stack.world.vpn.mtls.id}`);
  await expect(form).toBeVisible({ timeout: 30_000 });
  return { drawer, form };
}

test('(c) a .ovpn is exported with the client certificate and key merged after <ca>', async ({ page }) => {
  const { drawer, form } = await openEndpoints(page);
  const mtls = drawer.getByTestId(`vpn-endpoint-${stack.world.vpn.mtls.id}`);
  await expect(mtls).toContainText('mutual TLS (client certificate)');
  await expect(mtls.getByTestId('vpn-rules')).toContainText('for every user');
  await expect(drawer.getByTestId(`vpn-endpoint-${stack.world.vpn.saml.id}`).getByTestId('saml-note')).toContainText('AWS VPN Client');
  await expectAccessible(page, 'the Client VPN endpoints');

  const alice = stack.kit.clients.alice;
  await form.getByLabel('Certificate (PEM)').fill(alice.cert);
  await form.getByLabel('Private key (PEM)').fill(alice.key);
  const downloading = page.waitForEvent('download');
  await form.getByRole('button', { name: /^Download \.ovpn/ }).click();
  const download = await downloading;
  const saved = join(stack.root, 'downloaded.ovpn');
  await download.saveAs(saved);
  const ovpn = await readFile(saved, 'utf8');
  const ca = ovpn.indexOf('</ca>');
  const cert = ovpn.indexOf('<cert>');
  const key = ovpn.indexOf('<key>');
  expect(ca).toBeGreaterThan(0);
  expect(cert).toBeGreaterThan(ca);
  expect(key).toBeGreaterThan(cert);
  expect(ovpn).toContain(`<cert>\n${alice.cert.trim()}\n</cert>`);
  expect(ovpn).toContain('</key>');
  expect(download.suggestedFilename()).toMatch(/\.ovpn$/);
  await expect(form.getByRole('status')).toHaveText(`Downloaded ${download.suggestedFilename()}`);
  // The key was in the page only for the request.
  await expect(form.getByLabel('Private key (PEM)')).toHaveValue('');
  await expect(form.getByTestId('certificate-check')).toHaveText('Certificate check: ok');
  await page.screenshot({ path: 'e2e/artifacts/paths-ovpn-export.png' });

  await page.setViewportSize({ width: 360, height: 740 });
  await expect(form).toBeVisible();
  expect(await sidewaysOverflow(page, 'vpn-endpoints')).toEqual([0, 0]);
  await page.screenshot({ path: 'e2e/artifacts/paths-vpn-endpoints-360.png' });
});

test('(d) a revoked client certificate is flagged; the kit makes a CA, issues, revokes and gives the CRL commands', async ({ page }) => {
  const { form } = await openEndpoints(page);
  const bob = stack.kit.clients.bob;
  await form.getByLabel('Certificate (PEM)').fill(bob.cert);
  await form.getByLabel('Private key (PEM)').fill(bob.key);
  await form.getByRole('button', { name: /^Download \.ovpn/ }).click();
  await expect(form.getByTestId('certificate-check')).toHaveText('Certificate check: failing');
  await expect(form.getByTestId('finding-CERT_REVOKED')).toContainText(/failing: .*revoked on .*: the endpoint will refuse it/);
  await expectAccessible(page, 'a revoked certificate flagged');
  await page.screenshot({ path: 'e2e/artifacts/paths-revoked.png' });
  await page.keyboard.press('Escape');

  await page.getByRole('button', { name: 'Certificate kit' }).click();
  const kit = page.getByTestId('cert-kit');
  const folder = join(stack.root, 'new-kit');
  await kit.getByLabel('Folder').fill(folder);
  await kit.getByLabel('CA name (for a new kit)').fill('Journey VPN CA');
  await kit.getByLabel('Client VPN endpoint for the CRL upload').fill(stack.world.vpn.mtls.id);
  await kit.getByRole('button', { name: 'Create CA' }).click();
  await expect(kit.getByRole('heading', { name: 'CA Journey VPN CA' })).toBeVisible({ timeout: 30_000 });
  await kit.getByLabel('Server name (CN and SAN)').fill('vpn.journey.test');
  await kit.getByRole('button', { name: 'Issue server certificate' }).click();
  const commands = kit.getByTestId('kit-commands');
  await expect(commands).toContainText('aws acm import-certificate', { timeout: 30_000 });
  await kit.getByLabel('Client name (CN)').fill('carol');
  await kit.getByRole('button', { name: 'Issue client certificate' }).click();
  const carol = kit.getByTestId('kit-cert-carol');
  await expect(carol).toContainText('valid until', { timeout: 30_000 });
  await carol.getByRole('button', { name: 'Revoke carol' }).click();
  await carol.getByRole('group', { name: 'Revoke carol?' }).getByRole('button', { name: 'Revoke carol' }).click();
  await expect(carol.getByTestId('kit-cert-state')).toHaveText(/^revoked /);
  await expect(kit.getByTestId('kit-crl')).toContainText('CRL number 1');
  await expect(commands).toContainText(
    `aws ec2 import-client-vpn-client-certificate-revocation-list --client-vpn-endpoint-id ${stack.world.vpn.mtls.id}`,
  );
  await commands.getByRole('button', { name: 'Copy CRL upload command' }).click();
  expect(await readClipboard(page)).toContain('import-client-vpn-client-certificate-revocation-list');
  // The files are real: the CRL the kit wrote lists carol.
  const { stdout } = await run('openssl', ['crl', '-in', join(folder, 'crl.pem'), '-noout', '-text'], { timeout: 20_000 });
  expect(stdout).toContain('Revoked Certificates');
  await expectAccessible(page, 'the certificate kit');
  await page.screenshot({ path: 'e2e/artifacts/paths-cert-kit.png' });
});
