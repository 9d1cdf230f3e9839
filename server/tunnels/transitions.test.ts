import { describe, expect, it } from 'vitest';
import type { TunnelState } from '../../shared/api.js';
import { TUNNEL_EVENTS, TUNNEL_STATES, transition, type TunnelEvent } from './transitions.js';

// The whole table, written out again by hand: every state × event pair, '-' meaning "ignored".
const WAIT = 'waiting-for-sign-in';
const EXPECTED: Record<TunnelState, Record<TunnelEvent, TunnelState | '-'>> = {
  //        start       listen  demand      port-open start-failed-retryable session-ended   session-dead    fatal     health-ok  health-bad   idle-timeout sign-in-needed signed-in stop
  stopped: row('starting', 'idle', '-', '-', '-', '-', '-', 'failed', '-', '-', '-', '-', '-', '-'),
  failed: row('starting', 'idle', '-', '-', '-', '-', '-', 'failed', '-', '-', '-', '-', '-', 'stopped'),
  idle: row('starting', '-', 'starting', '-', '-', '-', '-', 'failed', '-', '-', '-', '-', '-', 'stopped'),
  starting: row('-', '-', '-', 'open', 'reconnecting', '-', '-', 'failed', '-', '-', 'idle', WAIT, '-', 'stopped'),
  reconnecting: row('-', '-', '-', 'open', 'reconnecting', '-', '-', 'failed', '-', '-', 'idle', WAIT, '-', 'stopped'),
  open: row('-', '-', '-', '-', '-', 'reconnecting', 'reconnecting', '-', 'healthy', 'unhealthy', 'idle', '-', '-', 'stopped'),
  healthy: row('-', '-', '-', '-', '-', 'reconnecting', 'reconnecting', '-', 'healthy', 'unhealthy', 'idle', '-', '-', 'stopped'),
  unhealthy: row('-', '-', '-', '-', '-', 'reconnecting', 'reconnecting', '-', 'healthy', 'unhealthy', 'idle', '-', '-', 'stopped'),
  'waiting-for-sign-in': row('-', 'idle', '-', '-', '-', '-', '-', 'failed', '-', '-', '-', WAIT, 'starting', 'stopped'),
};

function row(...next: (TunnelState | '-')[]): Record<TunnelEvent, TunnelState | '-'> {
  return Object.fromEntries(TUNNEL_EVENTS.map((event, index) => [event, next[index] ?? '-'])) as Record<TunnelEvent, TunnelState | '-'>;
}

describe('tunnel transition table', () => {
  it('lists every state of the API', () => {
    expect([...TUNNEL_STATES].sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const state of TUNNEL_STATES) {
    for (const event of TUNNEL_EVENTS) {
      const expected = EXPECTED[state][event];
      it(`${state} × ${event} → ${expected}`, () => {
        expect(transition(state, event) ?? '-').toBe(expected);
      });
    }
  }

  it('every live state can be stopped, and stopped is left only by start, listen or a refused start', () => {
    for (const state of TUNNEL_STATES) {
      if (state !== 'stopped') expect(transition(state, 'stop')).toBe('stopped');
    }
    expect(TUNNEL_EVENTS.filter((event) => transition('stopped', event) !== undefined)).toEqual(['start', 'listen', 'fatal']);
  });

  it('only a start that needs a sign-in leads to waiting-for-sign-in, and only the profile working again (or a stop) leaves it', () => {
    for (const state of TUNNEL_STATES) {
      for (const event of TUNNEL_EVENTS) {
        if (transition(state, event) === WAIT && state !== WAIT) expect([state, event]).toEqual([state, 'sign-in-needed']);
      }
    }
    expect(TUNNEL_EVENTS.filter((event) => ![undefined, WAIT].includes(transition(WAIT, event)))).toEqual([
      'listen',
      'fatal',
      'signed-in',
      'stop',
    ]);
  });
});
