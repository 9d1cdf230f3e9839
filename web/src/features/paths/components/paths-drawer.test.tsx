// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { ClientVpnPath, TargetPaths } from '../../../../../shared/paths';
import { DIRECT_HOST, DIRECT_TARGET, directPath } from '../../../test/direct-path';
import { stubApi } from '../../../test/fetch-stub';
import { renderWith } from '../../../test/render';
import { PathsDrawer } from './paths-drawer';

const TARGET = DIRECT_TARGET;
const HOST = DIRECT_HOST;
const direct = directPath;
const saml: ClientVpnPath = {
  endpointId: 'cvpn-endpoint-0sso',
  endpointName: 'engineering-sso',
  status: 'fail',
  summary: 'The rule for dba wins, so dev-team cannot reach it.',
  authentication: [{ type: 'federated' }],
  routeCidr: '10.0.0.0/16',
  authorization: {
    everyone: false,
    groups: ['dba'],
    destinationCidr: '10.0.8.0/24',
    shadowed: [{ groupId: 'dev-team', destinationCidr: '10.0.0.0/16' }],
  },
  checks: [
    {
      id: 'vpn-endpoint',
      title: 'Endpoint available',
      status: 'ok',
      summary: 'available',
      read: ['Status available'],
      why: 'Only an available endpoint accepts clients.',
    },
    {
      id: 'vpn-authorization',
      title: 'An authorization rule admits you',
      status: 'fail',
      summary: 'The rule for 10.0.8.0/24 for dba wins, so dev-team cannot reach it.',
      read: ['10.0.0.0/16 group dev-team active', '10.0.8.0/24 group dba active'],
      why: 'Client VPN drops traffic no rule admits.',
      fix: {
        summary: 'Admit dev-team to the database subnet.',
        commands: [
          'aws ec2 authorize-client-vpn-ingress --client-vpn-endpoint-id cvpn-endpoint-0sso --target-network-cidr 10.0.8.0/24 --access-group-id dev-team',
        ],
      },
    },
  ],
  firstBroken: { check: 'vpn-authorization', title: 'An authorization rule admits you', summary: 'dev-team cannot reach it' },
};
const paths = (patch: Partial<TargetPaths> = {}): TargetPaths => ({
  targetId: TARGET,
  profile: 'acme-dev',
  region: 'us-east-1',
  host: HOST,
  port: 5432,
  engine: 'postgres',
  checkedAt: '2026-12-01T10:00:00.000Z',
  recommendation: { kind: 'direct', message: 'Connect directly: this computer reaches it without a tunnel.' },
  direct: direct(),
  ssm: {
    status: 'ok',
    summary: 'Every link works through bastion.',
    jumpHostId: 'i-0bastion',
    eligibleHostIds: ['i-0bastion'],
    checks: [{ id: 'host-online', title: 'Jump host online in SSM', status: 'ok', summary: 'Online.' }],
  },
  vpn: [saml],
  databaseAddresses: { cidrs: ['10.0.8.12/32'], source: 'interfaces' },
  errors: [],
  ...patch,
});

function drawer(routes: Parameters<typeof stubApi>[0]) {
  const calls = stubApi(routes);
  const handlers = { onClose: vi.fn(), onConnectDirectly: vi.fn(), onDiagnose: vi.fn(), onOpenTunnel: vi.fn() };
  renderWith(<PathsDrawer request={{ targetId: TARGET, name: 'orders' }} fallbackFocusId="targets-title" {...handlers} />);
  return { calls, handlers };
}
const path = `/api/targets/${encodeURIComponent(TARGET)}/paths`;

