import { randomBytes, timingSafeEqual, createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from './files.js';

export const TOKEN_FILE = 'token';

/** Reads `<dir>/token`, creating a random 256-bit one (mode 0600) on first start. */
export async function loadOrCreateToken(dir: string): Promise<string> {
  const path = join(dir, TOKEN_FILE);
  try {
    const existing = (await readFile(path, 'utf8')).trim();
    if (/^[A-Za-z0-9_-]{43,}$/.test(existing)) return existing;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const token = randomBytes(32).toString('base64url');
  await writeFileAtomic(path, `${token}\n`);
  return token;
}

/** Constant-time comparison; hashing first makes the lengths equal without leaking them. */
export function tokensMatch(given: string | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
