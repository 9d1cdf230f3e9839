import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { DaemonEvent, DaemonStatus, InventoryProgress, Profile, Tunnel } from '../../../shared/api';
import { openEventStream, type StreamStatus } from '../lib/events';
import {
  appendHistory,
  applyEvent,
  connectionChanged,
  finishedSlice,
  tunnelMoved,
  type LiveState,
  type StateEntry,
} from '../lib/live-state';
import { connectionKey } from '../features/connect/api/get-connection';
import { inventoryKey } from '../features/inventory/api/get-inventory';
import { inventoryProgressKey } from '../features/inventory/api/inventory-progress';
import { profilesKey } from '../features/profiles/api/get-profiles';
import { recordProfileEvent } from '../features/profiles/api/sign-in';
import { refetchRefused, worksNow } from './refetch-refused';
import { statusKey } from '../features/status/api/get-status';
import { tunnelsKey } from '../features/tunnels/api/get-tunnels';
import { tunnelLogsKey } from '../features/tunnels/api/get-tunnel-logs';
import { tunnelHistoryKey } from '../features/tunnels/api/tunnel-history';

const isOpen = (t: Tunnel | undefined) => t !== undefined && (t.state === 'open' || t.state === 'healthy' || t.state === 'unhealthy');

/**
 * Feeds the query cache from the one EventSource on /api/events. The reducer is pure (lib/live-state);
 * this hook only reads the cache, applies an event and writes the pieces back, plus the invalidations an event
 * implies (a finished inventory slice, a tunnel's logs and connection strings).
 *
 * The status it returns is the dashboard's connection state: `live` only once a snapshot has arrived on the
 * current connection (an open stream alone does not make the cached values current again).
 */
export function useLiveSync(enabled: boolean): StreamStatus {
  const qc = useQueryClient();
  const [status, setStatus] = useState<StreamStatus>('connecting');

  useEffect(() => {
    if (!enabled) return;
    let snapshots = 0;
    const read = (): LiveState => {
      const s = qc.getQueryData<DaemonStatus>(statusKey);
      return {
        ...(s ? { status: s } : {}),
        tunnels: qc.getQueryData<Tunnel[]>(tunnelsKey) ?? [],
        inventory: qc.getQueryData<InventoryProgress[]>(inventoryProgressKey) ?? [],
      };
    };
    /** GET /api/profiles again when a profile's credentials expiry is not known (or has passed): they were just used. */
    const rereadCredentials = (profile: string) => {
      const known = qc.getQueryData<Profile[]>(profilesKey)?.find((p) => p.name === profile)?.credentials?.expiresAt;
      if (!known || Date.parse(known) <= Date.now()) void qc.invalidateQueries({ queryKey: profilesKey });
    };
    const onEvent = (event: DaemonEvent) => {
      const prev = read();
      const next = applyEvent(prev, event);
      if (next.status && next.status !== prev.status) qc.setQueryData(statusKey, next.status);
      if (next.tunnels !== prev.tunnels) qc.setQueryData(tunnelsKey, next.tunnels);
      if (next.inventory !== prev.inventory) qc.setQueryData(inventoryProgressKey, next.inventory);

      const record = (t: Tunnel) => qc.setQueryData<StateEntry[]>(tunnelHistoryKey(t.id), (h) => appendHistory(h, t));
      if (event.type === 'snapshot') event.data.tunnels.forEach(record);
      if (event.type === 'tunnel') record(event.data);

      if (event.type === 'snapshot') {
        setStatus('live');
        // After a reconnect the daemon may have moved on: re-read what the stream does not carry.
        if (snapshots++ > 0) {
          void qc.invalidateQueries({ queryKey: ['inventory'] });
          void qc.invalidateQueries({ queryKey: profilesKey });
          void qc.invalidateQueries({ queryKey: ['tunnel-logs'] });
          void qc.invalidateQueries({ queryKey: ['tunnel-connection'] });
        }
      } else if (event.type === 'tunnel') {
        const before = prev.tunnels.find((t) => t.id === event.data.id);
        // A session opened: the profile's credentials were resolved, so their expiry can be shown now.
        if (isOpen(event.data) && !isOpen(before)) rereadCredentials(event.data.profile);
        if (tunnelMoved(before, event.data)) {
          void qc.invalidateQueries({ queryKey: tunnelLogsKey(event.data.id) });
        }
        if (connectionChanged(before, event.data)) void qc.invalidateQueries({ queryKey: connectionKey(event.data.id) });
      } else if (event.type === 'profile') {
        // The sign-in state it carries shows at once; the rest of the profile (credentials) is read again.
        const { login, profile } = event.data;
        if (login) qc.setQueryData<Profile[]>(profilesKey, (list) => list?.map((p) => (p.name === profile ? { ...p, login } : p)));
        recordProfileEvent(qc, event.data);
        void qc.invalidateQueries({ queryKey: profilesKey });
        if (worksNow(event.data)) refetchRefused(qc, profile);
      } else if (event.type === 'inventory' && finishedSlice(prev.inventory, event.data)) {
        void qc.invalidateQueries({ queryKey: inventoryKey(event.data.profile, event.data.region) });
        rereadCredentials(event.data.profile);
      }
    };
    return openEventStream({
      url: '/api/events',
      onEvent,
      // "live" waits for the snapshot that follows the open (above).
      onStatus: (next) => {
        if (next !== 'live') setStatus(next);
      },
      // The browser gave up (an HTTP error, e.g. 401): re-check status so a lost sign-in shows its page.
      onClosed: () => void qc.invalidateQueries({ queryKey: statusKey }),
    });
  }, [enabled, qc]);

  return status;
}
