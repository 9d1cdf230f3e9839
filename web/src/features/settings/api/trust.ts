import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TrustInfo } from '../../../../../shared/api';
import { apiGet, apiPost } from '../../../lib/api';

export const trustKey = ['trust'] as const;

export const getTrust = () => apiGet<TrustInfo>('/api/trust');
export const refreshTrust = () => apiPost<TrustInfo>('/api/trust/refresh', {});

export const useTrust = (enabled: boolean) => useQuery({ queryKey: trustKey, queryFn: getTrust, enabled });

/** Downloads AWS's current RDS CA bundle; the daemon keeps the last good one when that fails. */
export function useRefreshTrust() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: refreshTrust,
    onSuccess: (trust) => qc.setQueryData(trustKey, trust),
  });
}
