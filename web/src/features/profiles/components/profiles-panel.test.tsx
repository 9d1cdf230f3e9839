// @vitest-environment jsdom
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { Profile, ProfileLogin } from '../../../../../shared/api';
import { stubApi } from '../../../test/fetch-stub';
import { renderWith } from '../../../test/render';
import { profilesKey } from '../api/get-profiles';
import { recordProfileEvent } from '../api/sign-in';
import { ProfilesPanel } from './profiles-panel';

const login = (patch: Partial<ProfileLogin> = {}): ProfileLogin => ({
  state: 'signed-out',
  refreshable: false,
  startUrl: 'https://acme.awsapps.com/start',
  ssoRegion: 'eu-west-1',
  sessionName: 'acme',
  ...patch,
});
const sso = (patch: Partial<Profile> = {}): Profile => ({
  name: 'dev',
  kind: 'sso',
  region: 'us-east-1',
  regions: [],
  login: login(),
  ...patch,
});
const in30min = () => new Date(Date.now() + 30 * 60_000).toISOString();

function panel(profiles: Profile[], routes: Parameters<typeof stubApi>[0] = {}, link: 'live' | 'reconnecting' = 'live') {
  const calls = stubApi({ 'GET /api/profiles': { body: { profiles } }, ...routes });
  const view = renderWith(<ProfilesPanel evidence={() => ({})} regionStatus={() => null} />, { link });
  return { calls, client: view.client };
}

