import type { DaemonEvent, DaemonEventType } from '../../../shared/api';

export type StreamStatus = 'connecting' | 'live' | 'reconnecting';

/** EventSource.CLOSED, spelled out so this module also loads where EventSource is not defined (tests). */
const CLOSED = 2;

const EVENT_TYPES: DaemonEventType[] = ['snapshot', 'tunnel', 'tunnel-removed', 'inventory', 'daemon', 'profile'];

export interface EventStreamOptions {
  url: string;
  onEvent: (event: DaemonEvent) => void;
  onStatus: (status: StreamStatus) => void;
  /** Called when the browser gave up on the stream (e.g. an HTTP error such as 401), before we retry. */
  onClosed?: () => void;
  createSource?: (url: string) => EventSource;
  setTimer?: (fn: () => void, ms: number) => ReturnType<typeof setTimeout>;
  clearTimer?: (t: ReturnType<typeof setTimeout>) => void;
}

/** Delay before re-creating a stream the browser closed for good: 1 s doubling to 30 s. */
export function reopenDelay(attempt: number): number {
  return Math.min(30_000, 1000 * 2 ** Math.max(0, attempt));
}

/**
 * Keeps one EventSource on the daemon's event stream. The browser retries dropped connections by itself
 * (and sends Last-Event-ID); only when it gives up (readyState CLOSED, e.g. after an HTTP error) do we open a
 * new one, with backoff. Returns a function that closes everything.
 */
export function openEventStream(opts: EventStreamOptions): () => void {
  const create = opts.createSource ?? ((url: string) => new EventSource(url));
  const setTimer = opts.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = opts.clearTimer ?? ((t) => clearTimeout(t));
  let source: EventSource | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let attempt = 0;
  let stopped = false;

  const connect = () => {
    timer = undefined;
    const es = create(opts.url);
    source = es;
    es.onopen = () => {
      attempt = 0;
      opts.onStatus('live');
    };
    es.onerror = () => {
      opts.onStatus('reconnecting');
      if (es.readyState === CLOSED && !stopped) {
        es.close();
        opts.onClosed?.();
        timer = setTimer(connect, reopenDelay(attempt++));
      }
    };
    for (const type of EVENT_TYPES) {
      es.addEventListener(type, (msg) => {
        const event = parseEvent(type, (msg as MessageEvent<string>).data);
        if (event) opts.onEvent(event);
      });
    }
  };

  opts.onStatus('connecting');
  connect();
  return () => {
    stopped = true;
    if (timer !== undefined) clearTimer(timer);
    source?.close();
  };
}

export function parseEvent(type: DaemonEventType, data: string): DaemonEvent | undefined {
  try {
    return { type, data: JSON.parse(data) } as DaemonEvent;
  } catch {
    return undefined;
  }
}
