import { formatCountdown, msUntil } from '../lib/format';
import { useNow } from '../lib/use-now';

/**
 * Time left until `to`, ticking every second on its own (only this text re-renders). Like every clock on the page
 * it stops while Porthole is not answering; `ended` is said once the time has passed.
 */
export function Countdown({ to, testId, ended = 'ended' }: { to: string; testId?: string; ended?: string }) {
  const now = useNow(1000);
  const left = msUntil(to, now);
  return (
    <time className="countdown" dateTime={to} data-testid={testId} title={new Date(to).toLocaleString()}>
      {left === undefined ? '—' : left > 0 ? formatCountdown(left) : ended}
    </time>
  );
}
