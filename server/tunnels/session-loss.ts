import { isInactivityEnd } from '../plugin/plugin-lines.js';
import type { PluginEnd } from '../plugin/session-plugin.js';
import type { Relay } from './relay.js';

// What the loss of a session that had been open leads to (issue 11). A session that came up and was used is
// not a failing start: it is replaced at once, every time. Backoff is for starts that keep failing.

export type LossAction =
  /** Start a new session now, no delay. */
  | 'reconnect'
  /** Count it as a failed start and wait out the backoff. */
  | 'retry-later'
  /** Keep the port listening with no session; the next client starts one. */
  | 'idle';

export interface SessionLoss {
  /** How it ended, in words (the plugin's end line, or how it exited). */
  reason: string;
  /** The plugin printed that the session ended (as opposed to just exiting or being killed). */
  sessionEnded: boolean;
  /** How long the session had been open, in ms. */
  upMs: number;
  /** Whether any client connection or byte went through the relay while it was open. */
  used: boolean;
  /** Clients connected to, or waiting at, the relay when it ended. */
  clients: number;
}

/** A session that ends sooner than this after opening, unused, is a failed start (no hot StartSession loop). */
export const QUICK_END_MS = 5_000;

export function afterSessionLoss(loss: SessionLoss, quickEndMs = QUICK_END_MS): LossAction {
  // The administrator's idle policy ended it and nobody is using the port: starting a new session now would
  // defeat that policy (and fill the audit log), so wait for the next client instead.
  if (loss.sessionEnded && isInactivityEnd(loss.reason) && loss.clients === 0) return 'idle';
  if (!loss.used && loss.upMs < quickEndMs) return 'retry-later';
  return 'reconnect';
}

type RelayView = Pick<Relay, 'stats' | 'waiting'>;

/** Who used the current session: the relay's usage when it opened, and the clients seen at its end line. */
export class SessionUse {
  private usageAtOpen = 0;
  private clientsAtEnd: number | undefined;

  constructor(private readonly relay: () => RelayView | undefined) {}

  opened(): void {
    this.usageAtOpen = usage(this.relay());
    this.clientsAtEnd = undefined;
  }

  /** The plugin printed its end line; its sockets close as it exits, so who was connected is read now. */
  endLine(): void {
    this.clientsAtEnd ??= clients(this.relay());
  }

  loss(end: PluginEnd, upMs: number): SessionLoss {
    const relay = this.relay();
    return {
      reason: end.reason,
      sessionEnded: end.sessionEnded,
      upMs,
      used: usage(relay) !== this.usageAtOpen,
      clients: Math.max(this.clientsAtEnd ?? 0, clients(relay)),
    };
  }
}

/** Clients connected to or waiting at the relay. */
function clients(relay: RelayView | undefined): number {
  return relay ? relay.stats.activeConnections + relay.waiting : 0;
}

/** Grows with every client connection and byte: unchanged means nobody used the session. */
function usage(relay: RelayView | undefined): number {
  const stats = relay?.stats;
  return stats ? stats.totalConnections + stats.bytesIn + stats.bytesOut : 0;
}
