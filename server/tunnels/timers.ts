// Timer functions the supervisor and the relay take as dependencies, so tests can run them on virtual time
// (the same shape the health monitor takes).

export type TimerHandle = unknown;

export interface Timers {
  setTimer: (fn: () => void, ms: number) => TimerHandle;
  clearTimer: (handle: TimerHandle) => void;
}

/** The global setTimeout/clearTimeout, looked up at each call (so vitest's fake timers still apply). */
export const REAL_TIMERS: Timers = {
  setTimer: (fn, ms) => setTimeout(fn, ms),
  clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** The injected timers, else the real ones. */
export function timersFrom(deps: Partial<Timers>): Timers {
  return { setTimer: deps.setTimer ?? REAL_TIMERS.setTimer, clearTimer: deps.clearTimer ?? REAL_TIMERS.clearTimer };
}
