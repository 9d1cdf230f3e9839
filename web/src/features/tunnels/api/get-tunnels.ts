import { useQuery } from '@tanstack/react-query';
import type { Tunnel } from '../../../../../shared/api';
import { apiGet } from '../../../lib/api';

export const tunnelsKey = ['tunnels'] as const;
export const getTunnels = () => apiGet<{ tunnels: Tunnel[] }>('/api/tunnels').then((r) => r.tunnels);

/** All tunnels; the event stream's snapshot and `tunnel` events keep this current. */
export const useTunnels = () => useQuery({ queryKey: tunnelsKey, queryFn: getTunnels });

/** Puts a tunnel returned by a mutation into the cache before its event arrives. */
export function upsertTunnel(list: Tunnel[] | undefined, tunnel: Tunnel): Tunnel[] {
  if (!list) return [tunnel];
  const current = list.find((t) => t.id === tunnel.id);
  if (!current) return [...list, tunnel];
  // An API answer can arrive after the event stream already told of a later state (a start that failed at
  // once): never step back to the older one. ISO times compare as strings.
  if (current.since > tunnel.since) return list;
  return list.map((t) => (t.id === tunnel.id ? tunnel : t));
}
