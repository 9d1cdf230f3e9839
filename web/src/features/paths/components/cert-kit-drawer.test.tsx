// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { CertKitChange, CertKitState, KitCertificateInfo } from '../../../../../shared/paths';
import { stubApi } from '../../../test/fetch-stub';
import { renderWith } from '../../../test/render';
import { CertKitDrawer } from './cert-kit-drawer';

const FOLDER = '/home/me/vpn-kit';
const cert = (name: string, kind: 'server' | 'client', patch: Partial<KitCertificateInfo> = {}): KitCertificateInfo => ({
  kind,
  name,
  serial: `0${name.length}`,
  issuedAt: '2026-12-01T10:00:00.000Z',
  notAfter: '2028-12-01T10:00:00.000Z',
  certPath: `${FOLDER}/${kind}-${name}.crt`,
  keyPath: `${FOLDER}/${kind}-${name}.key`,
  ...patch,
});
const ACM = 'aws acm import-certificate --certificate fileb:///home/me/vpn-kit/server-vpn.acme.example.crt --region us-east-1';
const CRL = 'aws ec2 import-client-vpn-client-certificate-revocation-list --client-vpn-endpoint-id cvpn-endpoint-0mtls --region us-east-1';
const kit = (patch: Partial<CertKitState> = {}): CertKitState => ({
  folder: FOLDER,
  ca: { commonName: 'Acme VPN CA', serial: '01', notAfter: '2036-12-01T10:00:00.000Z', certPath: `${FOLDER}/ca.crt` },
  certificates: [],
  acmImports: [],
  ...patch,
});
const withServer = kit({
  certificates: [cert('vpn.acme.example', 'server')],
  acmImports: [{ name: 'vpn.acme.example', command: { argv: [], text: ACM, purpose: 'Import the server certificate into ACM.' } }],
});
const withAlice = { ...withServer, certificates: [...withServer.certificates, cert('alice', 'client')] };
const revoked: CertKitChange = {
  kit: {
    ...withAlice,
    certificates: [withServer.certificates[0]!, cert('alice', 'client', { revokedAt: '2026-12-01T11:00:00.000Z' })],
    crl: { number: 1, path: `${FOLDER}/crl.pem`, thisUpdate: '2026-12-01T11:00:00.000Z', nextUpdate: '2027-05-30T11:00:00.000Z' },
    crlUpload: { argv: [], text: CRL, purpose: 'Upload the CRL to the endpoint.' },
  },
  crl: { number: 1, path: `${FOLDER}/crl.pem`, nextUpdate: '2027-05-30T11:00:00.000Z', revokedSerials: ['05'] },
};

describe('CertKitDrawer', () => {
  it('creates a CA in the folder named, issues server and client certificates, revokes a client in place and shows the AWS commands', async () => {
    const user = userEvent.setup();
    const calls = stubApi({
      'POST /api/cert-kit': { status: 201, body: kit() },
      'POST /api/cert-kit/server': { status: 201, body: { kit: withServer, issued: withServer.certificates[0] } },
      'POST /api/cert-kit/client': { status: 201, body: { kit: withAlice, issued: withAlice.certificates[1] } },
      'POST /api/cert-kit/revoke': { body: revoked },
    });
    renderWith(<CertKitDrawer open defaultRegion="us-east-1" fallbackFocusId="other-ways-title" onClose={() => undefined} />);
    await user.type(screen.getByLabelText('Folder'), FOLDER);
    await user.type(screen.getByLabelText('CA name (for a new kit)'), 'Acme VPN CA');
    await user.type(screen.getByLabelText('Client VPN endpoint for the CRL upload'), 'cvpn-endpoint-0mtls');
    await user.click(screen.getByRole('button', { name: 'Create CA' }));
    expect(await screen.findByRole('heading', { name: 'CA Acme VPN CA' })).toBeTruthy();
    expect(calls[0]?.body).toEqual({ folder: FOLDER, caName: 'Acme VPN CA', region: 'us-east-1', endpointId: 'cvpn-endpoint-0mtls' });

    await user.type(screen.getByLabelText('Server name (CN and SAN)'), 'vpn.acme.example');
    await user.click(screen.getByRole('button', { name: 'Issue server certificate' }));
    const commands = screen.getByTestId('kit-commands');
    await waitFor(() => expect(within(commands).getByText(ACM)).toBeTruthy());
    expect(within(commands).getByRole('button', { name: 'Copy ACM import command for vpn.acme.example' })).toBeTruthy();

    await user.type(screen.getByLabelText('Client name (CN)'), 'Alice');
    await user.click(screen.getByRole('button', { name: 'Issue client certificate' }));
    const alice = await screen.findByTestId('kit-cert-alice');
    expect(calls[2]?.body).toMatchObject({ folder: FOLDER, name: 'alice' });

    await user.click(within(alice).getByRole('button', { name: 'Revoke alice' }));
    const confirm = within(alice).getByRole('group', { name: 'Revoke alice?' });
    expect(document.activeElement?.textContent).toBe('Keep it');
    await user.click(within(confirm).getByRole('button', { name: 'Revoke alice' }));
    await waitFor(() =>
      expect(within(screen.getByTestId('kit-cert-alice')).getByTestId('kit-cert-state').textContent).toMatch(/^revoked /),
    );
    expect(screen.getByTestId('kit-crl').textContent).toContain('CRL number 1');
    expect(within(commands).getByRole('button', { name: 'Copy CRL upload command' })).toBeTruthy();
    expect(within(commands).getByText(CRL)).toBeTruthy();
    expect(calls.map((c) => c.path)).toEqual(['/api/cert-kit', '/api/cert-kit/server', '/api/cert-kit/client', '/api/cert-kit/revoke']);
  });

  it('opens an existing kit, and says why a folder holds none', async () => {
    const user = userEvent.setup();
    stubApi({
      [`GET /api/cert-kit?folder=${encodeURIComponent('/tmp/empty')}&region=us-east-1`]: {
        status: 404,
        body: { error: { code: 'KIT_NOT_FOUND', message: 'There is no certificate kit in /tmp/empty.' } },
      },
    });
    renderWith(<CertKitDrawer open defaultRegion="us-east-1" fallbackFocusId="other-ways-title" onClose={() => undefined} />);
    await user.type(screen.getByLabelText('Folder'), '/tmp/empty');
    await user.click(screen.getByRole('button', { name: 'Open kit' }));
    expect((await screen.findByRole('alert')).textContent).toContain('No kit: There is no certificate kit in /tmp/empty.');
  });
});
