import { useQuery } from '@tanstack/react-query';
import type { ClientConfigRequest, ClientConfigResponse, ClientVpnEndpointsResponse } from '../../../../../shared/paths';
import { api, apiGet, seg } from '../../../lib/api';

export const vpnEndpointsKey = (profile: string, region: string) => ['vpn-endpoints', profile, region] as const;

export function getVpnEndpoints(profile: string, region: string, refresh = false): Promise<ClientVpnEndpointsResponse> {
  const q = new URLSearchParams({ profile, region });
  if (refresh) q.set('refresh', '1');
  return apiGet<ClientVpnEndpointsResponse>(`/api/vpn/endpoints?${q.toString()}`);
}

export const useVpnEndpoints = (profile: string, region: string) =>
  useQuery({
    queryKey: vpnEndpointsKey(profile, region),
    queryFn: () => getVpnEndpoints(profile, region),
    enabled: profile !== '' && region !== '',
    staleTime: 0,
    gcTime: 5 * 60_000,
    retry: false,
  });

/**
 * POST /api/vpn/endpoints/:id/client-config in its JSON form (the findings come with their sentences); the
 * answer holds the private key, so the caller turns it into a download and lets go of it.
 */
export const exportClientConfig = (endpointId: string, body: ClientConfigRequest) =>
  api<ClientConfigResponse>('POST', `/api/vpn/endpoints/${seg(endpointId)}/client-config`, body);
