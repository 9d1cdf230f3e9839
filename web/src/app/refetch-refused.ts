import type { QueryClient } from '@tanstack/react-query';
import type { InventoryProgress, InventorySlice, ProfileEvent } from '../../../shared/api';
import { refreshInventory } from '../features/inventory/api/refresh-inventory';
import { inventoryProgressKey } from '../features/inventory/api/inventory-progress';
import { isCredentialError } from '../lib/error-home';

/** The profile works now: signed in (here or with `aws sso login`), or a check passed. */
export function worksNow(e: ProfileEvent): boolean {
  return (
    (e.kind === 'sign-in' && e.outcome === 'signed-in') ||
    e.kind === 'credentials' ||
    (e.kind === 'login' && e.login?.state === 'signed-in')
  );
}

/** The profile's regions whose last fetch AWS refused for its credentials (from the slices and their progress). */
export function refusedRegions(profile: string, slices: (InventorySlice | null | undefined)[], progress: InventoryProgress[]): string[] {
  const regions = new Set<string>();
  for (const s of slices) if (s?.profile === profile && s.errors.some((e) => isCredentialError(e.error))) regions.add(s.region);
  for (const p of progress) if (p.profile === profile && p.phase === 'error' && isCredentialError(p.error)) regions.add(p.region);
  return [...regions];
}

/**
 * Once a profile works again, the regions AWS refused for its credentials are fetched again, so the databases
 * show without a click on Refresh (the daemon keeps a refused fetch until asked).
 */
export function refetchRefused(qc: QueryClient, profile: string): void {
  const slices = qc.getQueriesData<InventorySlice | null>({ queryKey: ['inventory', profile] }).map(([, s]) => s);
  const progress = qc.getQueryData<InventoryProgress[]>(inventoryProgressKey) ?? [];
  for (const region of refusedRegions(profile, slices, progress)) void refreshInventory({ profile, region }).catch(() => undefined);
}
