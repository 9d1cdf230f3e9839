import { describe, expect, it } from 'vitest';
import { afterStartFailure, type StartFailure } from './start-retries.js';

const failure = (over: Partial<StartFailure> = {}): StartFailure => ({
  code: 'PLUGIN_START_TIMEOUT',
  everOpened: false,
  failures: 0,
  maxRetries: 3,
  lazy: false,
  waiting: 0,
  ...over,
});

describe('afterStartFailure', () => {
  it('gives up at once on an error no retry can fix', () => {
    for (const code of ['ACCESS_DENIED', 'DOCUMENT_NOT_ALLOWED', 'MFA_REQUIRED', 'PLUGIN_NOT_FOUND', 'PORT_IN_USE', 'AWS_ERROR']) {
      expect(afterStartFailure(failure({ code })), code).toBe('fail');
    }
  });

  it('retries what may pass, until the start retries run out', () => {
    for (const code of ['TARGET_NOT_CONNECTED', 'THROTTLED', 'AWS_UNREACHABLE', 'AWS_SERVICE_ERROR', 'PLUGIN_EXITED', 'SOMETHING_NEW']) {
      expect(afterStartFailure(failure({ code })), code).toBe('retry');
    }
    expect(afterStartFailure(failure({ failures: 2 }))).toBe('retry');
    expect(afterStartFailure(failure({ failures: 3 }))).toBe('fail');
  });

  it('never runs out once a session of this run was open: a lost session keeps coming back', () => {
    expect(afterStartFailure(failure({ failures: 50, everOpened: true }))).toBe('retry');
    expect(afterStartFailure(failure({ failures: 50, everOpened: true, code: 'ACCESS_DENIED' }))).toBe('fail');
  });

  it('sends a lazy tunnel with nobody waiting back to idle; with a client waiting it retries', () => {
    expect(afterStartFailure(failure({ lazy: true, waiting: 0 }))).toBe('idle');
    expect(afterStartFailure(failure({ lazy: true, waiting: 1 }))).toBe('retry');
  });

  it('waits for a sign-in whatever the count, laziness or history, when the code says a sign-in fixes it', () => {
    for (const code of ['SSO_LOGIN_REQUIRED', 'CREDENTIALS_EXPIRED']) {
      expect(afterStartFailure(failure({ code })), code).toBe('wait-sign-in');
      expect(afterStartFailure(failure({ code, failures: 99 })), code).toBe('wait-sign-in');
      expect(afterStartFailure(failure({ code, lazy: true, waiting: 0 })), code).toBe('wait-sign-in');
      expect(afterStartFailure(failure({ code, everOpened: true })), code).toBe('wait-sign-in');
    }
  });
});
