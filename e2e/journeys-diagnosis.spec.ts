// Issue 14 in the dashboard: "Why can't I connect?" against the demo's showcase, where each check is the first
// broken link of one database. The built daemon, the sandbox with IAM modelled, the stand-in plugin and Chromium:
// a tunnel that fails (StartSession refused) → its card names the broken link → the diagnosis drawer with every
// check in words and the fix to copy → run again; a database no jump host can reach is diagnosed from its row and
// through any jump host; the least-privilege IAM policies for the tunnels. axe on every drawer.
import { expect, test, type Page } from '@playwright/test';
import type { IamPolicies, PolicyDocument } from '../shared/api.js';
import { DEV, demoWorld } from './demo/scenario.js';
import { card, expectAccessible, findTunnel, openDashboard, readClipboard, tunnelFor } from './fixtures/journey.js';
import { stackUnavailable, startStack, type Stack } from './fixtures/stack.js';
import { instanceId } from './sandbox/scenario-builder.js';

test.describe.configure({ mode: 'serial' });
test.skip(Boolean(stackUnavailable()), stackUnavailable());

let stack: Stack;
test.beforeAll(async () => {
  test.setTimeout(120_000);
  const world = demoWorld();
  stack = await startStack({ scenario: world.scenario, profiles: world.profiles, freePorts: true });
});
test.afterAll(async () => {
  await stack?.close();
});

/** The showcase pairs each database with its own jump host, numbered from 31 (diagnosis-showcase.ts). */
const PARTNERS_HOST = instanceId(31);
const LEDGER_HOST = instanceId(33);

async function search(page: Page, name: string): Promise<void> {
  await page.getByTestId('target-search').fill(name);
}

test('from a failed tunnel to the fix: the card names the broken link, the drawer says why and what to run', async ({ page }) => {
  await openDashboard(page, stack);
  await search(page, 'partners-dev');
  await page.getByRole('button', { name: 'Open tunnel to partners-dev', exact: true }).click();
  // StartSession is refused on partners' jump host: the tunnel fails and Porthole diagnoses by itself.
  await expect
    .poll(async () => (await findTunnel(stack, 'partners-dev'))?.diagnosis?.firstBroken?.check, { timeout: 30_000 })
    .toBe('iam-start-session');
  const tunnel = await tunnelFor(stack, 'partners-dev');
  expect(tunnel.state).toBe('failed');
  const line = card(page, tunnel).getByTestId('diagnosis-line');
  await expect(line).toContainText('Broken link: Permission to start the session.');
  await expectAccessible(page, 'a failed tunnel with its broken link');
  await page.screenshot({ path: 'e2e/artifacts/diagnosis-card.png' });

  const show = line.getByRole('button', { name: 'Show diagnosis for partners-dev' });
  await show.click();
  const drawer = page.getByTestId('diagnosis');
  await expect(drawer.getByRole('heading', { name: "Why can't I connect to partners-dev?" })).toBeVisible();
  await expect(drawer.getByTestId('diagnosis-verdict')).toContainText('First broken link: Permission to start the session.');
  await expect(drawer).toContainText(PARTNERS_HOST);
  const broken = drawer.getByTestId('check-iam-start-session');
  await expect(broken.getByTestId('check-status')).toHaveText('failing');
  // Every check says its status in words, never by colour alone.
  const statuses = await drawer.getByTestId('check-status').allTextContents();
  expect(statuses.length).toBeGreaterThanOrEqual(10);
  expect(new Set(statuses)).toEqual(new Set(statuses.filter((s) => ['ok', 'warning', 'failing', 'unknown'].includes(s))));
  // An explicit Deny: adding an Allow would not help, so the fix says where to look instead of a command.
  const fix = broken.getByTestId('check-fix');
  await expect(fix).toContainText('A Deny statement in a policy of arn:aws:iam::111122223333:user/alice');
  await expect(fix).toContainText('In the AWS console: IAM → Roles/Users → Permissions');
  await expectAccessible(page, 'the diagnosis drawer');
  await page.screenshot({ path: 'e2e/artifacts/diagnosis-drawer.png' });

  // Run again reads AWS anew (not the result kept with the inventory).
  await drawer.getByRole('button', { name: 'Run again the diagnosis of partners-dev' }).click();
  await expect(drawer.getByTestId('diagnosis-checked')).not.toContainText('kept since', { timeout: 30_000 });
  await expect(drawer.getByTestId('diagnosis-verdict')).toContainText('Permission to start the session');
  await page.keyboard.press('Escape');
  await expect(show).toBeFocused();
});

