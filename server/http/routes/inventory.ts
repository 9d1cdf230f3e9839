import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { InventoryResponse } from '../../../shared/api.js';
import type { ProfileService } from '../../aws/profile-service.js';
import type { InventoryService } from '../../inventory/inventory-service.js';
import { ProfileNameSchema, RegionSchema } from '../schemas.js';

const Pair = Type.Object({ profile: ProfileNameSchema, region: RegionSchema }, { additionalProperties: false });
type Pair = Static<typeof Pair>;
const InventoryQuery = Type.Object(
  { profile: Type.Optional(ProfileNameSchema), region: Type.Optional(RegionSchema) },
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
      const filter = request.query;
      // What the disk cache holds is in the first answer; a slice not fetched in this run (never, or only
      // cached) starts loading now, so the first visit needs no refresh click.
      await deps.inventory.restored();
      startRefresh((await pairsFor(filter)).filter((pair) => deps.inventory.needsFetch(pair)));
      return { slices: deps.inventory.slices(filter) };
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
