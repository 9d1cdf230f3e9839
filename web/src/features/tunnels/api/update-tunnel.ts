import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Tunnel, UpdateTunnelRequest } from '../../../../../shared/api';
import { apiPatch, seg } from '../../../lib/api';
import { tunnelsKey, upsertTunnel } from './get-tunnels';

/** PATCH /api/tunnels/:id: the user, database or jump host the user chose, saved with the tunnel. */
export const updateTunnel = (id: string, patch: UpdateTunnelRequest) => apiPatch<Tunnel>(`/api/tunnels/${seg(id)}`, patch);

export function useUpdateTunnel() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: string; patch: UpdateTunnelRequest }) => updateTunnel(v.id, v.patch),
    onSuccess: (tunnel) => qc.setQueryData<Tunnel[]>(tunnelsKey, (list) => upsertTunnel(list, tunnel)),
  });
}
