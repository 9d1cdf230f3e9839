// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Diagnosis } from '../../../../../shared/api';
import { stubApi } from '../../../test/fetch-stub';
import { renderWith } from '../../../test/render';
import { DiagnosisDrawer } from './diagnosis-drawer';

const TARGET = 'acme-dev:us-east-1:instance:inventory-dev';
const diagnosis = (patch: Partial<Diagnosis> = {}): Diagnosis => ({
  targetId: TARGET,
  jumpHostId: 'i-00000000000000001',
  profile: 'acme-dev',
  region: 'us-east-1',
  checkedAt: '2026-11-22T10:00:00.000Z',
  cached: true,
  checks: [
    {
      id: 'host-online',
      title: 'Jump host online in SSM',
      status: 'ok',
      summary: 'Online, agent 3.3.987.0.',
      read: ['PingStatus Online'],
      why: 'Sessions start only on Online instances.',
    },
    {
      id: 'nacl',
      title: 'Network ACLs pass the port',
      status: 'unknown',
      summary: 'Could not read the network ACLs.',
      read: [],
      why: 'An ACL can drop the traffic.',
      missingPermission: 'ec2:DescribeNetworkAcls',
    },
    {
      id: 'sg-ingress',
      title: 'Database security group admits the jump host',
      status: 'fail',
      summary: 'sg-0inventorydb admits only 10.99.0.0/16 on 3306.',
      read: ['sg-0inventorydb ingress tcp 3306 from 10.99.0.0/16'],
      why: 'The database drops connections its groups do not admit.',
      fix: {
        summary: 'Admit the jump host’s group on 3306.',
        commands: [
          'aws ec2 authorize-security-group-ingress --group-id sg-0inventorydb --protocol tcp --port 3306 --source-group sg-0bastion1',
        ],
        console: 'EC2 → Security Groups → sg-0inventorydb → Inbound rules → Edit',
      },
    },
  ],
  firstBroken: {
    check: 'sg-ingress',
    title: 'Database security group admits the jump host',
    summary: 'sg-0inventorydb admits only 10.99.0.0/16 on 3306.',
  },
  ...patch,
});

function drawer(routes: Parameters<typeof stubApi>[0]) {
  const calls = stubApi(routes);
  renderWith(
    <DiagnosisDrawer
      request={{ targetId: TARGET, name: 'inventory-dev' }}
      hostName={() => 'bastion-dev'}
      fallbackFocusId="targets-title"
      onClose={() => undefined}
    />,
  );
  return calls;
}

describe('DiagnosisDrawer', () => {
  const path = `/api/targets/${encodeURIComponent(TARGET)}/diagnosis`;

  it('says the first broken link first, every check with its status in words, and the fix with copyable commands', async () => {
    drawer({ [`GET ${path}`]: { body: diagnosis() } });
    expect(await screen.findByRole('heading', { name: "Why can't I connect to inventory-dev?" })).toBeTruthy();
    expect((await screen.findByTestId('diagnosis-verdict')).textContent).toBe(
      'First broken link: Database security group admits the jump host. sg-0inventorydb admits only 10.99.0.0/16 on 3306. Its fix is below.',
    );
    expect(screen.getByTestId('diagnosis-checked').textContent).toContain('1 failing, 1 unknown, 1 ok');
    const words = screen.getAllByTestId('check-status').map((el) => el.textContent);
    expect(words).toEqual(['ok', 'unknown', 'failing']);
    const broken = screen.getByTestId('check-sg-ingress');
    expect(broken.querySelector('details')?.open).toBe(true);
    expect(screen.getByTestId('check-host-online').querySelector('details')?.open).toBe(false);
    const fix = within(broken).getByTestId('check-fix');
    expect(within(fix).getByText(/^aws ec2 authorize-security-group-ingress/).tagName).toBe('CODE');
    expect(within(fix).getByRole('button', { name: 'Copy AWS CLI command' })).toBeTruthy();
    expect(fix.textContent).toContain('In the AWS console: EC2 → Security Groups');
    expect(screen.getByTestId('check-nacl').textContent).toContain('give your role ec2:DescribeNetworkAcls');
    expect(screen.getByText(/bastion-dev/).textContent).toContain('i-00000000000000001');
  });

  it('"Run again" asks the daemon for a fresh diagnosis and shows it', async () => {
    const user = userEvent.setup();
    const calls = drawer({
      [`GET ${path}`]: { body: diagnosis() },
      [`GET ${path}?refresh=1`]: { body: diagnosis({ cached: false, checks: diagnosis().checks.slice(0, 1), firstBroken: undefined }) },
    });
    await screen.findByTestId('diagnosis-verdict');
    await user.click(screen.getByRole('button', { name: 'Run again the diagnosis of inventory-dev' }));
    await waitFor(() => expect(screen.getByTestId('diagnosis-verdict').textContent).toBe('Every link works.'));
    expect(calls.map((c) => c.url)).toEqual([path, `${path}?refresh=1`]);
  });

  it('a diagnosis the daemon cannot make is said in the drawer', async () => {
    drawer({
      [`GET ${path}`]: {
        status: 409,
        body: { error: { code: 'NO_JUMP_HOST', message: 'There is no SSM managed instance in acme-dev us-east-1.' } },
      },
    });
    expect((await screen.findByRole('alert')).textContent).toContain('No diagnosis: There is no SSM managed instance');
  });
});
