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
  | { type: 'profile'; data: ProfileEvent };

export type DaemonEventType = DaemonEvent['type'];
