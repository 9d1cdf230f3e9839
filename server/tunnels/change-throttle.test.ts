import { describe, expect, it } from 'vitest';
import { FakeTime } from '../../testing/fake-time.js';
import { ChangeThrottle } from './change-throttle.js';

describe('ChangeThrottle', () => {
  it('publishes state changes at once and counts at most once per period', async () => {
    const time = new FakeTime();
    const throttle = new ChangeThrottle(1_000, time);
    const published: string[] = [];
    throttle.changed('t-1', 'stats', () => published.push('stats a'));
    throttle.changed('t-1', 'stats', () => published.push('stats b'));
    expect(published).toEqual([]);
    await time.advance(999);
    expect(published).toEqual([]);
    await time.advance(1);
    expect(published).toEqual(['stats a']);

    // A state change goes out at once and takes the pending counts with it.
    throttle.changed('t-1', 'stats', () => published.push('stats c'));
    throttle.changed('t-1', 'state', () => published.push('state'));
    await time.advance(5_000);
    expect(published).toEqual(['stats a', 'state']);
  });

  it('keeps tunnels apart, and forgets a removed tunnel and everything on close', async () => {
    const time = new FakeTime();
    const throttle = new ChangeThrottle(1_000, time);
    const published: string[] = [];
    throttle.changed('t-1', 'stats', () => published.push('t-1'));
    throttle.changed('t-2', 'stats', () => published.push('t-2'));
    throttle.changed('t-3', 'stats', () => published.push('t-3'));
    throttle.forget('t-2');
    await time.advance(1_000);
    expect(published).toEqual(['t-1', 't-3']);
    throttle.changed('t-1', 'stats', () => published.push('late'));
    throttle.close();
    await time.advance(1_000);
    expect(time.pending()).toEqual([]);
    expect(published).toEqual(['t-1', 't-3']);
  });
});
