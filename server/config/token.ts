import { randomBytes, timingSafeEqual, createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from './files.js';

export const TOKEN_FILE = 'token';

/** A fresh random 256-bit secret, URL-safe. */
export function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** Reads `<dir>/token`, creating a random 256-bit one (mode 0600) on first start. */
export async function loadOrCreateToken(dir: string): Promise<string> {
  const path = join(dir, TOKEN_FILE);
  try {
    const existing = (await readFile(path, 'utf8')).trim();
    if (/^[A-Za-z0-9_-]{43,}$/.test(existing)) return existing;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const token = randomSecret();
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

/**
 * The daemon's API token: read from (or created in) `<dir>/token`, and replaced there by `rotate`.
 * Without a folder it lives in memory only (route tests).
 */
export class ApiToken {
  private constructor(
    private value: string,
    private readonly dir?: string,
  ) {}

  static async load(dir: string): Promise<ApiToken> {
    return new ApiToken(await loadOrCreateToken(dir), dir);
  }

  static inMemory(value: string): ApiToken {
    return new ApiToken(value);
  }

  matches(given: string | undefined): boolean {
    return tokensMatch(given, this.value);
  }

  /** Writes a new token (the file first, so a crash never leaves the daemon on a token nobody can read). */
  async rotate(): Promise<void> {
    const next = randomSecret();
    if (this.dir) await writeFileAtomic(join(this.dir, TOKEN_FILE), `${next}\n`);
    this.value = next;
  }
}
