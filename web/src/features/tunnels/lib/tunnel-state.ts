import type { Tunnel, TunnelState } from '../../../../../shared/api';

export type Tone = 'green' | 'blue' | 'amber' | 'red' | 'grey';

interface StateMeta {
  tone: Tone;
  /** Said when the daemon gave no reason. */
  fallback: string;
  /** Whether the tunnel holds its port (Stop applies) or not (Start applies). */
  running: boolean;
}

export const STATE_META: Record<TunnelState, StateMeta> = {
  healthy: { tone: 'green', fallback: 'The database answered the last health check.', running: true },
  open: { tone: 'blue', fallback: 'The port is open; no health check has finished yet.', running: true },
  starting: { tone: 'blue', fallback: 'Starting a session through the jump host…', running: true },
  idle: { tone: 'grey', fallback: 'Listening; a session starts when a client connects.', running: true },
  reconnecting: { tone: 'amber', fallback: 'The session ended; opening a new one on the same port.', running: true },
  unhealthy: { tone: 'red', fallback: 'The port is open but the database did not answer.', running: true },
  failed: { tone: 'red', fallback: 'Stopped after an error.', running: false },
  stopped: { tone: 'grey', fallback: 'Stopped.', running: false },
};

export function stateReason(t: Tunnel): string {
  return t.reason ?? STATE_META[t.state].fallback;
}

/** The first failing health layer, which is the one to explain. */
export function failingLayer(t: Tunnel) {
  return t.health.layers.find((l) => l.status === 'fail');
}

export function isRunning(t: Tunnel): boolean {
  return STATE_META[t.state].running;
}
