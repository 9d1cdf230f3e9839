import { useQuery } from '@tanstack/react-query';
import type { IamPolicies } from '../../../../../shared/api';
import { apiGet } from '../../../lib/api';

export const iamPolicyKey = (ids: string[]) => ['iam-policy', ...ids] as const;

/** GET /api/iam-policy?tunnels=…: least-privilege policies for the person and for the jump hosts' role. */
export const getIamPolicy = (ids: string[]) => apiGet<IamPolicies>(`/api/iam-policy?tunnels=${ids.map(encodeURIComponent).join(',')}`);

export const useIamPolicy = (ids: string[], enabled: boolean) =>
  useQuery({
    queryKey: iamPolicyKey(ids),
    queryFn: () => getIamPolicy(ids),
    enabled: enabled && ids.length > 0,
    retry: false,
    gcTime: 60_000,
  });