test('the fix to copy: the exact AWS CLI command, applied, and the link works when run again', async ({ page }) => {
  await openDashboard(page, stack);
  await search(page, 'inventory-dev');
  await page.getByRole('button', { name: 'Diagnose inventory-dev', exact: true }).click();
  const drawer = page.getByTestId('diagnosis');
  await expect(drawer.getByTestId('diagnosis-verdict')).toContainText('First broken link: Database admits the jump host.');
  const broken = drawer.getByTestId('check-sg-ingress');
  await expect(broken.getByTestId('check-status')).toHaveText('failing');
  await expect(broken).toContainText('What was read');
  await expect(broken).toContainText('Why it matters');
  const fix = broken.getByTestId('check-fix');
  await fix.getByRole('button', { name: 'Copy AWS CLI command' }).click();
  const command = await readClipboard(page);
  const args =
    /^aws ec2 authorize-security-group-ingress --region us-east-1 --group-id (\S+) --protocol tcp --port (\d+) --source-group (\S+)$/.exec(
      command,
    );
  expect(args, command).not.toBeNull();
  const [, groupId, port, sourceGroup] = args!;
  await expect(fix).toContainText(`In the AWS console: EC2 → Security Groups → ${groupId}`);

  // Someone runs it: the sandbox's group admits the jump host's group now, and the check passes when run again.
  const scenario = structuredClone(stack.sandbox.scenario());
  const group = scenario.data![DEV.accountId]!['us-east-1']!.securityGroups!.find((g) => g.id === groupId)!;
  group.ingress = [...(group.ingress ?? []), { protocol: 'tcp', port: Number(port), groupId: sourceGroup! }];
  stack.sandbox.patchScenario({ data: scenario.data! });
  await drawer.getByRole('button', { name: 'Run again the diagnosis of inventory-dev' }).click();
  await expect(broken.getByTestId('check-status')).toHaveText('ok', { timeout: 30_000 });
  await expect(drawer.getByTestId('diagnosis-verdict')).not.toContainText('Database admits the jump host');
});

test('the least-privilege IAM policies for the tunnels, as JSON to copy', async ({ page }) => {
  await openDashboard(page, stack);
  const open = page.getByRole('button', { name: 'IAM policy', exact: true });
  await open.click();
  const drawer = page.getByTestId('iam-policy');
  await expect(drawer.getByRole('checkbox', { name: /partners-dev/ })).toBeChecked();
  const user = drawer.getByTestId(`policy-${DEV.accountId}`).getByTestId('user-policy');
  await expect(user).toContainText('ssm:StartSession');
  await expect(user).toContainText(PARTNERS_HOST);
  await user.getByRole('button', { name: `Copy user policy for account ${DEV.accountId}` }).click();
  const copied = JSON.parse(await readClipboard(page)) as PolicyDocument;
  const served = (await (
    await stack.daemon.api(`/api/iam-policy?tunnels=${(await tunnelFor(stack, 'partners-dev')).id}`)
  ).json()) as IamPolicies;
  expect(copied).toEqual(served.accounts[0]!.user);
  await expect(drawer).toContainText('AmazonSSMManagedInstanceCore');
  await expectAccessible(page, 'the IAM policies drawer');
  await page.screenshot({ path: 'e2e/artifacts/iam-policy.png' });
  await page.keyboard.press('Escape');
  await expect(open).toBeFocused();
});

test('a database no jump host can reach is diagnosed from its row, and through any of its jump hosts', async ({ page }) => {
  await openDashboard(page, stack);
  // Every row's Diagnose sits beside its main action: the table never scrolls sideways at 1280 px.
  await search(page, 'partners-dev');
  const show = await page.getByRole('button', { name: 'Show tunnel to partners-dev', exact: true }).boundingBox();
  const icon = await page.getByRole('button', { name: 'Diagnose partners-dev', exact: true }).boundingBox();
  expect(Math.abs(show!.y + show!.height / 2 - (icon!.y + icon!.height / 2))).toBeLessThan(4);
  const scroller = page.getByTestId('targets-scroller');
  expect(await scroller.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
  await search(page, 'ledger-dev');
  const row = page.getByTestId(`target-${DEV.profile}:us-east-1:instance:ledger-dev`);
  await expect(row).toContainText('No eligible jump host');
  await expect(row.getByRole('button', { name: /Open tunnel/ })).toHaveCount(0);
  const diagnose = row.getByRole('button', { name: 'Diagnose ledger-dev' });
  await diagnose.click();
  const drawer = page.getByTestId('diagnosis');
  await expect(drawer.getByTestId('diagnosis-verdict')).toContainText('First broken link: Jump host running.');
  await expect(drawer.getByTestId('check-host-running').getByTestId('check-fix')).toBeVisible();
  await expect(drawer).toContainText(LEDGER_HOST);
  await expectAccessible(page, 'the diagnosis of a database no jump host can reach');
  await page.keyboard.press('Escape');
  await expect(diagnose).toBeFocused();

  // The jump hosts for the database: each one can be diagnosed.
  await row.getByRole('button', { name: /jump hosts for ledger-dev/ }).click();
  const hosts = page.getByTestId('jump-hosts');
  await hosts.getByRole('button', { name: 'Diagnose through it (bastion-ledger, for ledger-dev)' }).click();
  await expect(drawer.getByTestId('check-host-running').getByTestId('check-status')).toHaveText('failing');
  await expect(drawer).toContainText(LEDGER_HOST);
  await expectAccessible(page, 'the diagnosis through a chosen jump host');

  // On a phone the drawer takes the width, and its commands and facts wrap: nothing scrolls sideways.
  await page.setViewportSize({ width: 360, height: 740 });
  await expect(drawer.getByTestId('check-host-running')).toBeVisible();
  const sideways = await page.evaluate<number[]>(
    `(() => { const d = document.querySelector('[data-testid="diagnosis"]'); const b = d.querySelector('.drawer-body');
      return [b.scrollWidth - b.clientWidth, d.getBoundingClientRect().right - window.innerWidth]; })()`,
  );
  expect(sideways.every((overflow) => overflow <= 0)).toBe(true);
  await expectAccessible(page, 'the diagnosis drawer at 360 px');
  await page.screenshot({ path: 'e2e/artifacts/diagnosis-360.png' });
});
