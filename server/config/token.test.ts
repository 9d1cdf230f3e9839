import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOrCreateToken, tokensMatch } from './token.js';

describe('daemon token', () => {
  it('is 256 random bits, written 0600 on first start and reused afterwards', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'porthole-token-'));
    const token = await loadOrCreateToken(dir);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect((await stat(join(dir, 'token'))).mode & 0o777).toBe(0o600);
    expect((await readFile(join(dir, 'token'), 'utf8')).trim()).toBe(token);
    expect(await loadOrCreateToken(dir)).toBe(token);
    const other = await loadOrCreateToken(await mkdtemp(join(tmpdir(), 'porthole-token-')));
    expect(other).not.toBe(token);
  });

  it('compares tokens exactly', () => {
    expect(tokensMatch('abc', 'abc')).toBe(true);
    expect(tokensMatch('abd', 'abc')).toBe(false);
    expect(tokensMatch('ab', 'abc')).toBe(false);
    expect(tokensMatch(undefined, 'abc')).toBe(false);
  });
});
