import { isInactivityEnd } from '../plugin/plugin-lines.js';
import type { PluginEnd } from '../plugin/session-plugin.js';
import type { Relay } from './relay.js';
import type { SessionHandle } from './session-launcher.js';

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

/** What the supervisor does after a loss, and what the tunnel says about it. */
export interface LossStep {
  action: LossAction;
  event: 'idle-timeout' | 'session-ended';
  reason: string;
}

export function lossStep(loss: SessionLoss, port: number, quickEndMs?: number): LossStep {
  const action = afterSessionLoss(loss, quickEndMs);
  if (action === 'idle') {
    const reason = `${loss.reason} No client is connected, so port ${port} listens and the next client starts a new session.`;
    return { action, event: 'idle-timeout', reason };
  }
  if (action === 'retry-later') {
    const reason = `session ended ${(loss.upMs / 1000).toFixed(1)} s after opening, before any client used it: ${loss.reason}`;
    return { action, event: 'session-ended', reason };
  }
  return { action, event: 'session-ended', reason: `session ended: ${loss.reason}; starting a new session on port ${port} now` };
}

type RelayView = Pick<Relay, 'stats' | 'waiting'>;

/**
 * The session a tunnel holds now: its handle, when it opened, and who used it (the relay's usage when it
 * opened, the clients seen at its end line), which decide what its loss leads to.
 */
export class CurrentSession {
  handle: SessionHandle | undefined;
  openedAt: number | undefined;
  /** A session was open at least once since the relay started listening. */
  everOpened = false;
  private usageAtOpen = 0;
  private clientsAtEnd: number | undefined;
  /** Starts in flight: an abandoned one stops its own session when it lands. */
  private readonly launches = new Set<Promise<void>>();

  constructor(
    private readonly relay: () => RelayView | undefined,
    private readonly now: () => number,
  ) {}

  open(handle: SessionHandle): void {
    this.handle = handle;
    this.everOpened = true;
    this.openedAt = this.now();
    this.usageAtOpen = usage(this.relay());
    this.clientsAtEnd = undefined;
  }

  /** Lets go of the session (the caller stops it) and answers it. */
  take(): SessionHandle | undefined {
    const { handle } = this;
    this.handle = undefined;
    this.openedAt = undefined;
    return handle;
  }

  /** Tracks a start until it lands. */
  launching(launch: Promise<void>): Promise<void> {
    const tracked = launch.finally(() => this.launches.delete(tracked));
    this.launches.add(tracked);
    return tracked;
  }

  /** Resolves once no start is in flight (bounded: a stopped tunnel starts nothing new). */
  async settled(): Promise<void> {
    for (let round = 0; round < 10 && this.launches.size > 0; round++) await Promise.all(this.launches);
  }

  /** The plugin printed its end line; its sockets close as it exits, so who was connected is read now. */
  endLine(): void {
    this.clientsAtEnd ??= clients(this.relay());
  }

  loss(end: PluginEnd): SessionLoss {
    const relay = this.relay();
    return {
      reason: end.reason,
      sessionEnded: end.sessionEnded,
      upMs: this.now() - (this.openedAt ?? this.now()),
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
