import type { StreamStatus } from '../../../lib/events';

/** Live or reconnecting: the text is the state, the dot only repeats it. */
export function StreamIndicator({ status }: { status: StreamStatus }) {
  const live = status === 'live';
  return (
    <span
      className={`stream ${live ? 'stream-live' : status === 'connecting' ? 'stream-connecting' : 'stream-down'}`}
      title={live ? 'Receiving live updates from Porthole' : 'Porthole is not answering; the page keeps trying'}
    >
      <span className="dot" aria-hidden />
      <span data-testid="stream-status">{live ? 'live' : status === 'connecting' ? 'connecting' : 'reconnecting'}</span>
    </span>
  );
}
