import type { TunnelStats } from '../../shared/api.js';
import type { RelayStats } from './relay.js';

/** A tunnel's traffic over this daemon run: the relays it closed plus the one listening now. */
export class TrafficTotals {
  private totalConnections = 0;
  private bytesIn = 0;
  private bytesOut = 0;
  private lastTrafficAt: number | undefined;

  /** Folds in a relay that is closing. */
  add(closed: RelayStats): void {
    this.totalConnections += closed.totalConnections;
    this.bytesIn += closed.bytesIn;
    this.bytesOut += closed.bytesOut;
    this.lastTrafficAt = closed.lastTrafficAt ?? this.lastTrafficAt;
  }

  stats(live: RelayStats | undefined, restarts: number, destinationFailures: number): TunnelStats {
    const stats: TunnelStats = {
      activeConnections: live?.activeConnections ?? 0,
      totalConnections: this.totalConnections + (live?.totalConnections ?? 0),
      bytesIn: this.bytesIn + (live?.bytesIn ?? 0),
      bytesOut: this.bytesOut + (live?.bytesOut ?? 0),
      restarts,
      destinationFailures,
    };
    const last = live?.lastTrafficAt ?? this.lastTrafficAt;
    if (last !== undefined) stats.lastTrafficAt = new Date(last).toISOString();
    return stats;
  }
}