describe('PathsDrawer', () => {
  it('recommends the direct path when it works, and shows every path side by side', async () => {
    const { handlers } = drawer({ [`GET ${path}`]: { body: paths() } });
    const verdict = await screen.findByTestId('paths-recommendation');
    expect(verdict.textContent).toContain('Recommended: Connect directly: this computer reaches it');
    await userEvent.setup().click(within(verdict).getByRole('button', { name: `Connect directly to ${HOST}` }));
    expect(handlers.onConnectDirectly).toHaveBeenCalledWith({ targetId: TARGET, name: 'orders' });
    const directSection = screen.getByTestId('path-direct');
    expect(directSection.textContent).toContain('10.0.8.12 (private)');
    expect(directSection.textContent).toContain('tun0 (a VPN interface)');
    expect(directSection.textContent).toContain(`verified for ${HOST} · TLSv1.3`);
    expect(within(screen.getByTestId('path-ssm')).getByText('Every link works through bastion.', { exact: false })).toBeTruthy();
    expect(within(screen.getByTestId('path-ssm')).getByTestId('check-host-online')).toBeTruthy();
  });

  it('explains in words which rule keeps a group out, with the failing check open and its fix copyable', async () => {
    drawer({ [`GET ${path}`]: { body: paths() } });
    const endpoint = await screen.findByTestId('vpn-path-cvpn-endpoint-0sso');
    expect(endpoint.textContent).toContain('SAML single sign-on');
    expect(within(endpoint).getByTestId('vpn-authorization').textContent).toContain(
      'Group dev-team has a rule for 10.0.0.0/16, but the rule for 10.0.8.0/24 is more specific and wins (the longest prefix decides), so dev-team cannot reach the database.',
    );
    const check = within(endpoint).getByTestId('check-vpn-authorization');
    expect(check.querySelector('details')?.open).toBe(true);
    expect(within(check).getByTestId('check-status').textContent).toBe('failing');
    expect(within(check).getByRole('button', { name: 'Copy AWS CLI command' })).toBeTruthy();
    expect(within(endpoint).getByTestId('check-vpn-endpoint').querySelector('details')?.open).toBe(false);
  });

  it('checks the rules for the groups the user names', async () => {
    const user = userEvent.setup();
    const { calls } = drawer({ [`GET ${path}`]: { body: paths() }, [`GET ${path}?groups=dev-team`]: { body: paths() } });
    await screen.findByTestId('vpn-path-cvpn-endpoint-0sso');
    await user.type(screen.getByLabelText('Your Client VPN groups'), ' dev-team , dev-team');
    await user.click(screen.getByRole('button', { name: 'Check for these groups' }));
    await waitFor(() => expect(calls.map((c) => c.url)).toContain(`${path}?groups=dev-team`));
    await waitFor(() =>
      expect(screen.getByTestId('vpn-authorization').textContent).toContain(
        'None of your groups (dev-team) is admitted by the rule for 10.0.8.0/24.',
      ),
    );
  });

  it('"Check again" probes the direct path, then reads every path anew', async () => {
    const user = userEvent.setup();
    const { calls } = drawer({
      [`GET ${path}`]: {
        body: paths({
          direct: direct({ status: 'blocked', usable: false, reason: 'timeout' }),
          recommendation: { kind: 'ssm', message: 'Open an SSM tunnel.' },
        }),
      },
      [`POST ${path}/check`]: { body: direct() },
      [`GET ${path}?refresh=1`]: { body: paths() },
    });
    expect((await screen.findByTestId('paths-recommendation')).textContent).toContain('Recommended: Open an SSM tunnel.');
    expect(screen.queryByRole('button', { name: /Connect directly/ })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Check again the ways into orders' }));
    await waitFor(() =>
      expect(screen.getByTestId('paths-recommendation').textContent).toContain('Recommended: Connect directly: this computer reaches it'),
    );
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([`GET ${path}`, `POST ${path}/check`, `GET ${path}?refresh=1`]);
  });

  it('offers the tunnel anyway, and says which reads AWS refused', async () => {
    const { handlers } = drawer({
      [`GET ${path}`]: {
        body: paths({
          errors: [
            {
              call: 'ec2:DescribeClientVpnEndpoints',
              error: { code: 'ACCESS_DENIED', message: 'Not authorized.' },
              missingPermission: 'ec2:DescribeClientVpnEndpoints',
            },
          ],
        }),
      },
    });
    await userEvent.setup().click(await screen.findByRole('button', { name: 'Open tunnel' }));
    expect(handlers.onOpenTunnel).toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toContain('Could not read ec2:DescribeClientVpnEndpoints: Not authorized.');
    expect(screen.getByRole('alert').textContent).toContain('Give your role ec2:DescribeClientVpnEndpoints');
  });
});
