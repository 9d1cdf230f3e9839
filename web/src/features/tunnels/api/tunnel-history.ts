import { useQuery } from '@tanstack/react-query';
import type { StateEntry } from '../../../lib/live-state';

/** States this browser has seen a tunnel in; only the event stream writes it (there is no API call). */
export const tunnelHistoryKey = (id: string) => ['tunnel-history', id] as const;

export const useTunnelHistory = (id: string) =>
  useQuery<StateEntry[]>({ queryKey: tunnelHistoryKey(id), queryFn: () => [], initialData: [], gcTime: Infinity }).data;
