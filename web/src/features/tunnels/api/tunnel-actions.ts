import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Tunnel } from '../../../../../shared/api';
import { apiDelete, apiPost, seg } from '../../../lib/api';
import { tunnelsKey, upsertTunnel } from './get-tunnels';

export type TunnelAction = 'start' | 'stop' | 'restart' | 'check';

/** POST /api/tunnels/:id/<action>; the response (when it is a tunnel) lands in the cache at once. */
export const runTunnelAction = (id: string, action: TunnelAction) => apiPost<Tunnel | undefined>(`/api/tunnels/${seg(id)}/${action}`);

const isTunnel = (v: unknown): v is Tunnel => typeof v === 'object' && v !== null && 'id' in v && 'state' in v;

export function useTunnelAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: string; action: TunnelAction }) => runTunnelAction(v.id, v.action),
    onSuccess: (res) => {
      if (isTunnel(res)) qc.setQueryData<Tunnel[]>(tunnelsKey, (list) => upsertTunnel(list, res));
    },
  });
}

export const removeTunnel = (id: string) => apiDelete<unknown>(`/api/tunnels/${seg(id)}`);

export function useRemoveTunnel() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: removeTunnel,
    onSuccess: (_res, id) => qc.setQueryData<Tunnel[]>(tunnelsKey, (list) => list?.filter((t) => t.id !== id)),
  });
}

export const runAll = (action: 'start-all' | 'stop-all') => apiPost<unknown>(`/api/tunnels/${action}`);

export const useRunAll = () => useMutation({ mutationFn: runAll });
