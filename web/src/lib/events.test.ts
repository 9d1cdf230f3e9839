import { describe, expect, it } from 'vitest';
import type { DaemonEvent } from '../../../shared/api';
import { openEventStream, parseEvent, reopenDelay, type StreamStatus } from './events';

/** A hand-driven stand-in for the browser's EventSource. */
class FakeSource {
  readyState = 0;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  closed = false;
  listeners = new Map<string, (msg: { data: string }) => void>();
  constructor(readonly url: string) {}
  addEventListener(type: string, fn: (msg: { data: string }) => void) {
    this.listeners.set(type, fn);
  }
  close() {
    this.closed = true;
    this.readyState = 2;
  }
  emit(type: string, data: string) {
    this.listeners.get(type)?.({ data });
  }
}

function harness() {
  const sources: FakeSource[] = [];
  const timers: { fn: () => void; ms: number }[] = [];
  const statuses: StreamStatus[] = [];
  const events: DaemonEvent[] = [];
  let closedCalls = 0;
  const close = openEventStream({
    url: '/api/events',
    onEvent: (e) => events.push(e),
    onStatus: (s) => statuses.push(s),
    onClosed: () => closedCalls++,
    createSource: (url) => {
      const s = new FakeSource(url);
      sources.push(s);
      return s as unknown as EventSource;
    },
    setTimer: (fn, ms) => {
      timers.push({ fn, ms });
      return timers.length as unknown as ReturnType<typeof setTimeout>;
    },
    clearTimer: () => undefined,
  });
  return { sources, timers, statuses, events, close, closed: () => closedCalls };
}

describe('openEventStream', () => {
  it('delivers profile events (sign-in progress and expiry warnings)', () => {
    const h = harness();
    const data = { profile: 'dev', kind: 'sign-in', outcome: 'signed-in', message: 'Signed in.' };
    (h.sources[0] as FakeSource).emit('profile', JSON.stringify(data));
    expect(h.events).toEqual([{ type: 'profile', data }]);
  });

  it('reports live on open and reconnecting on error, and parses typed events', () => {
    const h = harness();
    const src = h.sources[0] as FakeSource;
    src.onopen?.();
    src.emit('tunnel-removed', JSON.stringify({ id: 't1' }));
    src.emit('tunnel', '{not json');
    src.readyState = 0; // the browser is retrying by itself
    src.onerror?.();
    expect(h.statuses).toEqual(['connecting', 'live', 'reconnecting']);
    expect(h.events).toEqual([{ type: 'tunnel-removed', data: { id: 't1' } }]);
    expect(h.sources).toHaveLength(1);
    expect(h.timers).toHaveLength(0);
  });

  it('opens a new stream with backoff when the browser gives up', () => {
    const h = harness();
    const first = h.sources[0] as FakeSource;
    first.readyState = 2;
    first.onerror?.();
    expect(first.closed).toBe(true);
    expect(h.closed()).toBe(1);
    expect(h.timers.map((t) => t.ms)).toEqual([1000]);
    h.timers[0]?.fn();
    expect(h.sources).toHaveLength(2);
    const second = h.sources[1] as FakeSource;
    second.readyState = 2;
    second.onerror?.();
    expect(h.timers.map((t) => t.ms)).toEqual([1000, 2000]);
  });

  it('closes the source on stop', () => {
    const h = harness();
    h.close();
    expect((h.sources[0] as FakeSource).closed).toBe(true);
  });
});

describe('reopenDelay', () => {
  it('doubles from 1 s and caps at 30 s', () => {
    expect([0, 1, 2, 5, 10].map(reopenDelay)).toEqual([1000, 2000, 4000, 30_000, 30_000]);
  });
});

describe('parseEvent', () => {
  it('returns undefined for malformed data', () => {
    expect(parseEvent('daemon', '')).toBeUndefined();
  });
});
