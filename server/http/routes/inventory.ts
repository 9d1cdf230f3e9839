import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { InventoryResponse, SharedHostsResponse } from '../../../shared/api.js';
import { ProfileNameSchema, RegionSchema } from '../schemas.js';
import { inventoryReader, onlyIneligible, Pair, sharedHosts, type InventoryDeps } from './inventory-reader.js';

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
export async function inventoryRoutes(app: FastifyInstance, deps: InventoryDeps): Promise<void> {
  const reader = inventoryReader(deps, (error) => app.log.error({ err: error }, 'inventory refresh failed'));

  app.get<{ Querystring: Static<typeof InventoryQuery> }>(
    '/api/inventory',
    { schema: { querystring: InventoryQuery } },
    async (request): Promise<InventoryResponse | SharedHostsResponse> => {
      const { eligibility, ...filter } = request.query;
      const { slices, afterAnswer } = await reader.read(filter);
      setImmediate(afterAnswer);
      if (eligibility === 'shared') return sharedHosts(slices);
      return { slices: eligibility === 'ineligible' ? slices.map(onlyIneligible) : slices };
    },
  );

  app.post<{ Body: Static<typeof RefreshBody> }>(
    '/api/inventory/refresh',
    { schema: { body: RefreshBody } },
    async (request, reply): Promise<{ started: Static<typeof Pair>[] }> => {
      const body = request.body ?? {};
      const pairs =
        body.pairs ??
        (await reader.pairsFor({ ...(body.profile ? { profile: body.profile } : {}), ...(body.region ? { region: body.region } : {}) }));
      reader.startRefresh(pairs);
      reply.code(202);
      return { started: pairs };
    },
  );
}
