import { describe, expect, it } from 'vitest';
import type { Tunnel } from '../../../../../shared/api';
import { retryNote } from './tunnel-state';

const now = Date.parse('2026-11-22T12:00:00.000Z');

function tunnel(extra: Partial<Tunnel>): Tunnel {
  return {
    id: 't1',
    name: 'orders',
    profile: 'dev',
    region: 'us-east-1',
    target: { host: 'db.internal', port: 5432, name: 'orders' },
    jumpHostId: 'i-1',
    localPort: 15432,
    lazy: false,
    autoStart: true,
    state: 'reconnecting',
    since: new Date(now).toISOString(),
    stats: { activeConnections: 0, totalConnections: 0, bytesIn: 0, bytesOut: 0, restarts: 0, destinationFailures: 0 },
    health: { status: 'unknown', layers: [] },
    ...extra,
  };
}

describe('retryNote', () => {
  it('says the attempt and the seconds to the next try while starts keep failing', () => {
    expect(retryNote(tunnel({ failedStarts: 3, retryAt: new Date(now + 7_200).toISOString() }), now)).toBe('attempt 3, next try in 8s');
    expect(retryNote(tunnel({ failedStarts: 1, retryAt: new Date(now + 1_000).toISOString() }), now)).toBe('attempt 1, next try in 1s');
  });

  it('says "trying again now" once the wait is over or a retry runs', () => {
    expect(retryNote(tunnel({ failedStarts: 2, retryAt: new Date(now - 10).toISOString() }), now)).toBe('attempt 2, trying again now');
    expect(retryNote(tunnel({ failedStarts: 2 }), now)).toBe('attempt 2, trying again now');
  });

  it('shows nothing for a session being replaced at once, nor outside reconnecting', () => {
    expect(retryNote(tunnel({}), now)).toBeUndefined();
    expect(retryNote(tunnel({ state: 'failed', failedStarts: 4 }), now)).toBeUndefined();
    expect(retryNote(tunnel({ state: 'open' }), now)).toBeUndefined();
  });
});
