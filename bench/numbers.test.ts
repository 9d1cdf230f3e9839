import { describe, expect, it } from 'vitest';
import { median, percentile, spread } from './numbers.js';

describe('bench numbers', () => {
  it('takes percentiles by nearest rank, whatever the order', () => {
    const values = Array.from({ length: 20 }, (_, index) => 20 - index); // 20 … 1
    expect(percentile(values, 95)).toBe(19);
    expect(percentile(values, 100)).toBe(20);
    expect(percentile(values, 0)).toBe(1);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 95)).toBeNaN();
  });

  it('spreads into min, median, p95 and max', () => {
    expect(spread([3, 1, 2, 10])).toEqual({ min: 1, median: 2.5, p95: 10, max: 10 });
    expect(median([5, 1, 3])).toBe(3);
  });
});
