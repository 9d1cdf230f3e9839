import { setPriority } from 'node:os';
import { isMainThread } from 'node:worker_threads';

// Discovery's worker thread runs at a lower CPU priority (issue 17): loading the SDK and parsing thousands of
// databases' XML then yields the CPU to the daemon's main thread (tunnel relays, the API) and to the browser
// drawing the dashboard, on machines with few cores. Imported first by discovery-worker.ts, so it applies
// before the SDK loads.

/** The nice value of the worker thread (0 is normal, 19 the lowest). */
export const BACKGROUND_NICE = 10;

/**
 * Linux gives each thread its own nice value, so this lowers only the calling thread. Elsewhere setpriority would
 * lower the whole daemon: nothing is done. Returns whether the priority was lowered.
 */
export function lowerThreadPriority(
  platform: NodeJS.Platform = process.platform,
  set: (priority: number) => void = (priority) => setPriority(0, priority),
): boolean {
  if (platform !== 'linux') return false;
  try {
    set(BACKGROUND_NICE);
    return true;
  } catch {
    // Not allowed (a sandbox without setpriority): discovery still runs, at normal priority.
    return false;
  }
}

if (!isMainThread) lowerThreadPriority();
