import type { TunnelState } from '../../../../../shared/api';
import { STATE_META } from '../lib/tunnel-state';

/** The state name in words, with its colour as a second signal. `testId` marks the one a test should read. */
export function StateBadge({ state, testId }: { state: TunnelState; testId?: string }) {
  return (
    <span className={`state tone-${STATE_META[state].tone}`}>
      <span className="dot" aria-hidden />
      <span data-testid={testId}>{state}</span>
    </span>
  );
}
