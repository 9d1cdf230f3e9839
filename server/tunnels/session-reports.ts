import type { LaunchHooks } from './session-launcher.js';
import { destinationFailureNote } from './start-errors.js';
import type { SupervisorDeps } from './supervisor-deps.js';
import type { TunnelLog } from './tunnel-log.js';

/**
 * What a session's plugin reports into its tunnel, for the first session and the parallel ones alike: its lines
 * into the log, and each "Connection to destination port failed" counted, explained and passed on.
 */
export function sessionReports(
  log: TunnelLog,
  deps: Pick<SupervisorDeps, 'spec' | 'onDestinationFailure' | 'onChange'>,
  count: () => void,
): Pick<LaunchHooks, 'log' | 'onDestinationFailure'> {
  return {
    log: (source, line) => log.push(source, line),
    onDestinationFailure: () => {
      count();
      log.push('supervisor', destinationFailureNote(deps.spec()));
      deps.onDestinationFailure?.();
      deps.onChange('stats');
    },
  };
}
