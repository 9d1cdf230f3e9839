import type { ApiError, HealthLayerName, Tunnel, TunnelState } from '../../../../../shared/api';
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
  starting: { tone: 'blue', fallback: 'Starting a session through the jump host.', running: true },
  idle: { tone: 'grey', fallback: 'Listening; a session starts when a client connects.', running: true },
  reconnecting: { tone: 'amber', fallback: 'The session ended; opening a new one on the same port.', running: true },
  'waiting-for-sign-in': { tone: 'amber', fallback: 'Waiting for the profile to sign in again; the port still listens.', running: true },
  unhealthy: { tone: 'red', fallback: 'The port is open but the database did not answer.', running: true },
  failed: { tone: 'red', fallback: 'Stopped after an error.', running: false },
  stopped: { tone: 'grey', fallback: 'Stopped.', running: false },
};

export const LAYER_LABEL: Record<HealthLayerName, string> = {
  credentials: 'AWS credentials',
  'jump-host': 'Jump host online in SSM',
  relay: 'Local port listening',
  session: 'SSM session alive',
  database: 'Database answering',
};

/** "i-0abc (bastion-dev)" reads worse than the Name tag: use the name wherever the daemon's words carry the id. */
function withHostName(text: string, t: Tunnel, hostName: string | undefined): string {
  return hostName && t.jumpHostId ? text.split(t.jumpHostId).join(hostName) : text;
}

function sentence(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return trimmed;
  const first = trimmed[0]!.toUpperCase() + trimmed.slice(1);
  return /[.!?…]$/.test(first) ? first : `${first}.`;
}

export function stateReason(t: Tunnel, hostName?: string): string {
  return sentence(withHostName(t.reason ?? STATE_META[t.state].fallback, t, hostName));
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

/** What a card says, once: the failure (with the layer it is in) or, when nothing failed, the state's reason. */
export interface CardMessage {
  text: string;
  error?: ApiError;
  /** For an unhealthy tunnel: where on the path the failure is. */
  layer?: HealthLayerName;
}

export function cardMessage(t: Tunnel, hostName?: string): CardMessage {
  if (t.state === 'unhealthy' && t.health.error) {
    const layer = failingLayer(t)?.name;
    return { text: withHostName(t.health.error.message, t, hostName), error: t.health.error, ...(layer ? { layer } : {}) };
  }
  if (t.error && (t.state === 'failed' || t.state === 'reconnecting')) {
    return { text: withHostName(t.error.message, t, hostName), error: t.error };
  }
  return { text: stateReason(t, hostName) };
}

export type StepStatus = 'done' | 'active' | 'next';
export interface ProgressStep {
  label: string;
  status: StepStatus;
}

/**
 * What a tunnel on its way up has done and is waiting for, or undefined when it is not on its way up. A start
 * takes seconds (AWS StartSession, then the plugin's websocket to the jump host, then the first probe), and a
 * database that cannot be reached only shows once the probe gives up: the steps say which wait it is.
 */
export function startSteps(t: Tunnel, hostName: string): ProgressStep[] | undefined {
  const port = { label: `Port ${t.localPort} listening`, status: 'done' as const };
  if (t.state === 'starting' || t.state === 'reconnecting') {
    return [
      port,
      { label: `Session through ${hostName}: AWS StartSession, then the plugin connects`, status: 'active' },
      { label: 'Database check', status: 'next' },
    ];
  }
  if (t.state === 'open' && t.health.status === 'unknown') {
    return [port, { label: 'Session open', status: 'done' }, { label: 'Checking the database (TLS and protocol)', status: 'active' }];
  }
  return undefined;
}
