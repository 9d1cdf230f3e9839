import { describe, expect, it } from 'vitest';
import type { Tunnel } from '../../../../../shared/api';
import { upsertTunnel } from './get-tunnels';

const tunnel = (state: Tunnel['state'], since: string): Tunnel => ({
  id: 't1',
  name: 'orders',
  profile: 'dev',
  region: 'eu-west-1',
  target: { host: 'db.example', port: 5432, name: 'orders' },
  jumpHostId: 'i-1',
  localPort: 5432,
  lazy: false,
  autoStart: false,
  state,
  since,
  stats: { activeConnections: 0, totalConnections: 0, bytesIn: 0, bytesOut: 0, restarts: 0, destinationFailures: 0 },
  health: { status: 'unknown', layers: [] },
});

describe('upsertTunnel', () => {
  it('adds a new tunnel and replaces one with a newer or equal state', () => {
    const starting = tunnel('starting', '2026-11-22T10:00:00.000Z');
    expect(upsertTunnel(undefined, starting)).toEqual([starting]);
    const open = tunnel('open', '2026-11-22T10:00:01.000Z');
    expect(upsertTunnel([starting], open)).toEqual([open]);
  });

  it('never steps back: an API answer older than what the event stream brought is ignored', () => {
    const failed = tunnel('failed', '2026-11-22T10:00:00.500Z');
    const lateAnswer = tunnel('starting', '2026-11-22T10:00:00.000Z');
    expect(upsertTunnel([failed], lateAnswer)).toEqual([failed]);
  });
});
