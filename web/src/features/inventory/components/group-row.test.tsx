// @vitest-environment jsdom
import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { InventorySlice } from '../../../../../shared/api';
import { renderWith } from '../../../test/render';
import type { TableItem } from '../lib/targets';
import { GroupRow } from './group-row';

type Group = Extract<TableItem, { kind: 'group' }>;

function group(slice: Partial<InventorySlice>): Group {
  return {
    kind: 'group',
    key: 'g:acme-dev:us-east-1',
    profile: 'acme-dev',
    region: 'us-east-1',
    count: 1,
    total: 1,
    slice: { profile: 'acme-dev', region: 'us-east-1', loading: false, targets: [], hosts: [], eligibility: {}, errors: [], ...slice },
  };
}

const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();

describe('GroupRow (issue 17: the disk cache)', () => {
  it('says how old rows from the cache are, and that a fresh look is under way', () => {
    renderWith(<GroupRow group={group({ cached: true, fetchedAt: hoursAgo(3) })} loading />);
    expect(screen.getByTestId('slice-age').textContent).toBe(' · saved 3 h ago, refreshing…');
  });

  it('says only the age once nothing is loading (a refresh that failed keeps the cached rows)', () => {
    renderWith(<GroupRow group={group({ cached: true, fetchedAt: hoursAgo(26) })} loading={false} />);
    expect(screen.getByTestId('slice-age').textContent).toBe(' · saved 1 d ago');
  });

  it('shows no age marker for rows fetched in this run', () => {
    renderWith(<GroupRow group={group({ fetchedAt: hoursAgo(0) })} loading={false} />);
    expect(screen.queryByTestId('slice-age')).toBeNull();
    expect(screen.getByRole('rowheader').textContent).toContain('1 database');
  });
});
