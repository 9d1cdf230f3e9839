import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { InventoryResponse, InventorySlice, SharedHostsResponse } from '../../../shared/api.js';
import { shareHostSets } from '../../../shared/inventory-host-sets.js';
import type { ProfileService } from '../../aws/profile-service.js';
import type { InventoryService } from '../../inventory/inventory-service.js';
import { ProfileNameSchema, RegionSchema } from '../schemas.js';

const Pair = Type.Object({ profile: ProfileNameSchema, region: RegionSchema }, { additionalProperties: false });
type Pair = Static<typeof Pair>;
const InventoryQuery = Type.Object(
  {
    profile: Type.Optional(ProfileNameSchema),
    region: Type.Optional(RegionSchema),
    /**
     * `ineligible`: each target lists only the hosts that cannot serve it (the rest are its eligibleHostIds).
     * `shared`: the same, and each distinct eligibleHostIds list is given once per slice (SharedHostsSlice).
     */
    eligibility: Type.Optional(Type.Union([Type.Literal('ineligible'), Type.Literal('shared')])),
  },
  { additionalProperties: false },
);
const RefreshBody = Type.Union([
  Type.Null(),
  Type.Object(
    {
      profile: Type.Optional(ProfileNameSchema),
      region: Type.Optional(RegionSchema),
      pairs: Type.Optional(Type.Array(Pair, { maxItems: 1024 })),
    },
    { additionalProperties: false },
  ),
]);

/** Discovered targets and jump hosts; refreshes stream their progress as `inventory` events. */
export async function inventoryRoutes(
  app: FastifyInstance,
  deps: { inventory: InventoryService; profiles: ProfileService },
): Promise<void> {
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
    if (pairs.length === 0) return;
    deps.inventory.refresh(pairs).catch((error: unknown) => app.log.error({ err: error }, 'inventory refresh failed'));
  };

  app.get<{ Querystring: Static<typeof InventoryQuery> }>(
    '/api/inventory',
    { schema: { querystring: InventoryQuery } },
    async (request): Promise<InventoryResponse | SharedHostsResponse> => {
      const { eligibility, ...filter } = request.query;
      // What the disk cache holds is in the first answer; a slice not fetched in this run starts loading, so the
      // first visit needs no refresh click: one never seen at once (it is in the answer as loading), one shown
      // from the cache right after the answer has gone out (starting the fetch takes the thread ~10 ms).
      await deps.inventory.restored();
      const stale = (await pairsFor(filter)).filter((pair) => deps.inventory.needsFetch(pair));
      startRefresh(stale.filter((pair) => !deps.inventory.has(pair)));
      const cached = stale.filter((pair) => deps.inventory.has(pair));
      if (cached.length > 0) setImmediate(() => startRefresh(cached));
      const slices = deps.inventory.slices(filter);
      if (eligibility === 'shared') return { slices: slices.map((slice) => shareHostSets(onlyIneligible(slice))) };
      return { slices: eligibility === 'ineligible' ? slices.map(onlyIneligible) : slices };
    },
  );

  app.post<{ Body: Static<typeof RefreshBody> }>(
    '/api/inventory/refresh',
    { schema: { body: RefreshBody } },
    async (request, reply): Promise<{ started: Pair[] }> => {
      const body = request.body ?? {};
      const pairs =
        body.pairs ??
        (await pairsFor({ ...(body.profile ? { profile: body.profile } : {}), ...(body.region ? { region: body.region } : {}) }));
      startRefresh(pairs);
      reply.code(202);
      return { started: pairs };
    },
  );
}

/**
 * The slice with each target's ineligible hosts only: 2,000 targets × 500 hosts is 5 MB of `eligible: true`
 * entries the dashboard can tell from `eligibleHostIds`, and its first render waits for them.
 */
function onlyIneligible(slice: InventorySlice): InventorySlice {
  const eligibility: InventorySlice['eligibility'] = {};
  for (const [targetId, hosts] of Object.entries(slice.eligibility)) eligibility[targetId] = hosts.filter((host) => !host.eligible);
  return { ...slice, eligibility };
}
