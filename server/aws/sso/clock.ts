// The clock and timer functions the sign-in code takes, so tests run it on virtual time (the same shape as
// server/tunnels/timers.ts, which this lower room may not import).

export type TimerHandle = unknown;

export interface SsoClock {
  now: () => number;
  setTimer: (fn: () => void, ms: number) => TimerHandle;
  clearTimer: (handle: TimerHandle) => void;
}

/** Real time. Its timers never keep the process alive: a sign-in under way must not hold up the daemon's exit. */
export const REAL_CLOCK: SsoClock = {
  now: () => Date.now(),
  setTimer: (fn, ms) => setTimeout(fn, ms).unref(),
  clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** Resolves after `ms` on the given clock. */
export function sleep(clock: SsoClock, ms: number): Promise<void> {
  return new Promise((resolve) => clock.setTimer(resolve, ms));
}
