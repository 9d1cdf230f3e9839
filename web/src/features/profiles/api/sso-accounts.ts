import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AddSsoAccountRequest, Profile, SsoAccountInfo } from '../../../../../shared/api';
import { apiDelete, apiGet, apiPost, seg } from '../../../lib/api';
import { profilesKey } from './get-profiles';

export const accountsKey = (profile: string) => ['sso-accounts', profile] as const;

/** GET /api/profiles/:name/accounts: the accounts and roles the profile's sign-in grants. */
export const getAccounts = (profile: string) =>
  apiGet<{ accounts: SsoAccountInfo[] }>(`/api/profiles/${seg(profile)}/accounts`).then((r) => r.accounts);

/** Read when the picker opens; a new sign-in (a `profile` event re-reads the profiles) does not change the grants. */
export const useAccounts = (profile: string, enabled: boolean) =>
  useQuery({ queryKey: accountsKey(profile), queryFn: () => getAccounts(profile), enabled, retry: false });

export const addSsoAccount = (req: AddSsoAccountRequest) => apiPost<Profile>('/api/sso-accounts', req);
export const removeSsoAccount = (name: string) => apiDelete<unknown>(`/api/sso-accounts/${seg(name)}`);

/** Adds an account/role as a source (kind `sso-account`); the profiles are read again so it shows at once. */
export function useAddSsoAccount() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: addSsoAccount, onSuccess: () => qc.invalidateQueries({ queryKey: profilesKey }) });
}

export function useRemoveSsoAccount() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: removeSsoAccount,
    onSuccess: (_res, name) => qc.setQueryData<Profile[]>(profilesKey, (list) => list?.filter((p) => p.name !== name)),
  });
}
