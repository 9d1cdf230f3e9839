import { useQuery } from '@tanstack/react-query';
import type { TunnelLogLine } from '../../../../../shared/api';
import { apiGet, seg } from '../../../lib/api';

export const tunnelLogsKey = (id: string) => ['tunnel-logs', id] as const;
export const getTunnelLogs = (id: string) => apiGet<{ lines: TunnelLogLine[] }>(`/api/tunnels/${seg(id)}/logs`).then((r) => r.lines);

/** Fetched while the drawer shows it; tunnel events that change state invalidate it. */
export const useTunnelLogs = (id: string, enabled: boolean) =>
  useQuery({ queryKey: tunnelLogsKey(id), queryFn: () => getTunnelLogs(id), enabled, gcTime: 30_000 });
