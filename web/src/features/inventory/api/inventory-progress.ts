import { useQuery } from '@tanstack/react-query';
import type { InventoryProgress } from '../../../../../shared/api';

/** Live refresh progress per slice; only the event stream writes it (snapshot and `inventory` events). */
export const inventoryProgressKey = ['inventory-progress'] as const;

export const useInventoryProgress = () =>
  useQuery<InventoryProgress[]>({
    queryKey: inventoryProgressKey,
    queryFn: () => [],
    initialData: [],
  });
