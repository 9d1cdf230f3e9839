// @vitest-environment jsdom
import { act, fireEvent } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { InventorySlice, JumpHost } from '../../../../../shared/api';
import { renderWith } from '../../../test/render';
import { JumpHostsPanel } from './jump-hosts-panel';

const host = (n: number): JumpHost => ({ id: `i-${n}`, profile: 'p', region: 'r', pingStatus: 'Online', securityGroups: [], tags: {} });

function slice(region: string, hosts: number): InventorySlice {
  const list = Array.from({ length: hosts }, (_, i) => host(i));
  return {
    profile: 'p',
    region,
    loading: false,
    hosts: list,
    targets: [],
    // i-0 is offline for some database: a problem whatever the target.
    eligibility: { t1: [{ hostId: 'i-0', eligible: false, reasons: [{ code: 'NOT_ONLINE', message: 'offline' }] }] },
    errors: [],
  };
}

const panel = (slices: InventorySlice[]) => (
  <JumpHostsPanel slices={slices} busy={false} onClear={() => undefined} onUseHost={() => undefined} onDiagnose={() => undefined} />
);

describe('JumpHostsPanel, all hosts', () => {
  it('builds the lines of a closed group (many hosts) only when it is opened, with each host’s problems', () => {
    const { container, getAllByTestId } = renderWith(panel([slice('small', 3), slice('big', 40)]));
    const [small, big] = [...container.querySelectorAll('details')];
    expect(small?.open).toBe(true);
    expect(small?.querySelectorAll('li.host')).toHaveLength(3);
    expect(big?.open).toBe(false);
    expect(big?.querySelectorAll('li.host')).toHaveLength(0);

    act(() => {
      big!.open = true;
      fireEvent(big!, new Event('toggle'));
    });
    expect(big?.querySelectorAll('li.host')).toHaveLength(40);
    expect(getAllByTestId('host-i-0').map((line) => line.className)).toEqual(['host host-bad', 'host host-bad']);
    expect(getAllByTestId('host-i-1').map((line) => line.className)).toEqual(['host host-ok', 'host host-ok']);
  });
});
