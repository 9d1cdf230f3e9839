import { describe, expect, it } from 'vitest';
import type { TunnelLogLine } from '../../shared/api.js';
import { newLines } from './control.js';

const line = (at: string, text: string): TunnelLogLine => ({ at, source: 'supervisor', line: text });

describe('following a log that keeps its last 200 lines', () => {
  it('prints what came after the last line already printed', () => {
    const seen = [line('10:00', 'a'), line('10:01', 'b')];
    expect(newLines(seen, [...seen, line('10:02', 'c')])).toEqual([line('10:02', 'c')]);
    expect(newLines(seen, seen)).toEqual([]);
    expect(newLines([], seen)).toEqual(seen);
  });

  it('finds its place when older lines slid out, and when the same line repeats', () => {
    const seen = [line('10:00', 'a'), line('10:01', 'same')];
    expect(newLines(seen, [line('10:01', 'same'), line('10:02', 'same'), line('10:03', 'd')])).toEqual([
      line('10:02', 'same'),
      line('10:03', 'd'),
    ]);
    // Every printed line slid out: the newer ones by time.
    expect(newLines(seen, [line('10:00', 'z'), line('10:05', 'e')])).toEqual([line('10:05', 'e')]);
  });
});
