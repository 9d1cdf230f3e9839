// @vitest-environment jsdom
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { Target } from '../../../../../shared/api';
import { renderWith } from '../../../test/render';
import type { TargetRow } from '../lib/targets';
import { TargetRowView } from './target-row';

const target: Target = {
  id: 'acme-prod:eu-west-1:instance:gdpr-vault',
  profile: 'acme-prod',
  region: 'eu-west-1',
  kind: 'instance',
  identifier: 'gdpr-vault',
  name: 'gdpr-vault',
  engine: 'postgres',
  engineVersion: '16.4',
  host: 'gdpr-vault.c9akciq32.eu-west-1.rds.amazonaws.com',
  port: 5432,
  status: 'available',
  vpcId: 'vpc-0vault0000000001',
  securityGroups: [],
  iamAuth: false,
  tags: {},
  eligibleHostIds: [],
};

function row(patch: Partial<TargetRow>, props: { link?: 'live' | 'reconnecting' } = {}) {
  const handlers = {
    onConnect: vi.fn(),
    onShowTunnel: vi.fn(),
    onSelect: vi.fn(),
    onChoose: vi.fn(),
    onDiagnose: vi.fn(),
    onDismissError: vi.fn(),
  };
  const r: TargetRow = { target, eligibleCount: 0, hostCount: 1, mayWorkCount: 0, ...patch };
  renderWith(<TargetRowView row={r} connecting={false} selected={false} {...handlers} />, props);
  return handlers;
}

describe('TargetRowView', () => {
  it('a database no host can reach has no button that would only fail: it says why, and Diagnose is its action', async () => {
    const { onDiagnose } = row({ whyNone: 'No eligible jump host: 1 host is in another VPC and not Online' });
    expect(screen.queryByRole('button', { name: /Open tunnel/ })).toBeNull();
    expect(screen.getByText(/No eligible jump host: 1 host is in another VPC/)).toBeTruthy();
    const diagnose = screen.getByRole('button', { name: 'Diagnose gdpr-vault' });
    expect(diagnose.textContent).toContain('Diagnose');
    await userEvent.setup().click(diagnose);
    expect(onDiagnose).toHaveBeenCalled();
  });

  it('every row can be diagnosed, beside its main action', async () => {
    const { onDiagnose, onConnect } = row({ eligibleCount: 1 });
    await userEvent.setup().click(screen.getByRole('button', { name: 'Diagnose gdpr-vault' }));
    expect(onDiagnose).toHaveBeenCalled();
    expect(onConnect).not.toHaveBeenCalled();
  });

  it('offers to choose a jump host when one in another VPC might work', async () => {
    const { onChoose } = row({ whyNone: 'No eligible jump host: 1 host is in another VPC', mayWorkCount: 1 });
    await userEvent.setup().click(screen.getByRole('button', { name: 'Choose jump host for gdpr-vault' }));
    expect(onChoose).toHaveBeenCalled();
  });

  it('shows the whole endpoint, with break opportunities at its dots', () => {
    row({ whyNone: 'none' });
    const endpoint = screen.getByText((_, el) => el?.textContent === `${target.host}:5432` && el.classList.contains('ident'));
    expect(endpoint.querySelectorAll('wbr').length).toBeGreaterThan(4);
  });

  it('an eligible database opens a tunnel, named for what it does; not while Porthole is away', async () => {
    const { onConnect } = row({
      eligibleCount: 1,
      recommended: { id: 'i-1', name: 'bastion', profile: 'p', region: 'r', pingStatus: 'Online', securityGroups: [], tags: {} },
    });
    await userEvent.setup().click(screen.getByRole('button', { name: 'Open tunnel to gdpr-vault' }));
    expect(onConnect).toHaveBeenCalled();
  });

  it('keeps a failed open on the row until dismissed', async () => {
    const handlers = {
      onConnect: vi.fn(),
      onShowTunnel: vi.fn(),
      onSelect: vi.fn(),
      onChoose: vi.fn(),
      onDiagnose: vi.fn(),
      onDismissError: vi.fn(),
    };
    const r: TargetRow = { target, eligibleCount: 1, hostCount: 1, mayWorkCount: 0 };
    renderWith(
      <TargetRowView
        row={r}
        connecting={false}
        selected={false}
        error={{ code: 'PORT_IN_USE', message: 'Port 5432 is taken.' }}
        {...handlers}
      />,
    );
    expect(screen.getByRole('alert').textContent).toContain('Port 5432 is taken.');
    await userEvent.setup().click(screen.getByRole('button', { name: 'Dismiss this error' }));
    expect(handlers.onDismissError).toHaveBeenCalled();
  });

  it('while Porthole is not answering, cannot open a tunnel', () => {
    row({ eligibleCount: 1 }, { link: 'reconnecting' });
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Open tunnel to gdpr-vault' }).disabled).toBe(true);
  });
});
