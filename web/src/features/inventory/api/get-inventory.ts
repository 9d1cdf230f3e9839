import { useQueries, useQuery, type QueryClient, type QueryFunctionContext } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { ApiError, InventoryResponse, InventorySlice, SharedHostsResponse } from '../../../../../shared/api';
import { expandHostSets } from '../../../../../shared/inventory-host-sets';
import { apiGet } from '../../../lib/api';
import { isCredentialError } from '../../../lib/error-home';

export const inventoryKey = (profile: string, region: string) => ['inventory', profile, region] as const;

/**
 * One slice. A slice never fetched starts loading on this GET (its progress arrives as events) and may not be in
 * the answer yet: that is null, not an error (the query cache does not accept undefined).
 */
export const getInventorySlice = async (profile: string, region: string): Promise<InventorySlice | null> => {
  const q = new URLSearchParams({ profile, region, eligibility: 'shared' });
  const res = await apiGet<SharedHostsResponse>(`/api/inventory?${q.toString()}`);
  const slice = res.slices.find((s) => s.profile === profile && s.region === region);
  return slice ? expandHostSets(slice) : null;
};

/**
 * Every picked slice, with only the hosts that cannot serve each target (the page tells the eligible ones from
 * `eligibleHostIds`, each distinct list sent once): the same URL as index.html's preload, so the answer in flight
 * is used.
 */
export const FIRST_LOOK_URL = '/api/inventory?eligibility=shared';

const firstLook = async (): Promise<InventoryResponse> => ({
  slices: (await apiGet<SharedHostsResponse>(FIRST_LOOK_URL)).slices.map(expandHostSets),
});

/** Every picked slice in one answer: the dashboard's first look (issue 17). Outside ['inventory', …] on purpose. */
export const firstLookKey = ['inventory-first-look'] as const;

/**
 * Asks for every slice in one request as the page starts, before the profiles say which slices there are: one
 * answer instead of one per slice (a browser runs six at a time), and one render of the table instead of twelve.
 * Each slice's query starts with its part of the answer.
 */
export function prefetchInventory(client: QueryClient): Promise<void> {
  return client
    .fetchQuery({ queryKey: firstLookKey, queryFn: firstLook })
    .then((answer) => seedSlices(client, answer))
    .catch(() => undefined);
}

/** Each slice's query starts with its part of the first look (unless it has an answer of its own already). */
function seedSlices(client: QueryClient, answer: InventoryResponse): void {
  for (const slice of answer.slices) {
    const key = inventoryKey(slice.profile, slice.region);
    if (!client.getQueryState(key)?.dataUpdatedAt) client.setQueryData(key, slice);
  }
}

/** The first look the daemon put into the page (already rendered there): the same cache as a fetched one. */
export function seedFirstLook(client: QueryClient, look: SharedHostsResponse): void {
  const answer: InventoryResponse = { slices: look.slices.map(expandHostSets) };
  client.setQueryData(firstLookKey, answer);
  seedSlices(client, answer);
}

/**
 * The slices of the first look, once it is in: the table can show them before the profiles answer (they name the
 * same picked slices; once the profiles are in, they decide).
 */
export function useFirstLookRefs(): SliceRef[] | undefined {
  const { data } = useQuery({ queryKey: firstLookKey, queryFn: firstLook, enabled: false, staleTime: Infinity });
  return useMemo(() => data?.slices.map((slice) => ({ profile: slice.profile, region: slice.region })), [data]);
}

/** A slice's first fetch joins the first look while it is under way; any other fetch asks for that slice. */
async function sliceQuery({ client, queryKey }: QueryFunctionContext<ReturnType<typeof inventoryKey>>): Promise<InventorySlice | null> {
  const [, profile, region] = queryKey;
  const first = client.getQueryState(firstLookKey);
  if (!client.getQueryState(queryKey)?.dataUpdatedAt && first?.fetchStatus === 'fetching') {
    const answer = await client.fetchQuery<InventoryResponse>({ queryKey: firstLookKey }).catch(() => undefined);
    const slice = answer?.slices.find((s) => s.profile === profile && s.region === region);
    if (slice) return slice;
  }
  return getInventorySlice(profile, region);
}

export interface SliceRef {
  profile: string;
  region: string;
}

export interface SliceResult extends SliceRef {
  slice?: InventorySlice;
  isLoading: boolean;
  error: unknown;
}

/**
 * One query per profile × region, refetched only when an `inventory` event says that slice finished. Mapped here
 * rather than with `combine`: react-query deep-compares a combined result at every render, and this one holds the
 * whole inventory (with 2,000 databases that was over 100 ms of the first render). Callers keep what did not
 * change with useStableArray.
 */
export function useInventory(refs: SliceRef[]): SliceResult[] {
  const results = useQueries({
    queries: refs.map((r) => ({
      queryKey: inventoryKey(r.profile, r.region),
      queryFn: sliceQuery,
    })),
  });
  return results.map((q, i) => {
    const ref = refs[i] as SliceRef;
    return { profile: ref.profile, region: ref.region, slice: q.data ?? undefined, isLoading: q.isLoading, error: q.error };
  });
}

export interface SliceSummary {
  fetchedAt?: string;
  /** What is shown comes from the disk cache of an earlier run (issue 17). */
  cached?: boolean;
  /** Some call of the last fetch failed. */
  failed: boolean;
  /** The fetch failed for the profile's credentials (said on the profile). */
  credentialError?: ApiError;
}

/** What the region line needs from a slice, read from the same cached query the table uses (no extra request). */
export const useSliceSummary = (profile: string, region: string) =>
  useQuery({
    queryKey: inventoryKey(profile, region),
    queryFn: sliceQuery,
    select: (slice): SliceSummary | undefined => {
      if (!slice) return undefined;
      const credentialError = slice.errors.find((e) => isCredentialError(e.error))?.error;
      return {
        ...(slice.fetchedAt ? { fetchedAt: slice.fetchedAt } : {}),
        ...(slice.cached ? { cached: true } : {}),
        failed: slice.errors.length > 0,
        ...(credentialError ? { credentialError } : {}),
      };
    },
  }).data;
