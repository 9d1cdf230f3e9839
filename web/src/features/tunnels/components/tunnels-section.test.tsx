// @vitest-environment jsdom
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { renderWith, tunnel } from '../../../test/render';
import { TunnelsSection } from './tunnels-section';

const noop = () => undefined;
const base = {
  error: undefined,
  hostName: () => 'bastion-dev',
  busyIds: new Set<string>(),
  failures: new Map(),
  allBusy: false,
  onAction: noop,
  onRemove: noop,
  onDismissRemoved: noop,
  onDismissFailure: noop,
  onOpen: noop,
  onAll: noop,
  canSignIn: () => false,
  signingIn: () => false,
  onSignIn: noop,
  onDiagnose: noop,
  onIamPolicy: noop,
};

describe('TunnelsSection', () => {
  it('keeps a removed tunnel where its card was, with Undo focused', async () => {
    const onUndo = vi.fn();
    const a = tunnel({ id: 'a', name: 'alpha' });
    const c = tunnel({ id: 'c', name: 'gamma' });
    const removed = { tunnel: tunnel({ id: 'b', name: 'beta', localPort: 6543 }), index: 1 };
    renderWith(<TunnelsSection {...base} tunnels={[a, c]} removed={[removed]} focusRemovedId="b" onUndo={onUndo} />);
    const order = [...document.querySelectorAll('article, [data-testid^="removed-"]')].map((el) => el.getAttribute('data-testid'));
    expect(order).toEqual(['tunnel-a', 'removed-b', 'tunnel-c']);
    const undo = screen.getByRole('button', { name: 'Undo removing beta' });
    expect(document.activeElement).toBe(undo);
    expect(screen.getByText(/Removed/).textContent).toContain('localhost:6543');
    await userEvent.setup().click(undo);
    expect(onUndo).toHaveBeenCalledWith('b');
  });

  it('dismissing the note keeps focus in the section', async () => {
    const onDismissRemoved = vi.fn();
    const removed = { tunnel: tunnel({ id: 'b', name: 'beta' }), index: 0 };
    renderWith(
      <TunnelsSection {...base} tunnels={[]} removed={[removed]} focusRemovedId="b" onUndo={noop} onDismissRemoved={onDismissRemoved} />,
    );
    await userEvent.setup().click(screen.getByRole('button', { name: 'Dismiss the note about beta' }));
    expect(onDismissRemoved).toHaveBeenCalledWith('b');
    await vi.waitFor(() => expect(document.activeElement?.id).toBe('tunnels-title'));
  });

  it('gives focus to the card an undo brought back', () => {
    renderWith(
      <TunnelsSection
        {...base}
        tunnels={[tunnel({ id: 'a' }), tunnel({ id: 'new', name: 'beta' })]}
        removed={[]}
        focusId="new"
        onUndo={noop}
      />,
    );
    expect(document.activeElement?.textContent).toContain('beta');
  });

  it('says there are no tunnels, and how to get one, when there are none', () => {
    renderWith(<TunnelsSection {...base} tunnels={[]} removed={[]} onUndo={noop} />);
    expect(screen.getByText('No tunnels yet')).toBeTruthy();
    expect(screen.getByText(/choose Open tunnel/)).toBeTruthy();
  });
});
