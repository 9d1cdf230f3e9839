import { useMutation } from '@tanstack/react-query';
import { apiPost } from '../../../lib/api';
import type { SliceRef } from './get-inventory';

/** Asks the daemon to fetch a slice again (202); progress and completion arrive as `inventory` events. */
export const refreshInventory = (ref: SliceRef) => apiPost<unknown>('/api/inventory/refresh', ref);

export const useRefreshInventory = () => useMutation({ mutationFn: refreshInventory });
