// @vitest-environment jsdom
import { fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { Tunnel } from '../../../../../shared/api';
import { renderWith, tunnel } from '../../../test/render';
import { TunnelCard } from './tunnel-card';

const button = (name: string) => screen.getByRole<HTMLButtonElement>('button', { name });

function card(t: Tunnel, options: { link?: 'live' | 'reconnecting'; canSignIn?: boolean } = {}) {
  const handlers = {
    onAction: vi.fn(),
    onRemove: vi.fn(),
    onOpen: vi.fn(),
    onDismissFailure: vi.fn(),
    onSignIn: vi.fn(),
    onDiagnose: vi.fn(),
  };
  renderWith(
    <TunnelCard tunnel={t} hostName="bastion-dev" busy={false} canSignIn={options.canSignIn ?? true} signingIn={false} {...handlers} />,
    options,
  );
  return handlers;
}

describe('TunnelCard', () => {
  it('asks before removing, in words, with focus on "Keep it"; keeping returns focus to Remove', async () => {
    const user = userEvent.setup();
    const { onRemove } = card(tunnel());
    await user.click(screen.getByRole('button', { name: 'Remove orders-dev' }));
    const confirm = screen.getByRole('group', { name: /Remove orders-dev\? The tunnel stops/ });
    expect(document.activeElement).toBe(within(confirm).getByRole('button', { name: 'Keep it' }));
    await user.click(within(confirm).getByRole('button', { name: 'Keep it' }));
    await vi.waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Remove orders-dev' })));
    expect(onRemove).not.toHaveBeenCalled();

    await user.click(screen.getByRole('button', { name: 'Remove orders-dev' }));
    await user.click(screen.getByRole('button', { name: 'Remove tunnel orders-dev' }));
    expect(onRemove).toHaveBeenCalledWith('t-1');
  });

  it('Escape leaves the confirmation without removing', async () => {
    const user = userEvent.setup();
    const { onRemove } = card(tunnel());
    await user.click(screen.getByRole('button', { name: 'Remove orders-dev' }));
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('group', { name: /Remove orders-dev\?/ })).toBeNull();
    expect(onRemove).not.toHaveBeenCalled();
  });

  it('says what each button does: "Connection strings" opens the drawer there, and no button is called "Connect"', async () => {
    const user = userEvent.setup();
    const { onOpen } = card(tunnel());
    await user.click(screen.getByRole('button', { name: 'Connection strings for orders-dev' }));
    expect(onOpen).toHaveBeenCalledWith('t-1', 'connect');
    expect(screen.queryByRole('button', { name: /^Connect\b/ })).toBeNull();
  });

  it('while Porthole is not answering, shows no state, uptime or counters as if current, and offers no action', () => {
    card(tunnel(), { link: 'reconnecting' });
    expect(screen.getByTestId('tunnel-state').textContent).toBe('unknown');
    expect(document.body.textContent).not.toMatch(/healthy/);
    expect(screen.queryByText('Uptime')).toBeNull();
    expect(button('Stop orders-dev').disabled).toBe(true);
    expect(button('Remove orders-dev').disabled).toBe(true);
  });

  it('a starting tunnel shows what it waits for and for how long', () => {
    card(
      tunnel({
        state: 'starting',
        since: new Date(Date.now() - 7_000).toISOString(),
        reason: 'starting a session via i-00000000000000001',
      }),
    );
    const progress = screen.getByTestId('start-progress');
    expect(progress.textContent).toContain('Session through bastion-dev');
    expect(progress.textContent).toContain('(in progress)');
    expect(screen.getByTestId('start-elapsed').textContent).toMatch(/^Waiting [78]s$/);
  });

  it('an unhealthy tunnel says its failure once, with the layer and the hint', () => {
    const error = {
      code: 'DESTINATION_UNREACHABLE',
      message: 'The jump host could not reach the database.',
      hint: 'Check its security group.',
    };
    card(
      tunnel({
        state: 'unhealthy',
        reason: error.message,
        health: { status: 'unhealthy', error, layers: [{ name: 'database', status: 'fail', detail: error.message }] },
      }),
    );
    const text = document.body.textContent ?? '';
    expect(text.split(error.message)).toHaveLength(2);
    expect(text).toContain('Database answering');
    expect(text).toContain('Check its security group.');
  });

  it('an expired login is not explained here: the card names the profile and links to it', () => {
    const seen: unknown[] = [];
    window.addEventListener('porthole:reveal', (e) => seen.push((e as CustomEvent).detail));
    card(
      tunnel({
        state: 'failed',
        error: { code: 'SSO_LOGIN_REQUIRED', message: 'The SSO session expired.', hint: 'aws sso login --profile acme-dev' },
      }),
    );
    expect(document.body.textContent).not.toContain('aws sso login');
    fireEvent.click(screen.getByRole('button', { name: 'Show profile acme-dev' }));
    expect(seen).toEqual([{ kind: 'profile', name: 'acme-dev' }]);
  });

  it('a stopped tunnel shows no uptime and no idle stop', () => {
    card(tunnel({ state: 'stopped', reason: 'stopped by the user', stoppedByUser: true }));
    expect(screen.queryByText('Idle stop')).toBeNull();
    expect(screen.queryByText('Uptime')).toBeNull();
    expect(screen.getByTestId('tunnel-reason').textContent).toBe('Stopped by the user.');
    expect(button('Start orders-dev').disabled).toBe(false);
  });

  it('a tunnel waiting for sign-in says what it waits for, signs the profile in, and retries now', async () => {
    const user = userEvent.setup();
    const { onSignIn, onAction } = card(
      tunnel({ state: 'waiting-for-sign-in', reason: 'waiting for sign-in to acme-dev: the SSO session has expired', localPort: 15432 }),
    );
    expect(screen.getByTestId('tunnel-state').textContent).toBe('waiting-for-sign-in');
    expect(screen.getByTestId('tunnel-reason').textContent).toBe('Waiting for sign-in to acme-dev: the SSO session has expired.');
    expect(screen.getByTestId('sign-in-wait').textContent).toContain('localhost:15432 still listens');
    await user.click(button('Sign in to acme-dev'));
    expect(onSignIn).toHaveBeenCalledWith('acme-dev');
    await user.click(button('Retry now for orders-dev'));
    expect(onAction).toHaveBeenCalledWith('t-1', 'start');
  });

  it('a profile that cannot sign in here offers no Sign in while its tunnel waits, only Retry now and the profile', () => {
    card(tunnel({ state: 'waiting-for-sign-in', reason: 'waiting for sign-in to acme-dev: no credentials' }), { canSignIn: false });
    expect(screen.queryByRole('button', { name: /^Sign in/ })).toBeNull();
    expect(screen.getByRole('button', { name: 'Show profile acme-dev' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Retry now for orders-dev' })).toBeTruthy();
  });

  it('a failed tunnel says its first broken link in one line and shows the diagnosis', async () => {
    const { onDiagnose } = card(
      tunnel({
        state: 'failed',
        error: { code: 'DESTINATION_UNREACHABLE', message: 'The jump host could not reach the database.' },
        diagnosis: {
          checkedAt: '2026-11-22T10:00:00.000Z',
          trigger: 'DESTINATION_UNREACHABLE',
          targetId: 'acme-dev:us-east-1:instance:orders-dev',
          jumpHostId: 'i-00000000000000001',
          firstBroken: {
            check: 'sg-ingress',
            title: 'Database security group admits the jump host',
            summary: 'sg-1 admits only 10.99.0.0/16.',
          },
        },
      }),
    );
    expect(screen.getByTestId('diagnosis-line').textContent).toContain(
      'Broken link: Database security group admits the jump host. sg-1 admits only 10.99.0.0/16.',
    );
    await userEvent.setup().click(button('Show diagnosis for orders-dev'));
    expect(onDiagnose).toHaveBeenCalledWith(expect.objectContaining({ id: 't-1' }));
  });

  it('a healthy tunnel offers no diagnosis', () => {
    card(tunnel());
    expect(screen.queryByTestId('diagnosis-line')).toBeNull();
  });

  it('while Porthole is not answering a waiting tunnel offers no sign-in', () => {
    card(tunnel({ state: 'waiting-for-sign-in', reason: 'waiting for sign-in to acme-dev' }), { link: 'reconnecting' });
    expect(screen.queryByTestId('sign-in-wait')).toBeNull();
  });
});
