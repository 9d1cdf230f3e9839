import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateTunnelRequest, Tunnel } from '../../../../../shared/api';
import { apiPost } from '../../../lib/api';
import { tunnelsKey, upsertTunnel } from './get-tunnels';

export const createTunnel = (req: CreateTunnelRequest) => apiPost<Tunnel>('/api/tunnels', req);

export function useCreateTunnel() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: createTunnel,
    onSuccess: (tunnel) => qc.setQueryData<Tunnel[]>(tunnelsKey, (list) => upsertTunnel(list, tunnel)),
  });
}
