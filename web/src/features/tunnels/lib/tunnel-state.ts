import type { Tunnel, TunnelState } from '../../../../../shared/api';
import { msUntil } from '../../../lib/format';

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

/**
 * While starts keep failing: "attempt 3, next try in 8s" (or "trying again now" once the wait is over).
 * Undefined otherwise: a lost session that had been open is replaced at once and shows no countdown.
 */
export function retryNote(t: Tunnel, now: number): string | undefined {
  if (t.state !== 'reconnecting' || !t.failedStarts) return undefined;
  const left = msUntil(t.retryAt, now);
  const next = left === undefined || left <= 0 ? 'trying again now' : `next try in ${Math.ceil(left / 1000)}s`;
  return `attempt ${t.failedStarts}, ${next}`;
}
