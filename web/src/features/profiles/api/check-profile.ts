import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Profile, ProfileCheck } from '../../../../../shared/api';
import { ApiRequestError, apiPost, isUnauthorized, seg } from '../../../lib/api';
import { profilesKey } from './get-profiles';

/** STS GetCallerIdentity for one profile. An error body becomes a failed check, so it shows like one. */
export async function checkProfile(name: string): Promise<ProfileCheck> {
  try {
    return await apiPost<ProfileCheck>(`/api/profiles/${seg(name)}/check`);
  } catch (err) {
    if (err instanceof ApiRequestError && !isUnauthorized(err) && err.status !== 0) {
      const error = err.hint ? { code: err.code, message: err.message, hint: err.hint } : { code: err.code, message: err.message };
      return { ok: false, profile: name, error, checkedAt: new Date().toISOString() };
    }
    throw err;
  }
}

export function useCheckProfile() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: checkProfile,
    onSuccess: (check, name) => {
      qc.setQueryData<Profile[]>(profilesKey, (list) => list?.map((p) => (p.name === name ? { ...p, check } : p)));
    },
  });
}
