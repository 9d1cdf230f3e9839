import { describe, expect, it } from 'vitest';
import { isInactivityEnd, parsePluginLine } from './plugin-lines.js';

describe('parsePluginLine: every line of ssm-plugin-contract.md §2', () => {
  it.each([
    ['Starting session with SessionId: alice-0a1b2c', { kind: 'starting', sessionId: 'alice-0a1b2c' }],
    ['Port 54321 opened for sessionId alice-0a1b2c.', { kind: 'port', port: 54321, sessionId: 'alice-0a1b2c' }],
    // Basic mode prints the port line with nothing after it; the pattern must not need the "Waiting" line.
    ['Port 1 opened for sessionId s-1.', { kind: 'port', port: 1, sessionId: 's-1' }],
    ['Waiting for connections...', { kind: 'waiting' }],
    ['Connection accepted for session [alice-0a1b2c]', { kind: 'accepted', sessionId: 'alice-0a1b2c' }],
    ['Connection to destination port failed, check SSM Agent logs.', { kind: 'destination-failed' }],
    [
      'Cannot perform start session: listen tcp 127.0.0.1:5432: bind: address already in use',
      { kind: 'start-error', message: 'listen tcp 127.0.0.1:5432: bind: address already in use', bindError: true },
    ],
    [
      "Cannot perform start session: invalid character 'x' looking for beginning of value",
      { kind: 'start-error', message: "invalid character 'x' looking for beginning of value", bindError: false },
    ],
    ['Terminate signal received, exiting.', { kind: 'terminate-signal' }],
    [
      'Exiting session with sessionId: alice-0a1b2c.',
      { kind: 'session-ended', sessionId: 'alice-0a1b2c', reason: 'the session was closed' },
    ],
    [
      'SessionId: alice-0a1b2c : Your session timed out due to inactivity and has been terminated.',
      { kind: 'session-ended', sessionId: 'alice-0a1b2c', reason: 'Your session timed out due to inactivity and has been terminated.' },
    ],
    [
      'Session: alice-0a1b2c timed out.',
      { kind: 'session-ended', sessionId: 'alice-0a1b2c', reason: 'the session timed out and could not be resumed' },
    ],
    ['This session is encrypted using AWS KMS.', { kind: 'other', text: 'This session is encrypted using AWS KMS.' }],
    ['', { kind: 'other', text: '' }],
  ])('%j', (line, expected) => {
    expect(parsePluginLine(line)).toEqual(expected);
  });

  it('trims the blank-line padding the plugin prints around its lines', () => {
    expect(parsePluginLine('  Exiting session with sessionId: s-9.\r')).toMatchObject({ kind: 'session-ended', sessionId: 's-9' });
  });

  it('does not take "Starting session with SessionId:" for a session-end line', () => {
    expect(parsePluginLine('Starting session with SessionId: s-2').kind).toBe('starting');
  });
});

describe('isInactivityEnd', () => {
  it("knows the service's idle timeout from every other ending", () => {
    const idle = parsePluginLine('SessionId: alice-0a1b2c : Your session timed out due to inactivity and has been terminated.');
    expect(idle.kind === 'session-ended' && isInactivityEnd(idle.reason)).toBe(true);
    expect(isInactivityEnd('Your session timed out due to inactivity.')).toBe(true);
    for (const other of [
      'the session was closed',
      'the session timed out and could not be resumed',
      'Session terminated by the administrator.',
      'Your session has reached its maximum duration.',
      'the plugin was killed (SIGKILL)',
    ]) {
      expect(isInactivityEnd(other)).toBe(false);
    }
  });
});
