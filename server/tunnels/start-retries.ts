import { isRetryable, needsSignIn } from '../../shared/error-codes.js';
import { Backoff, type BackoffOptions } from './backoff.js';
import type { TimerHandle, Timers } from './timers.js';

/**
 * One tunnel's consecutive failed starts: how many, the backoff delay they have grown to, and the one pending
 * retry. `reset` when a start reaches "open": the next failure waits the base delay again.
 */
export class StartRetries {
  /** Failed starts since a session was last open. */
  failures = 0;
  /** Epoch ms of the pending retry. */
  at: number | undefined;
  private timer: TimerHandle | undefined;
  private run: (() => void) | undefined;
  private readonly backoff: Backoff;

  constructor(
    options: BackoffOptions | undefined,
    private readonly timers: Timers,
    private readonly now: () => number,
  ) {
    this.backoff = new Backoff(options);
  }

  /** Runs `run` after the next backoff delay, replacing any pending retry; returns the delay in ms. */
  schedule(run: () => void): number {
    this.cancel();
    const delay = this.backoff.next();
    this.at = this.now() + delay;
    this.run = run;
    this.timer = this.timers.setTimer(() => this.fire(), delay);
    return delay;
  }

  /** Runs the pending retry at once ("Retry now"); false when none is pending. */
  runNow(): boolean {
    if (!this.run) return false;
    this.fire();
    return true;
  }

  cancel(): void {
    if (this.timer !== undefined) this.timers.clearTimer(this.timer);
    this.timer = undefined;
    this.at = undefined;
    this.run = undefined;
  }

  reset(): void {
    this.cancel();
    this.failures = 0;
    this.backoff.reset();
  }

  private fire(): void {
    const run = this.run;
    this.cancel();
    run?.();
  }
}

export interface StartFailure {
  /** The error's code: shared/error-codes.ts says whether a retry can help. */
  code: string;
  /** A session of this run was open once: then starts never run out (a lost session keeps coming back). */
  everOpened: boolean;
  /** Failed starts before this one. */
  failures: number;
  maxRetries: number;
  lazy: boolean;
  /** Clients waiting at the relay for a session. */
  waiting: number;
}

/**
 * What a failed start leads to: `wait-sign-in` when a sign-in would fix it (the tunnel keeps its port and
 * clients and spends no retry), `fail` when no retry can help or the retries ran out, `idle` for a lazy tunnel
 * with nobody waiting (the next connection tries again), else `retry` after the backoff.
 */
export function afterStartFailure(failure: StartFailure): 'fail' | 'idle' | 'retry' | 'wait-sign-in' {
  if (needsSignIn(failure.code)) return 'wait-sign-in';
  const retriesLeft = failure.everOpened || failure.failures < failure.maxRetries;
  if (!isRetryable(failure.code) || !retriesLeft) return 'fail';
  return failure.lazy && failure.waiting === 0 ? 'idle' : 'retry';
}
