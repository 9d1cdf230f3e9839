import { describe, expect, it } from 'vitest';
import { normalizeRegion, regionsOf } from './regions';

describe('normalizeRegion', () => {
  it('accepts region-shaped text, trimmed and lower-cased', () => {
    expect(normalizeRegion(' EU-West-1 ')).toBe('eu-west-1');
    expect(normalizeRegion('us-gov-west-1')).toBe('us-gov-west-1');
  });
  it('rejects what cannot be a region', () => {
    expect(normalizeRegion('')).toBeUndefined();
    expect(normalizeRegion('eu west 1')).toBeUndefined();
    expect(normalizeRegion('frankfurt')).toBeUndefined();
  });
});

describe('regionsOf', () => {
  it('uses the picked regions, else the default region, else none', () => {
    expect(regionsOf({ regions: ['a-b-1'], region: 'c-d-1' })).toEqual(['a-b-1']);
    expect(regionsOf({ regions: [], region: 'c-d-1' })).toEqual(['c-d-1']);
    expect(regionsOf({ regions: [] })).toEqual([]);
  });
});
