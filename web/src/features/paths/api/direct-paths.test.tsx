// @vitest-environment jsdom
import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { DirectPathResult, DirectPathsResponse } from '../../../../../shared/paths';
import { stubApi } from '../../../test/fetch-stub';
import { renderWith } from '../../../test/render';
import { pendingDelayMs, useDirectPaths } from './direct-paths';

const result = (targetId: string, status: DirectPathResult['status']): DirectPathResult => ({
  targetId,
  host: `${targetId}.rds.amazonaws.com`,
  port: 5432,
  status,
  usable: status === 'direct',
  message: status,
});
const REFS = [{ profile: 'acme-dev', region: 'us-east-1' }];

function Rows() {
  const map = useDirectPaths(REFS);
  return <p data-testid="states">{[...map.values()].map((p) => `${p.targetId}=${p.status}`).join(' ')}</p>;
}

describe('useDirectPaths', () => {
  it('asks once for the targets never checked, and reads the slice again until they are', async () => {
    const answers: DirectPathsResponse[] = [
      { generation: 0, paths: [result('orders', 'unchecked'), result('vault', 'blocked')] },
      { generation: 1, paths: [result('orders', 'direct'), result('vault', 'blocked')] },
    ];
    let reads = 0;
    const calls = stubApi({
      'GET /api/direct-paths?profile=acme-dev&region=us-east-1': () => ({ body: answers[Math.min(reads++, 1)] }),
      'POST /api/direct-paths/check': { status: 202, body: { checking: 1, generation: 0 } },
    });
    renderWith(<Rows />);
    await waitFor(() => expect(screen.getByTestId('states').textContent).toBe('orders=unchecked vault=blocked'));
    await waitFor(() => expect(screen.getByTestId('states').textContent).toBe('orders=direct vault=blocked'), { timeout: 4000 });
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.body)).toEqual([{ targetIds: ['orders'] }]);
    expect(reads).toBe(2);
  });

  it('waits longer each time and gives up after ten reads', () => {
    expect([0, 1, 2, 3, 4, 9].map(pendingDelayMs)).toEqual([1000, 2000, 4000, 8000, 8000, 8000]);
    expect(pendingDelayMs(10)).toBe(false);
  });
});
