// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ClientConfigResponse, ClientVpnEndpoint, ClientVpnEndpointsResponse } from '../../../../../shared/paths';
import { stubApi } from '../../../test/fetch-stub';
import { renderWith } from '../../../test/render';
import { VpnEndpointsDrawer } from './vpn-endpoints-drawer';

const endpoint = (patch: Partial<ClientVpnEndpoint>): ClientVpnEndpoint => ({
  id: 'cvpn-endpoint-0mtls',
  profile: 'acme-dev',
  region: 'us-east-1',
  name: 'engineering-mtls',
  status: 'available',
  clientCidrBlock: '10.20.0.0/22',
  dnsServers: ['10.0.0.2'],
  splitTunnel: true,
  transportProtocol: 'udp',
  vpnPort: 443,
  securityGroupIds: ['sg-0cvpn'],
  authentication: [{ type: 'certificate', clientRootCertificateChainArn: 'arn:aws:acm:us-east-1:111122223333:certificate/ca' }],
  targetNetworks: [
    { associationId: 'cvpn-assoc-1', subnetId: 'subnet-0cvpn', vpcId: 'vpc-0dev', status: 'associated', securityGroupIds: ['sg-0cvpn'] },
  ],
  routes: [{ destinationCidr: '10.0.0.0/16', targetSubnet: 'subnet-0cvpn', status: 'active', origin: 'associate' }],
  authorizationRules: [{ destinationCidr: '10.0.0.0/16', accessAll: true, status: 'active', description: 'everyone with a certificate' }],
  errors: [],
  ...patch,
});
const sso = endpoint({
  id: 'cvpn-endpoint-0sso',
  name: 'engineering-sso',
  clientCidrBlock: '10.30.0.0/22',
  authentication: [{ type: 'federated', samlProviderArn: 'arn:aws:iam::111122223333:saml-provider/okta' }],
  authorizationRules: [
    { destinationCidr: '10.0.0.0/16', groupId: 'dev-team', accessAll: false, status: 'active' },
    { destinationCidr: '10.0.8.0/24', groupId: 'dba', accessAll: false, status: 'active' },
  ],
});
const list: ClientVpnEndpointsResponse = {
  profile: 'acme-dev',
  region: 'us-east-1',
  fetchedAt: '2026-12-01T10:00:00.000Z',
  cached: false,
  endpoints: [endpoint({}), sso],
  errors: [],
};
const CERT = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const KEY = '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n';
const answer = (patch: Partial<ClientConfigResponse> = {}): ClientConfigResponse => ({
  endpointId: 'cvpn-endpoint-0mtls',
  fileName: 'engineering-mtls.ovpn',
  ovpn: `client\n<ca>\nCA\n</ca>\n<cert>\n${CERT}</cert>\n<key>\n${KEY}</key>\n`,
  federated: false,
  userPass: false,
  certificate: { subject: 'CN=bob', serialNumber: '0a', validTo: '2027-12-01T00:00:00.000Z' },
  check: {
    level: 'fail',
    findings: [
      { code: 'CERT_REVOKED', level: 'fail', message: 'bob was revoked on 2026-11-30: the endpoint will refuse it.' },
      { code: 'CERT_EXPIRES_SOON', level: 'warn', message: 'It expires in 10 days.' },
    ],
  },
  notices: [],
  ...patch,
});

let blobs: Blob[];
let clicked: { download: string; href: string }[];
beforeEach(() => {
  blobs = [];
  clicked = [];
  Object.assign(URL, { createObjectURL: (b: Blob) => (blobs.push(b), `blob:test/${blobs.length}`), revokeObjectURL: () => undefined });
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    clicked.push({ download: this.download, href: this.href });
  });
});
afterEach(() => vi.restoreAllMocks());

const CONFIG = 'POST /api/vpn/endpoints/cvpn-endpoint-0mtls/client-config';
function drawer(routes: Parameters<typeof stubApi>[0]) {
  const calls = stubApi({ 'GET /api/vpn/endpoints?profile=acme-dev&region=us-east-1': { body: list }, ...routes });
  renderWith(
    <VpnEndpointsDrawer
      open
      slices={[
        { profile: 'acme-dev', region: 'us-east-1' },
        { profile: 'acme-prod', region: 'eu-west-1' },
      ]}
      fallbackFocusId="other-ways-title"
      onClose={() => undefined}
    />,
  );
  return calls;
}

