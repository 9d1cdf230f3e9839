import { useQuery } from '@tanstack/react-query';
import type { DaemonStatus } from '../../../../../shared/api';
import { apiGet } from '../../../lib/api';

export const statusKey = ['status'] as const;
export const getStatus = () => apiGet<DaemonStatus>('/api/status');

/** Daemon status; `snapshot` and `daemon` events overwrite it in the cache. */
export const useStatus = () => useQuery({ queryKey: statusKey, queryFn: getStatus });
