import { describe, expect, it } from 'vitest';
import type { Tunnel } from '../../../../../shared/api';
import { cardMessage, startSteps, stateReason } from './tunnel-state';

const t = (patch: Partial<Tunnel>): Tunnel => ({
  id: 't-1',
  name: 'orders',
  profile: 'dev',
  region: 'us-east-1',
  target: { host: 'db.example', port: 5432, name: 'orders' },
  jumpHostId: 'i-00000000000000001',
  localPort: 5432,
  lazy: true,
  autoStart: true,
  state: 'open',
  since: '2026-11-22T10:00:00.000Z',
  stats: { activeConnections: 0, totalConnections: 0, bytesIn: 0, bytesOut: 0, restarts: 0, destinationFailures: 0 },
  health: { status: 'unknown', layers: [] },
  ...patch,
});

describe('stateReason', () => {
  it('is a sentence, with the jump host by its name rather than its id', () => {
    expect(stateReason(t({ state: 'starting', reason: 'starting a session via i-00000000000000001' }), 'bastion-dev')).toBe(
      'Starting a session via bastion-dev.',
    );
    expect(stateReason(t({ state: 'stopped', reason: undefined }))).toBe('Stopped.');
  });
});

describe('cardMessage', () => {
  it('an unhealthy tunnel: the health error, with its layer, said once', () => {
    const error = { code: 'DESTINATION_UNREACHABLE', message: 'unreachable', hint: 'security group' };
    const message = cardMessage(
      t({
        state: 'unhealthy',
        reason: 'unreachable',
        health: { status: 'unhealthy', error, layers: [{ name: 'database', status: 'fail', detail: 'unreachable' }] },
      }),
    );
    expect(message).toEqual({ text: 'unreachable', error, layer: 'database' });
  });

  it('a failed or retrying start: its error; otherwise the reason', () => {
    const error = { code: 'ACCESS_DENIED', message: 'not allowed' };
    expect(cardMessage(t({ state: 'failed', error }))).toEqual({ text: 'not allowed', error });
    expect(cardMessage(t({ state: 'reconnecting', error }))).toEqual({ text: 'not allowed', error });
    expect(cardMessage(t({ state: 'healthy', reason: 'the database answered' }))).toEqual({ text: 'The database answered.' });
  });
});

describe('startSteps', () => {
  it('starting: port done, session in progress, database next', () => {
    expect(startSteps(t({ state: 'starting' }), 'bastion-dev')?.map((s) => s.status)).toEqual(['done', 'active', 'next']);
  });
  it('open before the first check: checking the database', () => {
    expect(startSteps(t({ state: 'open' }), 'b')?.at(-1)).toEqual({ label: 'Checking the database (TLS and protocol)', status: 'active' });
  });
  it('nothing once checked, idle or stopped', () => {
    expect(startSteps(t({ state: 'open', health: { status: 'healthy', layers: [] } }), 'b')).toBeUndefined();
    expect(startSteps(t({ state: 'idle' }), 'b')).toBeUndefined();
    expect(startSteps(t({ state: 'stopped' }), 'b')).toBeUndefined();
  });
});
