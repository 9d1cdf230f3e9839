// Virtual time for tests (not shipped): a clock and the setTimer/clearTimer pair the supervisor, the relay and
// the health monitor take. Timers fire only when the test moves the clock; real I/O runs in between.
import type { Timers } from '../server/tunnels/timers.js';

/** Lets pending promise callbacks and socket events run (setImmediate is never faked here). */
export async function settle(rounds = 5): Promise<void> {
  for (let index = 0; index < rounds; index++) await new Promise((resolve) => setImmediate(resolve));
}

export class FakeTime implements Timers {
  now = Date.parse('2026-11-22T10:00:00.000Z');
  private nextId = 1;
  private readonly timers = new Map<number, { at: number; fn: () => void }>();

  readonly clock = (): number => this.now;
  readonly date = (): Date => new Date(this.now);

  setTimer = (fn: () => void, ms: number): number => {
    const id = this.nextId++;
    this.timers.set(id, { at: this.now + ms, fn });
    return id;
  };

  clearTimer = (id: unknown): void => {
    this.timers.delete(id as number);
  };

  /** Due times of the timers still pending, soonest first. */
  pending(): number[] {
    return [...this.timers.values()].map((timer) => timer.at).sort((a, b) => a - b);
  }

  /** Moves the clock by `ms`, firing due timers in order and letting their effects settle. */
  async advance(ms: number): Promise<void> {
    const end = this.now + ms;
    for (;;) {
      const due = [...this.timers.entries()].filter(([, timer]) => timer.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.now = due[1].at;
      due[1].fn();
      await settle();
    }
    this.now = end;
  }
}
