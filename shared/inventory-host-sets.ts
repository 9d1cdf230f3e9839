import type { InventorySlice, SharedHostsSlice } from './api.js';

/** Gives each distinct eligible-host list of a slice once; targets name theirs by index (`?eligibility=shared`). */
export function shareHostSets(slice: InventorySlice): SharedHostsSlice {
  const hostSets: string[][] = [];
  const indexOf = new Map<string, number>();
  const targets = slice.targets.map(({ eligibleHostIds, ...target }) => {
    const key = eligibleHostIds.join('\u0000');
    let index = indexOf.get(key);
    if (index === undefined) {
      index = hostSets.push(eligibleHostIds) - 1;
      indexOf.set(key, index);
    }
    return { ...target, eligibleHostSet: index };
  });
  return { ...slice, targets, hostSets };
}

/**
 * The slice as `GET /api/inventory` gives it. Targets with the same list share one array (read, never changed);
 * an index outside the lists reads as no eligible host rather than failing the whole slice.
 */
export function expandHostSets({ hostSets, ...slice }: SharedHostsSlice): InventorySlice {
  const none: string[] = [];
  return {
    ...slice,
    targets: slice.targets.map(({ eligibleHostSet, ...target }) => ({ ...target, eligibleHostIds: hostSets[eligibleHostSet] ?? none })),
  };
}