describe('VpnEndpointsDrawer', () => {
  it('lists each endpoint with what decides who reaches what', async () => {
    drawer({});
    const mtls = await screen.findByTestId('vpn-endpoint-cvpn-endpoint-0mtls');
    for (const text of [
      'mutual TLS (client certificate)',
      '10.20.0.0/22',
      'on (only the routes below',
      '10.0.0.2',
      'udp 443',
      'subnet-0cvpn in vpc-0dev · associated',
    ])
      expect(mtls.textContent).toContain(text);
    expect(within(mtls).getByTestId('vpn-routes').textContent).toContain('10.0.0.0/16 via subnet-0cvpn · active');
    expect(within(mtls).getByTestId('vpn-rules').textContent).toContain('10.0.0.0/16 for every user · active');
    const samlEndpoint = screen.getByTestId('vpn-endpoint-cvpn-endpoint-0sso');
    expect(within(samlEndpoint).getByTestId('vpn-rules').textContent).toContain('10.0.8.0/24 for group dba');
    expect(within(samlEndpoint).getByTestId('saml-note').textContent).toContain('AWS VPN Client');
  });

  it('exports a .ovpn with the pasted certificate and key as a download, flags a revoked certificate, and empties the key field', async () => {
    const user = userEvent.setup();
    const calls = drawer({ [CONFIG]: { body: answer() } });
    const form = await screen.findByTestId('ovpn-export-cvpn-endpoint-0mtls');
    await user.click(within(form).getByLabelText('Certificate (PEM)'));
    await user.paste(CERT);
    await user.click(within(form).getByLabelText('Private key (PEM)'));
    await user.paste(KEY);
    await user.click(within(form).getByRole('button', { name: 'Download .ovpn for engineering-mtls' }));
    await waitFor(() => expect(within(form).getByRole('status').textContent).toBe('Downloaded engineering-mtls.ovpn'));
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      profile: 'acme-dev',
      region: 'us-east-1',
      certificatePem: CERT,
      privateKeyPem: KEY,
    });
    expect(clicked).toEqual([{ download: 'engineering-mtls.ovpn', href: 'blob:test/1' }]);
    expect(blobs[0]?.type).toBe('application/x-openvpn-profile');
    expect(await blobs[0]?.text()).toContain('</ca>\n<cert>');
    expect(within(form).getByLabelText<HTMLTextAreaElement>('Private key (PEM)').value).toBe('');
    expect(within(form).getByTestId('certificate-check').textContent).toBe('Certificate check: failing');
    expect(within(form).getByTestId('finding-CERT_REVOKED').textContent).toBe(
      'failing: bob was revoked on 2026-11-30: the endpoint will refuse it.',
    );
    expect(within(form).getByTestId('finding-CERT_EXPIRES_SOON').textContent).toContain('warning: It expires in 10 days.');
    // Nothing of the configuration stays in the page.
    expect(document.body.textContent).not.toContain('MIIE');
  });

  it('sends file paths for the daemon to read, and shows a refusal on the form (no download)', async () => {
    const user = userEvent.setup();
    const calls = drawer({
      [CONFIG]: {
        status: 400,
        body: { error: { code: 'OVPN_CERT_INVALID', message: 'The certificate file does not hold a certificate.' } },
      },
    });
    const form = await screen.findByTestId('ovpn-export-cvpn-endpoint-0mtls');
    await user.click(within(form).getByLabelText('Files Porthole reads'));
    await user.type(within(form).getByLabelText('Certificate file'), '/home/me/alice.crt');
    await user.type(within(form).getByLabelText('Key file'), '/home/me/alice.key');
    await user.click(within(form).getByRole('button', { name: /^Download \.ovpn/ }));
    expect((await within(form).findByRole('alert')).textContent).toContain(
      'No configuration: The certificate file does not hold a certificate.',
    );
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      profile: 'acme-dev',
      region: 'us-east-1',
      certificatePath: '/home/me/alice.crt',
      keyPath: '/home/me/alice.key',
    });
    expect(clicked).toEqual([]);
  });

  it('a SAML endpoint downloads without a certificate; another slice is read when picked', async () => {
    const user = userEvent.setup();
    const calls = drawer({
      'POST /api/vpn/endpoints/cvpn-endpoint-0sso/client-config': {
        body: answer({
          endpointId: 'cvpn-endpoint-0sso',
          fileName: 'engineering-sso.ovpn',
          federated: true,
          certificate: undefined,
          check: undefined,
          notices: ['Open it with the AWS VPN Client.'],
        }),
      },
      'GET /api/vpn/endpoints?profile=acme-prod&region=eu-west-1': {
        body: { ...list, profile: 'acme-prod', region: 'eu-west-1', endpoints: [] },
      },
    });
    const form = await screen.findByTestId('ovpn-export-cvpn-endpoint-0sso');
    await user.click(within(form).getByRole('button', { name: 'Download .ovpn for engineering-sso' }));
    expect(await within(form).findByText('Open it with the AWS VPN Client.')).toBeTruthy();
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ profile: 'acme-dev', region: 'us-east-1' });
    await user.selectOptions(screen.getByLabelText('Profile and region'), 'acme-prod / eu-west-1');
    expect(await screen.findByText('No Client VPN endpoint in acme-prod / eu-west-1.')).toBeTruthy();
  });
});
