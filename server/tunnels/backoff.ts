// Delays between failed session starts: 1 s doubling to 60 s, jittered so many tunnels behind one lost
// network do not retry in lockstep. Only failed starts grow it: the supervisor resets it as soon as a start
// reaches "open", and a lost session that had been open is replaced at once, without any delay.

export interface BackoffOptions {
  baseMs?: number;
  maxMs?: number;
  /** Fraction of the delay added or removed at random: 0.2 gives ±20 %. */
  jitter?: number;
  random?: () => number;
}

export class Backoff {
  private attempt = 0;
  private readonly baseMs: number;
  private readonly maxMs: number;
  private readonly jitter: number;
  private readonly random: () => number;

  constructor(options: BackoffOptions = {}) {
    this.baseMs = options.baseMs ?? 1_000;
    this.maxMs = options.maxMs ?? 60_000;
    this.jitter = options.jitter ?? 0.2;
    this.random = options.random ?? Math.random;
  }

  /** The delay before the next attempt; each call counts as one attempt. */
  next(): number {
    const plain = Math.min(this.maxMs, this.baseMs * 2 ** Math.min(this.attempt, 30));
    this.attempt++;
    const factor = 1 - this.jitter + 2 * this.jitter * this.random();
    return Math.round(Math.min(this.maxMs, plain * factor));
  }

  /** A start succeeded: the next failure waits the base delay again. */
  reset(): void {
    this.attempt = 0;
  }

  get attempts(): number {
    return this.attempt;
  }
}
