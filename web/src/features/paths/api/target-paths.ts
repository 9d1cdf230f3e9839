import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { DirectPathResult, TargetPaths } from '../../../../../shared/paths';
import { apiGet, apiPost, seg } from '../../../lib/api';
import { storeDirectResult } from './direct-paths';

export const targetPathsKey = (targetId: string, groups: string) => ['target-paths', targetId, groups] as const;

/** GET /api/targets/:id/paths; `groups` (comma-separated) are the user's access groups for the authorization rules. */
export function getTargetPaths(targetId: string, groups: string, refresh = false): Promise<TargetPaths> {
  const q = new URLSearchParams();
  if (groups) q.set('groups', groups);
  if (refresh) q.set('refresh', '1');
  const query = q.toString();
  return apiGet<TargetPaths>(`/api/targets/${seg(targetId)}/paths${query ? `?${query}` : ''}`);
}

export const useTargetPaths = (targetId: string | undefined, groups: string) =>
  useQuery({
    queryKey: targetPathsKey(targetId ?? '', groups),
    queryFn: () => getTargetPaths(targetId!, groups),
    enabled: targetId !== undefined,
    staleTime: 0,
    gcTime: 60_000,
    retry: false,
  });

/** "Check again": the direct path probed now (POST …/paths/check), then every path read afresh from AWS. */
export function useCheckPathsAgain() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async ({ targetId, groups }: { targetId: string; groups: string }) => {
      const direct = await apiPost<DirectPathResult>(`/api/targets/${seg(targetId)}/paths/check`);
      return { direct, paths: await getTargetPaths(targetId, groups, true) };
    },
    onSuccess: ({ direct, paths }, { targetId, groups }) => {
      qc.setQueryData(targetPathsKey(targetId, groups), paths);
      storeDirectResult(qc, paths, direct);
    },
  });
}
