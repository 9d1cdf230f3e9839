import { useQuery } from '@tanstack/react-query';
import type { Profile } from '../../../../../shared/api';
import { apiGet } from '../../../lib/api';

export const profilesKey = ['profiles'] as const;
export const getProfiles = () => apiGet<{ profiles: Profile[] }>('/api/profiles').then((r) => r.profiles);

export const useProfiles = () => useQuery({ queryKey: profilesKey, queryFn: getProfiles });
