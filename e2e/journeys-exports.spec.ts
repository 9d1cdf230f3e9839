// Issue 16 in the dashboard: Add to pg_service.conf, in a temporary HOME (the stack's: its AWS files live there
// too). The file the user already has keeps every line; Porthole's block gets the PostgreSQL tunnels with the same
// settings as the strings, and the MySQL one is skipped with its reason. The tunnel's drawer offers the exports its
// engine fits. The built daemon, the sandbox and Chromium; axe on the settings drawer.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { Tunnel } from '../shared/api.js';
import { DEV, demoWorld, ORDERS_DEV_HOST } from './demo/scenario.js';
import { card, expectAccessible, openDashboard } from './fixtures/journey.js';
import { stackUnavailable, startStack, type Stack } from './fixtures/stack.js';

test.describe.configure({ mode: 'serial' });
test.skip(Boolean(stackUnavailable()), stackUnavailable());

let stack: Stack;
test.beforeAll(async () => {
  test.setTimeout(120_000);
  const world = demoWorld();
  // The runner's own PGSERVICEFILE must not send the export elsewhere: the file is the temporary HOME's.
  stack = await startStack({ scenario: world.scenario, profiles: world.profiles, freePorts: true, daemonEnv: { PGSERVICEFILE: '' } });
});
test.afterAll(async () => {
  await stack?.close();
});

/** A saved tunnel that only listens (lazy): an export needs no session. */
async function saved(name: string): Promise<Tunnel> {
  const response = await stack.daemon.api('/api/tunnels', {
    method: 'POST',
    body: JSON.stringify({
      profile: DEV.profile,
      region: 'us-east-1',
      target: { id: `${DEV.profile}:us-east-1:instance:${name}` },
      lazy: true,
    }),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as Tunnel;
}

test('Add to pg_service.conf writes Porthole’s block into the file, keeps the user’s lines, and says what it wrote', async ({ page }) => {
  const orders = await saved('orders-dev');
  const inventory = await saved('inventory-dev');
  const file = join(stack.awsEnv.home, '.pg_service.conf');
  const own = '# my services\n[reporting]\nhost=reports.internal\nport=5432\n';
  await writeFile(file, own, { mode: 0o600 });

  await openDashboard(page, stack);
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const item = page.getByTestId('settings').getByTestId('export-pg-service');
  await expect(item).toContainText(`Adds Porthole's block to ${file}; every other line stays as it is.`);
  await item.getByRole('button', { name: 'Add to pg_service.conf' }).click();
  const result = item.getByTestId('export-result');
  await expect(result).toContainText(`Wrote 1 entry to ${file}.`);
  await expect(result).toContainText('orders-dev as orders-dev');
  await expect(result).toContainText('Skipped inventory-dev: not PostgreSQL');
  await expect(result).toContainText('Next: Connect with: psql service=orders-dev');
  await expectAccessible(page, 'the settings drawer with an export written');
  await page.screenshot({ path: 'e2e/artifacts/exports-settings.png' });

  const text = await readFile(file, 'utf8');
  expect(text.startsWith(own)).toBe(true);
  const block = text.slice(text.indexOf('# >>> porthole'), text.indexOf('# <<< porthole'));
  expect(block).toContain('[orders-dev]');
  expect(block).toContain(`host=${ORDERS_DEV_HOST}`);
  expect(block).toContain('hostaddr=127.0.0.1');
  expect(block).toContain(`port=${orders.localPort}`);
  expect(block).toContain('sslmode=verify-full');
  expect(block).not.toContain(`port=${inventory.localPort}\n`);
  expect(text).toContain('# <<< porthole');
  await page.keyboard.press('Escape');

  // The tunnel's drawer offers the exports its engine fits: all three for PostgreSQL, DBeaver alone for MySQL.
  await card(page, orders).getByRole('button', { name: 'Connection strings for orders-dev' }).click();
  const exports = page.getByTestId('drawer').getByTestId('exports');
  await expect(exports.getByRole('button', { name: /^Add to / })).toHaveText([
    'Add to DBeaver',
    'Add to pgAdmin',
    'Add to pg_service.conf',
  ]);
  await page.keyboard.press('Escape');
  await card(page, inventory).getByRole('button', { name: 'Connection strings for inventory-dev' }).click();
  await expect(
    page
      .getByTestId('drawer')
      .getByTestId('exports')
      .getByRole('button', { name: /^Add to / }),
  ).toHaveText(['Add to DBeaver']);
});
