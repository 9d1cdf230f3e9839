import type { ApiError, TunnelState } from '../../shared/api.js';
import type { TunnelLog } from './tunnel-log.js';
import { transition, type TunnelEvent } from './transitions.js';

/**
 * A tunnel's state with its reason, error and the time it was entered. It changes only through the
 * transition table; an event the table does not allow in the current state is logged and ignored.
 */
export class StateCell {
  state: TunnelState = 'stopped';
  since: number;
  reason: string | undefined;
  error: ApiError | undefined;

  constructor(
    private readonly log: TunnelLog,
    private readonly now: () => number,
  ) {
    this.since = now();
  }

  /** Applies `event`; answers the new state, or undefined when the event was ignored. */
  move(event: TunnelEvent, reason: string, error?: ApiError): TunnelState | undefined {
    const next = transition(this.state, event);
    if (next === undefined) {
      this.log.push('supervisor', `ignored ${event} in state ${this.state}`);
      return undefined;
    }
    if (next !== this.state) this.since = this.now();
    this.state = next;
    this.reason = reason;
    this.error = error;
    this.log.push('supervisor', `${next}: ${reason}`);
    return next;
  }
}