describe('ProfilesPanel: signing in', () => {
  it('the browser flow opens IAM Identity Center in a new tab, keeps a link to it, and offers the code instead', async () => {
    const user = userEvent.setup();
    const open = vi.spyOn(window, 'open').mockReturnValue(null);
    const start = { flow: 'auth-code', authorizeUrl: 'http://127.0.0.1:9/authorize?state=s', expiresAt: in30min() };
    const { calls } = panel([sso()], { 'POST /api/profiles/dev/login': { body: start } });
    expect((await screen.findByTestId('login-state')).textContent).toBe('Not signed in');
    await user.click(screen.getByRole('button', { name: 'Sign in to dev' }));
    const pending = await screen.findByTestId('sign-in-pending');
    expect(open).toHaveBeenCalledWith(start.authorizeUrl, '_blank', 'noopener,noreferrer');
    expect(within(pending).getByRole('link', { name: 'Open the sign-in page again for dev' }).getAttribute('href')).toBe(
      start.authorizeUrl,
    );
    await user.click(within(pending).getByRole('button', { name: 'Use a code instead to sign in to dev' }));
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.body)).toEqual([{}, { flow: 'device' }]);
  });

  it('the device flow shows the code to confirm and where; the outcome event ends the wait and says so', async () => {
    const user = userEvent.setup();
    const start = {
      flow: 'device',
      verificationUri: 'https://device.sso.eu-west-1.amazonaws.com/',
      verificationUriComplete: 'https://device.sso.eu-west-1.amazonaws.com/?user_code=WXYZ-ABCD',
      userCode: 'WXYZ-ABCD',
      expiresAt: in30min(),
    };
    const { client } = panel([sso({ name: 'legacy', login: login({ sessionName: undefined }) })], {
      'POST /api/profiles/legacy/login': { body: start },
    });
    await user.click(await screen.findByRole('button', { name: 'Sign in to legacy' }));
    const code = await screen.findByTestId('device-code');
    expect(within(code).getByTestId('user-code').textContent).toBe('WXYZ-ABCD');
    expect(within(code).getByRole('link').getAttribute('href')).toBe(start.verificationUriComplete);
    expect(within(code).getByRole('button', { name: 'Copy sign-in code for legacy' })).toBeTruthy();
    act(() =>
      recordProfileEvent(client, { profile: 'legacy', kind: 'sign-in', outcome: 'signed-in', flow: 'device', message: 'Signed in.' }),
    );
    await waitFor(() => expect(screen.queryByTestId('device-code')).toBeNull());
    expect(screen.getByTestId('sign-in').textContent).toContain('Signed in');
  });

  it('a failed sign-in stays on the profile until dismissed, with the code as the way out', async () => {
    const user = userEvent.setup();
    panel([sso()], {
      'POST /api/profiles/dev/login': {
        status: 409,
        body: { error: { code: 'SIGN_IN_FAILED', message: 'The browser cannot come back to Porthole here.' } },
      },
    });
    await user.click(await screen.findByRole('button', { name: 'Sign in to dev' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Sign-in failed: The browser cannot come back to Porthole here.');
    expect(within(alert).getByRole('button', { name: 'Sign in with a code instead to dev' })).toBeTruthy();
    await user.click(within(alert).getByRole('button', { name: 'Dismiss this error' }));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('counts down to the end of the sign-in and of the credentials', async () => {
    panel([
      sso({
        login: login({ state: 'signed-in', refreshable: false, expiresAt: in30min() }),
        credentials: { renewable: true, expiresAt: in30min() },
      }),
    ]);
    expect((await screen.findByTestId('login-countdown')).textContent).toMatch(/^(29:5\d|30:00)$/);
    expect(screen.getByTestId('login-state').textContent).toMatch(/^Signed in · ends in/);
    expect(screen.getByTestId('credentials-expiry').textContent).toMatch(/^Credentials expire in (29:5\d|30:00); renewed by themselves$/);
  });

  it('15 minutes before a sign-in nobody can renew ends: a warning on the profile with a one-click sign-in', async () => {
    const user = userEvent.setup();
    const soon = new Date(Date.now() + 10 * 60_000).toISOString();
    const { calls } = panel([sso({ login: login({ state: 'expiring', expiresAt: soon }) })], {
      'POST /api/profiles/dev/login': { body: { flow: 'refreshed', expiresAt: in30min() } },
    });
    const warning = await screen.findByTestId('expiry-warning');
    expect(warning.textContent).toMatch(/The sign-in ends in (9:5\d|10:00) and Porthole cannot renew it/);
    // The warning's button is the one sign-in button.
    expect(screen.getAllByRole('button', { name: /^Sign in/ })).toHaveLength(1);
    await user.click(within(warning).getByRole('button', { name: 'Sign in again to dev' }));
    expect(calls.some((c) => c.method === 'POST' && c.path === '/api/profiles/dev/login')).toBe(true);
  });

  it('while Porthole is not answering: no sign-in state, no countdown, no sign-in', async () => {
    panel([sso({ login: login({ state: 'signed-in', expiresAt: in30min() }) })], {}, 'reconnecting');
    expect((await screen.findByTestId('login-state')).textContent).toContain('unknown while Porthole is not answering');
    expect(screen.queryByTestId('login-countdown')).toBeNull();
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Sign in to dev' }).disabled).toBe(true);
  });
});

describe('ProfilesPanel: regions', () => {
  it('a region added while the profiles are being read again stays: the older read does not take it away', async () => {
    const user = userEvent.setup();
    const keyed: Profile = { name: 'dev', kind: 'static', region: 'us-east-1', regions: ['us-east-1'] };
    let reads = 0;
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const { calls, client } = panel([], {
      'GET /api/profiles': async () => {
        if (reads++ > 0) await held; // the second read left before the save and answers after it
        return { body: { profiles: [keyed] } };
      },
      'PUT /api/profiles/dev/regions': { body: { ...keyed, regions: ['us-east-1', 'eu-west-1'] } },
    });
    const field = await screen.findByLabelText('Add a region to dev');
    void client.invalidateQueries({ queryKey: profilesKey }); // what a `profile` event does
    await waitFor(() => expect(reads).toBe(2));
    await user.type(field, 'eu-west-1');
    await user.click(screen.getByRole('button', { name: 'Add region to dev' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'PUT')).toBe(true));
    release();
    await act(() => new Promise((resolve) => setTimeout(resolve, 50)));
    const chips = screen.getByRole('list', { name: 'Regions for dev' });
    expect(
      within(chips)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['us-east-1', 'eu-west-1']);
  });
});

describe('ProfilesPanel: MFA, accounts and sources', () => {
  it('an MFA profile says what to run instead, with the command copyable', async () => {
    panel([
      {
        name: 'sec',
        kind: 'role',
        regions: [],
        mfa: {
          serial: 'arn:aws:iam::1:mfa/a',
          message: 'Profile "sec" needs an MFA code for its role, and Porthole cannot ask for one.',
          hint: 'In a terminal run eval "$(aws configure export-credentials --profile sec --format env)" (the AWS CLI asks for the code), then start Porthole from that terminal.',
        },
      },
    ]);
    const advice = await screen.findByTestId('mfa-advice');
    expect(within(advice).getByText('eval "$(aws configure export-credentials --profile sec --format env)"').tagName).toBe('CODE');
    expect(within(advice).getByRole('button', { name: 'Copy command' })).toBeTruthy();
  });

  it('lists the accounts a sign-in reaches and adds one as a source; one already added says so', async () => {
    const user = userEvent.setup();
    const signedIn = sso({ login: login({ state: 'signed-in', refreshable: true, expiresAt: in30min() }) });
    const added: Profile = {
      name: 'staging-ReadOnly',
      kind: 'sso-account',
      regions: [],
      ssoAccount: { accountId: '222222222222', roleName: 'ReadOnly', sourceProfile: 'dev', configSnippet: '[profile staging-ReadOnly]' },
    };
    const accounts = [
      { accountId: '111111111111', accountName: 'prod', roles: ['AdministratorAccess'] },
      { accountId: '222222222222', accountName: 'staging', roles: ['ReadOnly'] },
    ];
    const { calls } = panel([signedIn, added], {
      'GET /api/profiles/dev/accounts': { body: { accounts } },
      'POST /api/sso-accounts': { status: 201, body: { name: 'prod-AdministratorAccess', kind: 'sso-account', regions: [] } },
    });
    await user.click(await screen.findByText('Accounts this sign-in reaches'));
    await user.click(await screen.findByRole('button', { name: 'Add as source (AdministratorAccess in prod)' }));
    await waitFor(() =>
      expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
        profile: 'dev',
        accountId: '111111111111',
        roleName: 'AdministratorAccess',
        region: 'us-east-1',
      }),
    );
    expect(screen.getByTestId('accounts-dev').textContent).toContain('added as staging-ReadOnly');
  });

  it('removing a source asks in place, leaves an Undo that takes focus, and undo adds it back as it was', async () => {
    const user = userEvent.setup();
    const source: Profile = {
      name: 'prod-Admin',
      kind: 'sso-account',
      region: 'eu-west-1',
      regions: ['eu-west-1', 'us-east-1'],
      ssoAccount: {
        accountId: '111111111111',
        accountName: 'prod',
        roleName: 'Admin',
        sourceProfile: 'dev',
        configSnippet: '[profile prod-Admin]\nsso_session = acme',
      },
    };
    const { calls } = panel([sso(), source], {
      'DELETE /api/sso-accounts/prod-Admin': { status: 204 },
      'POST /api/sso-accounts': { status: 201, body: source },
      'PUT /api/profiles/prod-Admin/regions': { body: source },
    });
    const item = await screen.findByTestId('sso-source-prod-Admin');
    expect(within(item).getByRole('button', { name: 'Copy config snippet for prod-Admin' })).toBeTruthy();
    await user.click(within(item).getByRole('button', { name: 'Remove prod-Admin' }));
    expect(document.activeElement).toBe(within(item).getByRole('button', { name: 'Keep it' }));
    await user.click(within(item).getByRole('button', { name: 'Remove source prod-Admin' }));
    const undo = await screen.findByRole('button', { name: 'Undo removing prod-Admin' });
    await waitFor(() => expect(document.activeElement).toBe(undo));
    await user.click(undo);
    await waitFor(() => expect(calls.some((c) => c.method === 'PUT')).toBe(true));
    expect(calls.filter((c) => c.method !== 'GET').map((c) => [c.method, c.path, c.body])).toEqual([
      ['DELETE', '/api/sso-accounts/prod-Admin', {}],
      [
        'POST',
        '/api/sso-accounts',
        { profile: 'dev', accountId: '111111111111', roleName: 'Admin', name: 'prod-Admin', region: 'eu-west-1' },
      ],
      ['PUT', '/api/profiles/prod-Admin/regions', { regions: ['eu-west-1', 'us-east-1'] }],
    ]);
  });

  it('a source that tunnels use is not removed, and says why on the profile', async () => {
    const user = userEvent.setup();
    const source: Profile = {
      name: 'prod-Admin',
      kind: 'sso-account',
      regions: [],
      ssoAccount: { accountId: '111111111111', roleName: 'Admin', sourceProfile: 'dev', configSnippet: 'x' },
    };
    panel([source], {
      'DELETE /api/sso-accounts/prod-Admin': {
        status: 409,
        body: { error: { code: 'PROFILE_IN_USE', message: 'Saved tunnels use "prod-Admin".', hint: 'Remove those tunnels first.' } },
      },
    });
    await user.click(await screen.findByRole('button', { name: 'Remove prod-Admin' }));
    await user.click(screen.getByRole('button', { name: 'Remove source prod-Admin' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Not removed: Saved tunnels use "prod-Admin".');
    expect(screen.getByTestId('profile-prod-Admin')).toBeTruthy();
  });
});
