// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { IamPolicies, PolicyDocument } from '../../../../../shared/api';
import { stubApi } from '../../../test/fetch-stub';
import { renderWith } from '../../../test/render';
import { IamPolicyDrawer } from './iam-policy-drawer';

const doc = (sid: string): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: [{ Sid: sid, Effect: 'Allow', Action: 'ssm:StartSession', Resource: 'arn:aws:ec2:us-east-1:111122223333:instance/i-1' }],
});
const policies = (tunnels: string[]): IamPolicies => ({
  tunnels,
  accounts: [
    {
      accountId: '111122223333',
      profiles: ['acme-dev'],
      user: doc('StartSessionOnJumpHosts'),
      jumpHostRole: { managedPolicyArns: ['arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore'], minimalAlternative: doc('Minimal') },
    },
  ],
  notes: ['The KMS key could not be read: kms:* on "*".'],
});

describe('IamPolicyDrawer', () => {
  it('writes the policies for the tunnels picked, as JSON to copy; unticking one narrows them', async () => {
    const user = userEvent.setup();
    const calls = stubApi({
      'GET /api/iam-policy?tunnels=t-1,t-2': { body: policies(['t-1', 't-2']) },
      'GET /api/iam-policy?tunnels=t-2': { body: policies(['t-2']) },
    });
    renderWith(
      <IamPolicyDrawer
        open
        tunnels={[
          { id: 't-1', name: 'orders-dev', profile: 'acme-dev' },
          { id: 't-2', name: 'billing-dev', profile: 'acme-dev' },
        ]}
        onClose={() => undefined}
      />,
    );
    const user1 = await screen.findByTestId('user-policy');
    expect(JSON.parse(user1.querySelector('code')!.textContent!)).toEqual(doc('StartSessionOnJumpHosts'));
    expect(within(user1).getByRole('button', { name: 'Copy user policy for account 111122223333' })).toBeTruthy();
    expect(screen.getByText('arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore').tagName).toBe('CODE');
    expect(screen.getByTestId('role-minimal-policy')).toBeTruthy();
    expect(screen.getByText(/The KMS key could not be read/)).toBeTruthy();
    await user.click(screen.getByRole('checkbox', { name: /orders-dev/ }));
    await waitFor(() => expect(calls.map((c) => c.url)).toEqual(['/api/iam-policy?tunnels=t-1,t-2', '/api/iam-policy?tunnels=t-2']));
  });
});
