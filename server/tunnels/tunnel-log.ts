import type { TunnelLogLine } from '../../shared/api.js';

/** The last `limit` plugin and supervisor lines of one tunnel: bounded, so a daemon never grows with uptime. */
export class TunnelLog {
  private readonly lines: TunnelLogLine[] = [];

  constructor(
    private readonly limit = 200,
    private readonly now: () => Date = () => new Date(),
  ) {}

  push(source: TunnelLogLine['source'], line: string): void {
    this.lines.push({ at: this.now().toISOString(), source, line });
    if (this.lines.length > this.limit) this.lines.splice(0, this.lines.length - this.limit);
  }

  entries(): TunnelLogLine[] {
    return [...this.lines];
  }
}
