import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../config/files.js';
import { randomSecret } from '../config/token.js';

export const SESSIONS_FILE = 'sessions.json';
export const SESSION_TTL_MS = 7 * 24 * 60 * 60_000;

interface StoredSession {
  /** SHA-256 of the session id: the file alone never signs anyone in. */
  hash: string;
  expiresAt: number;
}

const hashOf = (id: string): string => createHash('sha256').update(id).digest('hex');

/**
 * Browser sessions, each its own random secret (never the API token, which a cookie would hand to every
 * other web server on 127.0.0.1, since cookies are not separated by port). Sessions expire after
 * `ttlMs`, end one by one (sign out) or all at once (token rotation), and survive a daemon restart
 * through `<config-dir>/sessions.json`, which holds only their hashes.
 */
export class BrowserSessions {
  private writes: Promise<void> = Promise.resolve();

  private constructor(
    private readonly sessions: Map<string, number>,
    private readonly path: string | undefined,
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {}

  static async open(dir: string, ttlMs = SESSION_TTL_MS, now: () => number = Date.now): Promise<BrowserSessions> {
    const path = join(dir, SESSIONS_FILE);
    const sessions = new Map<string, number>();
    for (const stored of await readStored(path)) sessions.set(stored.hash, stored.expiresAt);
    return new BrowserSessions(sessions, path, ttlMs, now);
  }

  static inMemory(ttlMs = SESSION_TTL_MS, now: () => number = Date.now): BrowserSessions {
    return new BrowserSessions(new Map(), undefined, ttlMs, now);
  }

  get maxAgeSeconds(): number {
    return Math.floor(this.ttlMs / 1000);
  }

  async create(): Promise<string> {
    const id = randomSecret();
    this.prune();
    this.sessions.set(hashOf(id), this.now() + this.ttlMs);
    await this.save();
    return id;
  }

  isValid(id: string | undefined): boolean {
    if (typeof id !== 'string' || id.length === 0 || id.length > 128) return false;
    const expiresAt = this.sessions.get(hashOf(id));
    return expiresAt !== undefined && expiresAt > this.now();
  }

  async end(id: string | undefined): Promise<void> {
    if (typeof id !== 'string' || !this.sessions.delete(hashOf(id))) return;
    await this.save();
  }

  /** Ends every session; answers how many were live. */
  async endAll(): Promise<number> {
    this.prune();
    const count = this.sessions.size;
    this.sessions.clear();
    await this.save();
    return count;
  }

  private prune(): void {
    const now = this.now();
    for (const [hash, expiresAt] of this.sessions) if (expiresAt <= now) this.sessions.delete(hash);
  }

  private save(): Promise<void> {
    const path = this.path;
    if (!path) return Promise.resolve();
    const stored: StoredSession[] = [...this.sessions].map(([hash, expiresAt]) => ({ hash, expiresAt }));
    const text = `${JSON.stringify({ version: 1, sessions: stored })}\n`;
    const next = this.writes.then(() => writeFileAtomic(path, text));
    this.writes = next.catch(() => undefined);
    return next;
  }
}

/** The stored sessions, or none when the file is missing or not ours (a damaged file only signs browsers out). */
async function readStored(path: string): Promise<StoredSession[]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch {
    return [];
  }
  const sessions = (parsed as { sessions?: unknown }).sessions;
  if (!Array.isArray(sessions)) return [];
  return sessions.filter(
    (entry): entry is StoredSession =>
      typeof entry === 'object' &&
      entry !== null &&
      typeof (entry as StoredSession).hash === 'string' &&
      /^[0-9a-f]{64}$/.test((entry as StoredSession).hash) &&
      Number.isFinite((entry as StoredSession).expiresAt),
  );
}
