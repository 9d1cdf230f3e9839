import { describe, expect, it } from 'vitest';
import { Backoff } from './backoff.js';

describe('Backoff', () => {
  it('doubles from 1 s and caps at 60 s (no jitter)', () => {
    const backoff = new Backoff({ jitter: 0 });
    const delays = Array.from({ length: 9 }, () => backoff.next());
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000]);
  });

  it('keeps jitter within ±20 % and never above the cap', () => {
    const low = new Backoff({ random: () => 0 });
    const high = new Backoff({ random: () => 0.999999 });
    for (let attempt = 0; attempt < 10; attempt++) {
      const plain = Math.min(60_000, 1000 * 2 ** attempt);
      const a = low.next();
      const b = high.next();
      expect(a).toBe(Math.round(plain * 0.8));
      expect(b).toBeLessThanOrEqual(Math.min(60_000, Math.round(plain * 1.2)));
      if (plain === 60_000) expect(b).toBe(60_000);
      else expect(b).toBeGreaterThan(plain);
    }
  });

  it('spreads delays with real randomness inside the bounds', () => {
    const backoff = new Backoff();
    for (let index = 0; index < 200; index++) {
      backoff.reset();
      const delay = backoff.next();
      expect(delay).toBeGreaterThanOrEqual(800);
      expect(delay).toBeLessThanOrEqual(1200);
    }
  });

  it('starts over at the base delay after reset (a start reached "open"), however far it had grown', () => {
    const backoff = new Backoff({ jitter: 0 });
    for (let attempt = 0; attempt < 8; attempt++) backoff.next();
    expect(backoff.next()).toBe(60000);
    backoff.reset();
    expect(backoff.attempts).toBe(0);
    expect(backoff.next()).toBe(1000);
    expect(backoff.next()).toBe(2000);
  });
});
