import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { UserSettings } from '../../../../../shared/api';
import { apiGet, apiPatch } from '../../../lib/api';

export const settingsKey = ['settings'] as const;

export const getSettings = () => apiGet<UserSettings>('/api/settings');
export const patchSettings = (patch: Partial<UserSettings>) => apiPatch<UserSettings>('/api/settings', patch);

export const useSettings = (enabled: boolean) => useQuery({ queryKey: settingsKey, queryFn: getSettings, enabled });

/** Saves a change; the answer is the settings as saved. */
export function useSaveSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: patchSettings,
    onSuccess: (saved) => qc.setQueryData(settingsKey, saved),
  });
}
