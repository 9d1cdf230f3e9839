import { randomBytes } from 'node:crypto';
import { tokensMatch } from '../config/token.js';

/**
 * One-time login codes for `/login?token=…`, so no long-lived secret ever lands in the browser's
 * history. A code works once, within `ttlMs`; rotating the API token clears every code.
 */
export class LoginLinks {
  private readonly codes = new Map<string, number>();

  constructor(
    private readonly ttlMs = 10 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  mint(): string {
    this.prune();
    const code = randomBytes(24).toString('base64url');
    this.codes.set(code, this.now() + this.ttlMs);
    return code;
  }

  /** True when `given` is an unused, unexpired code (which it then uses up). */
  redeem(given: string): boolean {
    this.prune();
    for (const [code, expiresAt] of this.codes) {
      if (tokensMatch(given, code) && expiresAt > this.now()) {
        this.codes.delete(code);
        return true;
      }
    }
    return false;
  }

  clear(): void {
    this.codes.clear();
  }

  private prune(): void {
    const now = this.now();
    for (const [code, expiresAt] of this.codes) if (expiresAt <= now) this.codes.delete(code);
  }
}
