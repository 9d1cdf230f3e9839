import { Type, type Static } from '@sinclair/typebox';
import type { InventorySlice, SharedHostsResponse } from '../../../shared/api.js';
import { shareHostSets } from '../../../shared/inventory-host-sets.js';
import type { ProfileService } from '../../aws/profile-service.js';
import type { InventoryService } from '../../inventory/inventory-service.js';
import { ProfileNameSchema, RegionSchema } from '../schemas.js';

export const Pair = Type.Object({ profile: ProfileNameSchema, region: RegionSchema }, { additionalProperties: false });
type Pair = Static<typeof Pair>;

export interface InventoryDeps {
  inventory: InventoryService;
  profiles: ProfileService;
}

/** Reading the inventory as a client does (GET /api/inventory, the dashboard's page): what it starts, and what it answers. */
export function inventoryReader(deps: InventoryDeps, onRefreshError: (error: unknown) => void) {
  /** The picked (profile, region) pairs matching a filter; both given names that exact pair. */
  const pairsFor = async (filter: { profile?: string; region?: string }): Promise<Pair[]> => {
    const picked = (await deps.profiles.pairs()).filter(
      (pair) => (!filter.profile || pair.profile === filter.profile) && (!filter.region || pair.region === filter.region),
    );
    if (filter.profile && filter.region && picked.length === 0) {
      await deps.profiles.get(filter.profile); // 404 for an unknown profile
      return [{ profile: filter.profile, region: filter.region }];
    }
    return picked;
  };

  const startRefresh = (pairs: Pair[]) => {
    if (pairs.length > 0) deps.inventory.refresh(pairs).catch(onRefreshError);
  };

  /**
   * What the disk cache holds is in the first answer; a slice not fetched in this run starts loading, so the
   * first visit needs no refresh click: one never seen at once (it is in the answer as loading), one shown from
   * the cache once the answer has gone out (`afterAnswer`: starting fetches takes the thread ~10 ms, and the
   * discovery worker then competes for the CPU).
   */
  const read = async (filter: { profile?: string; region?: string }): Promise<{ slices: InventorySlice[]; afterAnswer: () => void }> => {
    await deps.inventory.restored();
    const stale = (await pairsFor(filter)).filter((pair) => deps.inventory.needsFetch(pair));
    startRefresh(stale.filter((pair) => !deps.inventory.has(pair)));
    const cached = stale.filter((pair) => deps.inventory.has(pair));
    return { slices: deps.inventory.slices(filter), afterAnswer: () => startRefresh(cached) };
  };

  return { pairsFor, startRefresh, read };
}

/** The answer of `GET /api/inventory?eligibility=shared`; unfiltered, the dashboard's first look (also put into its page). */
export function sharedHosts(slices: InventorySlice[]): SharedHostsResponse {
  return { slices: slices.map((slice) => shareHostSets(onlyIneligible(slice))) };
}

/**
 * The slice with each target's ineligible hosts only: 2,000 targets × 500 hosts is 5 MB of `eligible: true`
 * entries the dashboard can tell from `eligibleHostIds`, and its first render waits for them.
 */
export function onlyIneligible(slice: InventorySlice): InventorySlice {
  const eligibility: InventorySlice['eligibility'] = {};
  for (const [targetId, hosts] of Object.entries(slice.eligibility)) eligibility[targetId] = hosts.filter((host) => !host.eligible);
  return { ...slice, eligibility };
}
