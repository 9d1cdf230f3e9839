import type { ParallelSessions, TunnelSpec } from '../../shared/api.js';
import type { PluginEnd } from '../plugin/session-plugin.js';
import { Backoff, type BackoffOptions } from './backoff.js';
import type { Relay } from './relay.js';
import type { LaunchHooks, Launcher, SessionHandle } from './session-launcher.js';
import { afterSessionLoss } from './session-loss.js';
import { asApiError } from './start-errors.js';
import type { TimerHandle, Timers } from './timers.js';
import { launchRequest } from './tunnel-spec.js';

// Parallel sessions (issue 17). A Session Manager session carries about 1 MB/s, shared by every connection through
// it; a tunnel with `parallelSessions: N` holds N−1 extra sessions to the same host and database beside its first,
// and the relay spreads new client connections over all of them. The first session is the supervisor's, as
// always (its loss drives the tunnel's state); the extras live here: started once the first one is open, each
// replaced on its own when lost (at once, or after a backoff while its starts keep failing), left ended when the
// service ended it for inactivity and nobody used it (woken by the next client), all stopped with the tunnel.

export const MAX_PARALLEL_SESSIONS = 4;

export interface SessionPoolDeps extends Timers {
  spec: () => TunnelSpec;
  launch: Launcher;
  relay: () => Relay | undefined;
  /** The supervisor's hooks; the pool prefixes each extra session's lines with its number. */
  hooks: Pick<LaunchHooks, 'log' | 'onDestinationFailure'>;
  /** The number of open sessions changed. */
  onChange: () => void;
  now: () => number;
  backoff?: BackoffOptions;
  quickEndMs?: number;
}

interface Slot {
  /** 2 for the first extra session (the supervisor's is 1), as the log and the card count them. */
  number: number;
  handle?: SessionHandle;
  openedAt?: number;
  clientsAtEnd?: number;
  launching: boolean;
  /** Ended for inactivity with nobody on it: started again by the next client. */
  dormant: boolean;
  retryTimer?: TimerHandle;
  readonly backoff: Backoff;
}

export class SessionPool {
  private slots: Slot[] = [];
  /** Bumped by `stopAll`: a start that lands after it stops its own session. */
  private generation = 0;
  private active = false;
  private readonly launches = new Set<Promise<void>>();
  /** Extra sessions replaced after a loss. */
  restarts = 0;

  constructor(private readonly deps: SessionPoolDeps) {}

  /** The extra sessions open now. */
  get open(): SessionHandle[] {
    return this.slots.flatMap((slot) => (slot.handle ? [slot.handle] : []));
  }

  /** The card's view: sessions wanted and open, the first session's id first (undefined for one session). */
  view(firstSessionId: string | undefined): ParallelSessions | undefined {
    const wanted = wantedSessions(this.deps.spec());
    if (wanted <= 1) return undefined;
    const ids = [...(firstSessionId ? [firstSessionId] : []), ...this.open.map((handle) => handle.sessionId)];
    return { wanted, open: ids.length, sessionIds: ids };
  }

  /** The first session is open (or the setting changed while it is open): start what is missing, stop any too many. */
  fill(): void {
    this.active = true;
    const extras = wantedSessions(this.deps.spec()) - 1;
    for (const slot of this.slots.splice(extras)) void this.stopSlot(slot);
    while (this.slots.length < extras)
      this.slots.push({ number: this.slots.length + 2, launching: false, dormant: false, backoff: new Backoff(this.deps.backoff) });
    for (const slot of this.slots) if (!slot.handle && !slot.launching && slot.retryTimer === undefined && !slot.dormant) this.start(slot);
  }

  /** A client connected: extra sessions that ended for inactivity come back for it and the ones after it. */
  demand(): void {
    if (!this.active) return;
    for (const slot of this.slots) {
      if (!slot.dormant) continue;
      slot.dormant = false;
      this.start(slot);
    }
  }

  /** Stops every extra session (SIGINT, TerminateSession); nothing of the pool runs afterwards. */
  async stopAll(): Promise<void> {
    this.active = false;
    this.generation++;
    const slots = this.slots.splice(0);
    await Promise.all(slots.map((slot) => this.stopSlot(slot)));
  }

  /** Resolves once no start is in flight (each abandoned one has stopped its own session). */
  async settled(): Promise<void> {
    for (let round = 0; round < 10 && this.launches.size > 0; round++) await Promise.all(this.launches);
  }

