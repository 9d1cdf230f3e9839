// What session-manager-plugin prints on stdout, parsed one line at a time.
// The exact texts are in ssm-plugin-contract.md §2 (aws/session-manager-plugin, sessionmanagerplugin/session
// and portsession packages). Almost every ending exits 0, so these lines are how an ending is judged.

export type PluginLine =
  | { kind: 'starting'; sessionId: string }
  | { kind: 'port'; port: number; sessionId: string }
  | { kind: 'waiting' }
  | { kind: 'accepted'; sessionId: string }
  | { kind: 'destination-failed' }
  | { kind: 'start-error'; message: string; bindError: boolean }
  | { kind: 'terminate-signal' }
  | { kind: 'session-ended'; sessionId: string; reason: string }
  | { kind: 'other'; text: string };

const PORT = /Port (\d+) opened for sessionId (\S+)\./;
const STARTING = /^Starting session with SessionId: (\S+)$/;
const ACCEPTED = /^Connection accepted for session \[(.+)\]$/;
const EXITING = /^Exiting session with sessionId: (\S+?)\.?$/;
const SESSION_REASON = /^SessionId: (\S+) : (.+)$/;
const TIMED_OUT = /^Session: (\S+) timed out\.?$/;
const START_ERROR = /^Cannot perform start session: (.*)$/;

/** Classifies one stdout line (without its newline); blank lines are `other` with empty text. */
export function parsePluginLine(raw: string): PluginLine {
  const text = raw.trim();
  const port = PORT.exec(text);
  if (port) return { kind: 'port', port: Number(port[1]), sessionId: port[2] ?? '' };
  let match = STARTING.exec(text);
  if (match) return { kind: 'starting', sessionId: match[1] ?? '' };
  if (text === 'Waiting for connections...') return { kind: 'waiting' };
  match = ACCEPTED.exec(text);
  if (match) return { kind: 'accepted', sessionId: match[1] ?? '' };
  if (text.startsWith('Connection to destination port failed')) return { kind: 'destination-failed' };
  match = START_ERROR.exec(text);
  if (match) {
    const message = match[1] ?? '';
    return { kind: 'start-error', message, bindError: /bind: address already in use/.test(message) };
  }
  if (text === 'Terminate signal received, exiting.') return { kind: 'terminate-signal' };
  match = EXITING.exec(text);
  if (match) return { kind: 'session-ended', sessionId: match[1] ?? '', reason: 'the session was closed' };
  match = SESSION_REASON.exec(text);
  if (match) return { kind: 'session-ended', sessionId: match[1] ?? '', reason: match[2] ?? 'the session was closed' };
  match = TIMED_OUT.exec(text);
  if (match) return { kind: 'session-ended', sessionId: match[1] ?? '', reason: 'the session timed out and could not be resumed' };
  return { kind: 'other', text };
}

const INACTIVITY = /timed out due to inactivity/i;

/**
 * Whether a session-end reason is the service's idle timeout (contract §4: no tunnel traffic for the account's
 * idle minutes), e.g. `Your session timed out due to inactivity and has been terminated.`
 */
export function isInactivityEnd(reason: string): boolean {
  return INACTIVITY.test(reason);
}
