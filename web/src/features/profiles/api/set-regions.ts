import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Profile } from '../../../../../shared/api';
import { apiPut, seg } from '../../../lib/api';
import { profilesKey } from './get-profiles';

export const setRegions = (name: string, regions: string[]) => apiPut<unknown>(`/api/profiles/${seg(name)}/regions`, { regions });

/** Saves the regions picked for a profile; the cache is updated first so the picker feels instant. */
export function useSetRegions() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { name: string; regions: string[] }) => setRegions(v.name, v.regions),
    onMutate: (v) => {
      const before = qc.getQueryData<Profile[]>(profilesKey);
      qc.setQueryData<Profile[]>(profilesKey, (list) => list?.map((p) => (p.name === v.name ? { ...p, regions: v.regions } : p)));
      return { before };
    },
    onError: (_err, _v, ctx) => {
      if (ctx?.before) qc.setQueryData(profilesKey, ctx.before);
    },
  });
}