  private start(slot: Slot): void {
    slot.launching = true;
    const launch = this.launch(slot, this.generation).finally(() => {
      slot.launching = false;
      this.launches.delete(launch);
    });
    this.launches.add(launch);
  }

  private async launch(slot: Slot, generation: number): Promise<void> {
    let handle: SessionHandle;
    try {
      handle = await this.deps.launch(launchRequest(this.deps.spec()), this.hooksFor(slot));
    } catch (error) {
      if (generation !== this.generation || !this.slots.includes(slot)) return;
      const apiError = asApiError(error);
      this.retryLater(slot, `session ${slot.number} did not start: ${apiError.code}: ${apiError.message}`);
      return;
    }
    const relay = this.deps.relay();
    if (generation !== this.generation || !this.slots.includes(slot) || !relay) {
      await handle.stop();
      return;
    }
    slot.handle = handle;
    slot.openedAt = this.deps.now();
    slot.clientsAtEnd = undefined;
    slot.backoff.reset();
    relay.addUpstream(handle.port);
    this.deps.hooks.log('supervisor', `session ${slot.number} of ${wantedSessions(this.deps.spec())} open: ${handle.sessionId}`);
    this.deps.onChange();
    void handle.ended.then((end) => this.onLost(slot, handle, end));
  }

  /** An extra session ended by itself: replaced at once, after a backoff, or (inactivity, unused) when a client comes. */
  private onLost(slot: Slot, handle: SessionHandle, end: PluginEnd): void {
    if (slot.handle !== handle) return;
    const use = this.forget(slot);
    if (!this.active || !this.slots.includes(slot)) return;
    const action = afterSessionLoss(
      {
        reason: end.reason,
        sessionEnded: end.sessionEnded,
        upMs: this.deps.now() - (slot.openedAt ?? this.deps.now()),
        used: use.served > 0,
        clients: Math.max(slot.clientsAtEnd ?? 0, use.active),
      },
      this.deps.quickEndMs,
    );
    if (action === 'idle') {
      slot.dormant = true;
      this.deps.hooks.log('supervisor', `session ${slot.number} ended (${end.reason}); the next client starts it again`);
      return;
    }
    this.restarts++;
    if (action === 'retry-later') this.retryLater(slot, `session ${slot.number} ended before any client used it: ${end.reason}`);
    else {
      this.deps.hooks.log('supervisor', `session ${slot.number} ended (${end.reason}); starting a new one`);
      this.start(slot);
    }
  }

  private retryLater(slot: Slot, why: string): void {
    const delay = slot.backoff.next();
    this.deps.hooks.log('supervisor', `${why}; next try in ${Math.max(1, Math.round(delay / 1000))} s`);
    slot.retryTimer = this.deps.setTimer(() => {
      slot.retryTimer = undefined;
      if (this.active && this.slots.includes(slot)) this.start(slot);
    }, delay);
  }

  /** Takes the slot's session off the relay (its clients are closed) and answers how it was used. */
  private forget(slot: Slot): { served: number; active: number } {
    const handle = slot.handle;
    slot.handle = undefined;
    slot.openedAt = undefined;
    if (!handle) return { served: 0, active: 0 };
    const relay = this.deps.relay();
    const use = relay?.upstreamUse(handle.port) ?? { served: 0, active: 0 };
    relay?.removeUpstream(handle.port);
    relay?.dropClients(handle.port);
    this.deps.onChange();
    return { ...use };
  }

  private async stopSlot(slot: Slot): Promise<void> {
    if (slot.retryTimer !== undefined) this.deps.clearTimer(slot.retryTimer);
    slot.retryTimer = undefined;
    slot.dormant = false;
    const handle = slot.handle;
    this.forget(slot);
    await handle?.stop();
  }

  private hooksFor(slot: Slot): LaunchHooks {
    return {
      log: (source, line) => this.deps.hooks.log(source, `[session ${slot.number}] ${line}`),
      onDestinationFailure: () => this.deps.hooks.onDestinationFailure(),
      onSessionEnd: () => {
        const port = slot.handle?.port;
        if (port !== undefined) slot.clientsAtEnd ??= this.deps.relay()?.upstreamUse(port).active;
      },
    };
  }
}

/** The sessions a tunnel holds while open: its setting, within 1–4. */
export function wantedSessions(spec: TunnelSpec): number {
  return Math.min(MAX_PARALLEL_SESSIONS, Math.max(1, Math.floor(spec.parallelSessions ?? 1)));
}
