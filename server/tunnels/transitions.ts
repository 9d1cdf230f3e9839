import type { TunnelState } from '../../shared/api.js';

// The supervisor's state machine as data: state × event → next state. An event missing from a state's
// row is ignored in that state (a late "session ended" after a stop, say). DESIGN.md "Tunnel states".

export type TunnelEvent =
  /** The user (or autostart) asked for a session now. */
  | 'start'
  /** Autostart of a lazy tunnel: listen, but start no session until a client comes. */
  | 'listen'
  /** A client connected to an idle lazy tunnel. */
  | 'demand'
  /** The plugin printed its port: the relay now pipes to it. */
  | 'port-open'
  /** A start attempt failed with a retryable error; or the session ended and a reconnect is due. */
  | 'start-failed-retryable'
  | 'session-ended'
  /** A deep probe says the session behind the live port is dead. */
  | 'session-dead'
  /** A start failed for good: not retryable, or the start retries ran out. */
  | 'fatal'
  | 'health-ok'
  | 'health-bad'
  /** A lazy tunnel saw no client for its idle minutes, or its session ended with no client waiting. */
  | 'idle-timeout'
  /** A start failed because the profile's sign-in (or credentials) must be renewed: wait, keeping the port. */
  | 'sign-in-needed'
  /** The profile works again (a sign-in, a renewal, a successful check), or the user asks to try now. */
  | 'signed-in'
  | 'stop';

export const TUNNEL_EVENTS: readonly TunnelEvent[] = [
  'start',
  'listen',
  'demand',
  'port-open',
  'start-failed-retryable',
  'session-ended',
  'session-dead',
  'fatal',
  'health-ok',
  'health-bad',
  'idle-timeout',
  'sign-in-needed',
  'signed-in',
  'stop',
];

export const TUNNEL_STATES: readonly TunnelState[] = [
  'stopped',
  'idle',
  'starting',
  'open',
  'healthy',
  'unhealthy',
  'reconnecting',
  'failed',
  'waiting-for-sign-in',
];

const live = {
  'session-ended': 'reconnecting',
  'session-dead': 'reconnecting',
  'idle-timeout': 'idle',
  'health-ok': 'healthy',
  'health-bad': 'unhealthy',
  stop: 'stopped',
} as const satisfies Partial<Record<TunnelEvent, TunnelState>>;

const TABLE: Record<TunnelState, Partial<Record<TunnelEvent, TunnelState>>> = {
  // `fatal` from stopped or failed: a start refused before anything ran (the port is taken, say).
  stopped: { start: 'starting', listen: 'idle', fatal: 'failed' },
  failed: { start: 'starting', listen: 'idle', fatal: 'failed', stop: 'stopped' },
  idle: { start: 'starting', demand: 'starting', stop: 'stopped', fatal: 'failed' },
  starting: {
    'port-open': 'open',
    'start-failed-retryable': 'reconnecting',
    fatal: 'failed',
    'idle-timeout': 'idle',
    'sign-in-needed': 'waiting-for-sign-in',
    stop: 'stopped',
  },
  reconnecting: {
    'port-open': 'open',
    'start-failed-retryable': 'reconnecting',
    fatal: 'failed',
    'idle-timeout': 'idle',
    'sign-in-needed': 'waiting-for-sign-in',
    stop: 'stopped',
  },
  // The relay keeps listening and clients keep queueing; no start is tried until the profile works again.
  // A lazy tunnel with nobody waiting goes back to listening idle (`listen`) instead of starting at once.
  'waiting-for-sign-in': {
    'signed-in': 'starting',
    listen: 'idle',
    'sign-in-needed': 'waiting-for-sign-in',
    fatal: 'failed',
    stop: 'stopped',
  },
  open: { ...live },
  healthy: { ...live },
  unhealthy: { ...live },
};

/** The next state, or undefined when the event means nothing in this state. */
export function transition(state: TunnelState, event: TunnelEvent): TunnelState | undefined {
  return TABLE[state][event];
}

/** States in which a session is (being) established and the relay listens. */
export function isActive(state: TunnelState): boolean {
  return state !== 'stopped' && state !== 'failed';
}

/** States in which the relay pipes to a live plugin port. */
export function isOpen(state: TunnelState): boolean {
  return state === 'open' || state === 'healthy' || state === 'unhealthy';
}
