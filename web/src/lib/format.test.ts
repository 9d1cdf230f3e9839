import { describe, expect, it } from 'vitest';
import { formatBytes, formatCountdown, formatDuration, formatRelative, msUntil } from './format';

describe('formatBytes', () => {
  it('uses 1024-based units with one decimal below ten', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(1024)).toBe('1 KB');
    expect(formatBytes(48_213_004)).toBe('46 MB');
    expect(formatBytes(5 * 1024 ** 4)).toBe('5 TB');
  });
  it('treats negative and non-finite values as zero', () => {
    expect(formatBytes(-5)).toBe('0 B');
    expect(formatBytes(Number.NaN)).toBe('0 B');
  });
});

describe('formatDuration', () => {
  it('picks the two largest units', () => {
    expect(formatDuration(45_000)).toBe('45s');
    expect(formatDuration(185_000)).toBe('3m 05s');
    expect(formatDuration(3_725_000)).toBe('1h 02m');
    expect(formatDuration(3 * 86_400_000 + 4 * 3_600_000)).toBe('3d 4h');
  });
  it('never goes negative', () => {
    expect(formatDuration(-10_000)).toBe('0s');
  });
});

describe('formatCountdown', () => {
  it('shows minutes and seconds, hours when needed, rounding up', () => {
    expect(formatCountdown(245_000)).toBe('4:05');
    expect(formatCountdown(3_723_000)).toBe('1:02:03');
    expect(formatCountdown(400)).toBe('0:01');
    expect(formatCountdown(-1)).toBe('0:00');
  });
});

describe('formatRelative', () => {
  const now = Date.parse('2026-01-01T12:00:00Z');
  it('says how long ago or how far ahead', () => {
    expect(formatRelative('2026-01-01T11:59:55Z', now)).toBe('just now');
    expect(formatRelative('2026-01-01T11:59:30Z', now)).toBe('30 s ago');
    expect(formatRelative('2026-01-01T11:55:00Z', now)).toBe('5 min ago');
    expect(formatRelative('2026-01-01T09:00:00Z', now)).toBe('3 h ago');
    expect(formatRelative('2026-01-01T17:00:00Z', now)).toBe('in 5 h');
    expect(formatRelative(undefined, now)).toBe('never');
    expect(formatRelative('garbage', now)).toBe('unknown');
  });
});

describe('msUntil', () => {
  it('is undefined for unset or invalid times', () => {
    expect(msUntil(undefined, 0)).toBeUndefined();
    expect(msUntil('nope', 0)).toBeUndefined();
    expect(msUntil('1970-01-01T00:00:10Z', 4000)).toBe(6000);
  });
});
