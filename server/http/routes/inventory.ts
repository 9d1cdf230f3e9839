import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { InventoryResponse, InventorySlice } from '../../../shared/api.js';
import type { ProfileService } from '../../aws/profile-service.js';
import type { InventoryService } from '../../inventory/inventory-service.js';
import { ProfileNameSchema, RegionSchema } from '../schemas.js';

const Pair = Type.Object({ profile: ProfileNameSchema, region: RegionSchema }, { additionalProperties: false });
type Pair = Static<typeof Pair>;
const InventoryQuery = Type.Object(
  {
    profile: Type.Optional(ProfileNameSchema),
    region: Type.Optional(RegionSchema),
    /** `ineligible`: each target lists only the hosts that cannot serve it (the rest are its eligibleHostIds). */
    eligibility: Type.Optional(Type.Literal('ineligible')),
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
    async (request): Promise<InventoryResponse> => {
      const { eligibility, ...filter } = request.query;
      // What the disk cache holds is in the first answer; a slice not fetched in this run (never, or only
      // cached) starts loading now, so the first visit needs no refresh click.
      await deps.inventory.restored();
      startRefresh((await pairsFor(filter)).filter((pair) => deps.inventory.needsFetch(pair)));
      const slices = deps.inventory.slices(filter);
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
