import type { DaemonEvent, DaemonStatus, InventoryProgress, Tunnel } from '../../../shared/api';

/** Everything the event stream keeps current; the query cache holds each piece under its own key. */
export interface LiveState {
  status?: DaemonStatus;
  tunnels: Tunnel[];
  inventory: InventoryProgress[];
}

export const sliceKey = (profile: string, region: string) => `${profile}\u0000${region}`;

function upsert<T>(list: T[], item: T, same: (a: T) => boolean): T[] {
  const i = list.findIndex(same);
  if (i === -1) return [...list, item];
  const next = list.slice();
  next[i] = item;
  return next;
}

/** Pure reducer: a `snapshot` replaces everything, the other events are deltas. */
export function applyEvent(state: LiveState, event: DaemonEvent): LiveState {
  switch (event.type) {
    case 'snapshot':
      return { status: event.data.status, tunnels: event.data.tunnels, inventory: event.data.inventory };
    case 'tunnel':
      return { ...state, tunnels: upsert(state.tunnels, event.data, (t) => t.id === event.data.id) };
    case 'tunnel-removed':
      return { ...state, tunnels: state.tunnels.filter((t) => t.id !== event.data.id) };
    case 'inventory': {
      const key = sliceKey(event.data.profile, event.data.region);
      return {
        ...state,
        inventory: upsert(state.inventory, event.data, (p) => sliceKey(p.profile, p.region) === key),
      };
    }
    case 'daemon':
      return { ...state, status: event.data };
    case 'profile':
    case 'direct-paths':
      // A profile's sign-in or a slice's direct paths changed: their queries are read again (see use-live-sync).
      return state;
  }
}

/**
 * Whether a tunnel event means its logs or connection strings may have changed: a state change, a restart or a
 * new port. Byte counters alone do not count, so busy tunnels do not trigger a refetch per event.
 */
export function tunnelMoved(prev: Tunnel | undefined, next: Tunnel): boolean {
  if (!prev) return true;
  return (
    prev.state !== next.state ||
    prev.since !== next.since ||
    prev.localPort !== next.localPort ||
    prev.jumpHostId !== next.jumpHostId ||
    prev.sessionId !== next.sessionId ||
    prev.stats.restarts !== next.stats.restarts ||
    prev.health.checkedAt !== next.health.checkedAt
  );
}

/** Whether a tunnel's connection strings may differ: its port, or the user or database chosen for it. */
export function connectionChanged(prev: Tunnel | undefined, next: Tunnel): boolean {
  return prev !== undefined && (prev.localPort !== next.localPort || prev.user !== next.user || prev.database !== next.database);
}

/** Inventory progress that just finished (done or error) and so needs its slice refetched. */
export function finishedSlice(prev: InventoryProgress[], next: InventoryProgress): boolean {
  if (next.phase === 'loading') return false;
  const before = prev.find((p) => sliceKey(p.profile, p.region) === sliceKey(next.profile, next.region));
  return !before || before.phase === 'loading' || before.fetchedAt !== next.fetchedAt;
}

/** One state a tunnel was seen in, for the drawer's short history (kept in the browser only). */
export interface StateEntry {
  state: Tunnel['state'];
  since: string;
  reason?: string;
}

export const HISTORY_LIMIT = 20;

/** Adds the tunnel's current state when it differs from the newest entry; keeps the newest HISTORY_LIMIT. */
export function appendHistory(list: StateEntry[] | undefined, t: Tunnel): StateEntry[] {
  const prev = list ?? [];
  const last = prev[prev.length - 1];
  if (last && last.state === t.state && last.since === t.since) {
    // Same state; the reason may have been refined.
    if (last.reason === t.reason) return prev;
    return [...prev.slice(0, -1), { ...last, ...(t.reason ? { reason: t.reason } : {}) }];
  }
  const entry: StateEntry = { state: t.state, since: t.since, ...(t.reason ? { reason: t.reason } : {}) };
  return [...prev, entry].slice(-HISTORY_LIMIT);
}
