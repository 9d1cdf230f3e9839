import { timersFrom, type TimerHandle, type Timers } from './timers.js';

/**
 * How a tunnel's changes reach the event stream: state changes at once, byte and connection counts at most
 * once per period (a busy tunnel changes its counts thousands of times a second).
 */
export class ChangeThrottle {
  private readonly pending = new Map<string, TimerHandle>();
  private readonly timers: Timers;

  constructor(
    private readonly periodMs: number,
    timers: Partial<Timers> = {},
  ) {
    this.timers = timersFrom(timers);
  }

  /** Runs `publish` now for a state change (which also carries the latest counts), or once per period for counts. */
  changed(id: string, kind: 'state' | 'stats', publish: () => void): void {
    if (kind === 'state') {
      this.forget(id);
      publish();
      return;
    }
    if (this.pending.has(id)) return;
    const handle = this.timers.setTimer(() => {
      this.pending.delete(id);
      publish();
    }, this.periodMs);
    // A pending count update never keeps the daemon alive.
    (handle as { unref?: () => void } | undefined)?.unref?.();
    this.pending.set(id, handle);
  }

  forget(id: string): void {
    const handle = this.pending.get(id);
    if (handle === undefined) return;
    this.timers.clearTimer(handle);
    this.pending.delete(id);
  }

  close(): void {
    for (const id of [...this.pending.keys()]) this.forget(id);
  }
}
