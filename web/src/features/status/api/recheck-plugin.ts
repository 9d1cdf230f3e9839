import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { DaemonStatus } from '../../../../../shared/api';
import { apiPost } from '../../../lib/api';
import { statusKey } from './get-status';

/** Looks for session-manager-plugin again (after the user installed it), without restarting the daemon. */
export const recheckPlugin = () => apiPost<DaemonStatus>('/api/status/plugin/recheck');

export function useRecheckPlugin() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: recheckPlugin, onSuccess: (status) => qc.setQueryData(statusKey, status) });
}
