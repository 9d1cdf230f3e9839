import { describe, expect, it } from 'vitest';
import { afterSessionLoss, lossStep, QUICK_END_MS, type SessionLoss } from './session-loss.js';

const used: SessionLoss = { reason: 'the plugin was killed (SIGKILL)', sessionEnded: false, upMs: 10, used: true, clients: 0 };
const INACTIVITY = 'Your session timed out due to inactivity and has been terminated.';

describe('afterSessionLoss', () => {
  it('replaces a session that was used at once, however short its life', () => {
    expect(afterSessionLoss(used)).toBe('reconnect');
    expect(afterSessionLoss({ ...used, sessionEnded: true, reason: 'Session terminated by the administrator.' })).toBe('reconnect');
  });

  it('treats an unused session that ended within the quick-end time as a failed start, and a longer one not', () => {
    expect(afterSessionLoss({ ...used, used: false, upMs: QUICK_END_MS - 1 })).toBe('retry-later');
    expect(afterSessionLoss({ ...used, used: false, upMs: QUICK_END_MS })).toBe('reconnect');
    expect(afterSessionLoss({ ...used, used: false, upMs: 100 }, 50)).toBe('reconnect');
  });

  it("goes idle on the service's inactivity end when no client is connected, and reconnects when one is", () => {
    const idle: SessionLoss = { reason: INACTIVITY, sessionEnded: true, upMs: 20 * 60_000, used: true, clients: 0 };
    expect(afterSessionLoss(idle)).toBe('idle');
    expect(afterSessionLoss({ ...idle, used: false })).toBe('idle');
    expect(afterSessionLoss({ ...idle, clients: 1 })).toBe('reconnect');
    // Only a printed end line counts: a crash whose text happens to match is not the service's idle timeout.
    expect(afterSessionLoss({ ...idle, sessionEnded: false })).toBe('reconnect');
  });
});

describe('lossStep', () => {
  it('says what happens in words that name the port and how the session ended', () => {
    expect(lossStep(used, 15432)).toEqual({
      action: 'reconnect',
      event: 'session-ended',
      reason: 'session ended: the plugin was killed (SIGKILL); starting a new session on port 15432 now',
    });
    expect(lossStep({ ...used, used: false, upMs: 1_200 }, 15432)).toEqual({
      action: 'retry-later',
      event: 'session-ended',
      reason: 'session ended 1.2 s after opening, before any client used it: the plugin was killed (SIGKILL)',
    });
    expect(lossStep({ ...used, sessionEnded: true, reason: INACTIVITY, upMs: 900_000 }, 15432)).toEqual({
      action: 'idle',
      event: 'idle-timeout',
      reason: `${INACTIVITY} No client is connected, so port 15432 listens and the next client starts a new session.`,
    });
  });
});
