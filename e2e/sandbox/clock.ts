// The sandbox's clock: real time plus an offset a test can advance, so tokens and credentials expire on
// demand without waiting (nothing the clients compute changes: only what the sandbox accepts).
export class SandboxClock {
  private offsetMs = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  /** Moves the sandbox's "now" forward (never back). */
  advance(ms: number): number {
    if (!Number.isFinite(ms) || ms < 0) throw new Error('advance() takes a non-negative number of ms');
    this.offsetMs += ms;
    return this.now();
  }

  offset(): number {
    return this.offsetMs;
  }
}
