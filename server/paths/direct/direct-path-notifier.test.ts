import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BusEvent } from '../../events/bus.js';
import { DirectPathNotifier } from './direct-path-notifier.js';

afterEach(() => vi.useRealTimers());

describe('DirectPathNotifier', () => {
  it('one event per profile/region for a burst of changes, and again for a later change', () => {
    vi.useFakeTimers();
    const events: BusEvent[] = [];
    const notifier = new DirectPathNotifier((event) => events.push(event), 250);
    for (let i = 0; i < 300; i++) notifier.changed('dev', 'us-east-1');
    notifier.changed('dev', 'eu-west-1');
    expect(events).toEqual([]);
    vi.advanceTimersByTime(250);
    expect(events).toEqual([
      { type: 'direct-paths', data: { profile: 'dev', region: 'us-east-1' } },
      { type: 'direct-paths', data: { profile: 'dev', region: 'eu-west-1' } },
    ]);
    notifier.changed('dev', 'us-east-1');
    vi.advanceTimersByTime(250);
    expect(events).toHaveLength(3);
  });

  it('close drops what is pending', () => {
    vi.useFakeTimers();
    const events: BusEvent[] = [];
    const notifier = new DirectPathNotifier((event) => events.push(event), 250);
    notifier.changed('dev', 'us-east-1');
    notifier.close();
    vi.advanceTimersByTime(1_000);
    expect(events).toEqual([]);
  });
});
