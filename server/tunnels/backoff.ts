// Reconnect delays: 1 s doubling to 60 s, jittered so many tunnels behind one lost network do not retry in
// lockstep; back to 1 s once a session has stayed up for 5 minutes.

export interface BackoffOptions {
  baseMs?: number;
  maxMs?: number;
  /** Fraction of the delay added or removed at random: 0.2 gives ±20 %. */
  jitter?: number;
  resetAfterMs?: number;
  random?: () => number;
}

export class Backoff {
  private attempt = 0;
  private upSince: number | undefined;
  private readonly baseMs: number;
  private readonly maxMs: number;
  private readonly jitter: number;
  private readonly resetAfterMs: number;
  private readonly random: () => number;

  constructor(options: BackoffOptions = {}) {
    this.baseMs = options.baseMs ?? 1_000;
    this.maxMs = options.maxMs ?? 60_000;
    this.jitter = options.jitter ?? 0.2;
    this.resetAfterMs = options.resetAfterMs ?? 5 * 60_000;
    this.random = options.random ?? Math.random;
  }

  /** The delay before the next attempt; each call counts as one attempt. */
  next(): number {
    const plain = Math.min(this.maxMs, this.baseMs * 2 ** Math.min(this.attempt, 30));
    this.attempt++;
    const factor = 1 - this.jitter + 2 * this.jitter * this.random();
    return Math.round(Math.min(this.maxMs, plain * factor));
  }

  /** A session opened at `now` (ms). */
  up(now: number): void {
    this.upSince = now;
  }

  /** The session went down at `now`: a long enough run forgets earlier failures. */
  down(now: number): void {
    if (this.upSince !== undefined && now - this.upSince >= this.resetAfterMs) this.attempt = 0;
    this.upSince = undefined;
  }

  reset(): void {
    this.attempt = 0;
    this.upSince = undefined;
  }

  get attempts(): number {
    return this.attempt;
  }
}
