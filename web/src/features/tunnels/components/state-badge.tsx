import type { TunnelState } from '../../../../../shared/api';
import { useOnline } from '../../../lib/link';
import { STATE_META } from '../lib/tunnel-state';

/**
 * The state name in words, with its colour as a second signal; "unknown" while the daemon is not answering
 * (the last state seen is not shown as if it were current); `past` states (the history) are shown as they were.
 * `testId` marks the one a test should read.
 */
export function StateBadge({ state, testId, past = false }: { state: TunnelState; testId?: string; past?: boolean }) {
  const online = useOnline() || past;
  return (
    <span className={`state tone-${online ? STATE_META[state].tone : 'grey'}`}>
      <span className="dot" aria-hidden />
      <span data-testid={testId}>{online ? state : 'unknown'}</span>
    </span>
  );
}
