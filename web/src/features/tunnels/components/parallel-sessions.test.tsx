// @vitest-environment jsdom
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Tunnel } from '../../../../../shared/api';
import { renderWith, tunnel } from '../../../test/render';
import { ParallelSessionsFact } from './parallel-sessions';

const fact = (t: Tunnel, link: 'live' | 'reconnecting' = 'live') =>
  renderWith(
    <dl>
      <ParallelSessionsFact tunnel={t} />
    </dl>,
    { link },
  );

function answer(status: number, body: unknown) {
  const fetch = vi.fn(async () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

afterEach(() => vi.unstubAllGlobals());

describe('ParallelSessionsFact (issue 17)', () => {
  it('shows the setting and how many sessions are open on a running tunnel', () => {
    fact(tunnel({ parallelSessions: 4, parallel: { wanted: 4, open: 3, sessionIds: ['s-1', 's-2', 's-3'] } }));
    expect(screen.getByRole<HTMLSelectElement>('combobox', { name: 'Sessions' }).value).toBe('4');
    expect(screen.getByTestId('parallel-sessions').textContent).toContain('3 of 4 open');
  });

  it('shows one session without a count, and no count on a stopped tunnel', () => {
    fact(tunnel());
    expect(screen.getByRole<HTMLSelectElement>('combobox', { name: 'Sessions' }).value).toBe('1');
    expect(screen.getByTestId('parallel-sessions').textContent).not.toMatch(/open/);
  });

  it('saves a new setting with PATCH parallelSessions, and says so where it failed', async () => {
    const user = userEvent.setup();
    const fetch = answer(200, tunnel({ parallelSessions: 3 }));
    fact(tunnel());
    await user.selectOptions(screen.getByRole('combobox', { name: 'Sessions' }), '3');
    await waitFor(() => expect(fetch).toHaveBeenCalledTimes(1));
    const [path, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(path).toBe('/api/tunnels/t-1');
    expect(init.method).toBe('PATCH');
    expect(JSON.parse(String(init.body))).toEqual({ parallelSessions: 3 });

    answer(400, { error: { code: 'VALIDATION_FAILED', message: 'parallelSessions must be 1 to 4.' } });
    await user.selectOptions(screen.getByRole('combobox', { name: 'Sessions' }), '2');
    expect(await screen.findByRole('alert')).toHaveProperty('textContent', expect.stringContaining('parallelSessions must be 1 to 4.'));
  });

  it('cannot be changed while Porthole is not answering', () => {
    fact(tunnel({ parallelSessions: 2 }), 'reconnecting');
    expect(screen.getByRole<HTMLSelectElement>('combobox', { name: 'Sessions' }).disabled).toBe(true);
  });
});
