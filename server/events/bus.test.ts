import { describe, expect, it } from 'vitest';
import type { DaemonStatus } from '../../shared/api.js';
import { EventBus, type NumberedEvent } from './bus.js';

const removed = (id: string) => ({ type: 'tunnel-removed' as const, data: { id } });

describe('EventBus', () => {
  it('numbers events in increasing order and delivers them to every subscriber', () => {
    const bus = new EventBus();
    const seen: NumberedEvent[] = [];
    const unsubscribe = bus.subscribe((event) => seen.push(event));
    bus.publish(removed('a'));
    bus.publish(removed('b'));
    expect(seen.map((event) => event.id)).toEqual([1, 2]);
    unsubscribe();
    bus.publish(removed('c'));
    expect(seen).toHaveLength(2);
    expect(bus.lastId).toBe(3);
  });

  it('replays what a subscriber missed, or says it cannot', () => {
    const bus = new EventBus(3);
    for (const id of ['a', 'b', 'c', 'd', 'e']) bus.publish(removed(id));
    expect(bus.since(5)).toEqual([]);
    expect(bus.since(3)?.map((event) => event.id)).toEqual([4, 5]);
    expect(bus.since(2)?.map((event) => event.id)).toEqual([3, 4, 5]);
    expect(bus.since(1)).toBeUndefined();
    expect(bus.since(99)).toBeUndefined();
  });

  it('keeps delivering when one subscriber throws', () => {
    const bus = new EventBus();
    const seen: number[] = [];
    bus.subscribe(() => {
      throw new Error('broken subscriber');
    });
    bus.subscribe((event) => seen.push(event.id));
    bus.publish({ type: 'daemon', data: {} as DaemonStatus });
    expect(seen).toEqual([1]);
  });
});
