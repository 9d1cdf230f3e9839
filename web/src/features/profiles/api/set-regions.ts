import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Profile } from '../../../../../shared/api';
import { apiPut, seg } from '../../../lib/api';
import { profilesKey } from './get-profiles';

export const setRegions = (name: string, regions: string[]) => apiPut<Profile>(`/api/profiles/${seg(name)}/regions`, { regions });

/**
 * Saves the regions picked for a profile; the cache is updated first so the picker feels instant. A read of the
 * profiles already on its way is cancelled first: its answer predates the save and would take the region away.
 */
export function useSetRegions() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { name: string; regions: string[] }) => setRegions(v.name, v.regions),
    onMutate: async (v) => {
      await qc.cancelQueries({ queryKey: profilesKey });
      const before = qc.getQueryData<Profile[]>(profilesKey);
      qc.setQueryData<Profile[]>(profilesKey, (list) => list?.map((p) => (p.name === v.name ? { ...p, regions: v.regions } : p)));
      return { before };
    },
    onError: (_err, _v, ctx) => {
      if (ctx?.before) qc.setQueryData(profilesKey, ctx.before);
    },
    onSuccess: (saved) => {
      qc.setQueryData<Profile[]>(profilesKey, (list) => list?.map((p) => (p.name === saved.name ? saved : p)));
    },
  });
}
