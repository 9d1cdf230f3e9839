// `GET /api/events`: the server-sent event stream.
import type { InventoryProgress } from './inventory.js';
import type { ProfileEvent } from './profiles.js';
import type { DaemonStatus } from './status.js';
import type { Tunnel } from './tunnels.js';

export interface Snapshot {
  status: DaemonStatus;
  tunnels: Tunnel[];
  inventory: InventoryProgress[];
}

export type DaemonEvent =
  | { type: 'snapshot'; data: Snapshot }
  | { type: 'tunnel'; data: Tunnel }
  | { type: 'tunnel-removed'; data: { id: string } }
  | { type: 'inventory'; data: InventoryProgress }
  | { type: 'daemon'; data: DaemonStatus }
  | { type: 'profile'; data: ProfileEvent }
  | { type: 'direct-paths'; data: DirectPathsChanged };

/** Direct-path results of a profile/region changed (a check finished, a VPN came up or went down): read them again. */
export interface DirectPathsChanged {
  profile: string;
  region: string;
}

export type DaemonEventType = DaemonEvent['type'];
