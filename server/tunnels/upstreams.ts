// Where the relay sends a new client: the tunnel's first session's plugin port and, with parallel sessions
// (issue 17), the ports of its extra sessions. A new client goes to the one with the fewest clients right now,
// the first session on a tie, so one client at a time always uses the first session.

export interface UpstreamUse {
  /** Clients piped to this port now. */
  active: number;
  /** Clients ever piped to this port. */
  served: number;
}

export class Upstreams {
  private primary: number | undefined;
  private readonly extras: number[] = [];
  private readonly use = new Map<number, UpstreamUse>();

  /** The first session's port (undefined: none now). */
  setPrimary(port: number | undefined): void {
    this.primary = port;
  }

  /** A new session's port (a port number the system gave out before starts with fresh counts). */
  add(port: number): void {
    if (this.extras.includes(port)) return;
    this.extras.push(port);
    this.use.delete(port);
  }

  remove(port: number): void {
    const at = this.extras.indexOf(port);
    if (at >= 0) this.extras.splice(at, 1);
  }

  /** Every port a client may go to now, the first session's first. */
  all(): number[] {
    return this.primary === undefined ? [...this.extras] : [this.primary, ...this.extras];
  }

  /** The least busy port, or undefined when there is none (clients wait). */
  pick(): number | undefined {
    let best: number | undefined;
    for (const port of this.all()) if (best === undefined || this.of(port).active < this.of(best).active) best = port;
    return best;
  }

  /** A client was piped to `port`; the returned function says it left. */
  opened(port: number): () => void {
    const use = this.of(port);
    use.active++;
    use.served++;
    this.use.set(port, use);
    let closed = false;
    return () => {
      if (closed) return;
      closed = true;
      use.active--;
    };
  }

  of(port: number): UpstreamUse {
    return this.use.get(port) ?? { active: 0, served: 0 };
  }
}
