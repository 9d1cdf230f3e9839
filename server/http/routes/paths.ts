import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Target } from '../../../shared/api.js';
import type { DirectConnectionInfo, DirectPathResult, DirectPathsResponse, TargetPaths } from '../../../shared/paths.js';
import type { DirectPathService } from '../../paths/direct/direct-path-service.js';
import type { PathsService } from '../../paths/paths-service.js';
import { ProfileNameSchema, RegionSchema, SafeText, TargetIdSchema } from '../schemas.js';

const Params = Type.Object({ id: TargetIdSchema }, { additionalProperties: false });
/** Querystrings are not coerced: "1" asks for fresh reads instead of the remembered ones. */
const Refresh = Type.Optional(Type.Union([Type.Literal('1'), Type.Literal('0')]));
/** Comma-separated group names as an authorization rule's group id holds them (AD SIDs, SAML values), at most 20. */
const Groups = Type.String({ pattern: '^[A-Za-z0-9_.@:=+/ -]{1,255}(,[A-Za-z0-9_.@:=+/ -]{1,255}){0,19}$', maxLength: 5200 });
const PathsQuery = Type.Object({ refresh: Refresh, groups: Type.Optional(Groups) }, { additionalProperties: false });
// Names travel into command lines and files: printable text only (no control characters).
const ConnectionQuery = Type.Object(
  { user: Type.Optional(SafeText(128, 0)), database: Type.Optional(SafeText(128, 0)), refresh: Refresh },
  { additionalProperties: false },
);
const SliceQuery = Type.Object(
  { profile: Type.Optional(ProfileNameSchema), region: Type.Optional(RegionSchema) },
  { additionalProperties: false },
);
const CheckBody = Type.Union([
  Type.Null(),
  Type.Object(
    {
      profile: Type.Optional(ProfileNameSchema),
      region: Type.Optional(RegionSchema),
      targetIds: Type.Optional(Type.Array(TargetIdSchema, { minItems: 1, maxItems: 500 })),
    },
    { additionalProperties: false },
  ),
]);

export interface PathRouteDeps {
  paths: PathsService;
  direct: DirectPathService;
  /** The inventory's targets, to check or list direct paths by slice or id. */
  targets: (filter: { profile?: string; region?: string }) => Target[];
  findTarget: (id: string) => Target | undefined;
}

/** Every way into a target; direct paths (checked on demand and on network changes) and their connection strings. */
export async function pathRoutes(app: FastifyInstance, deps: PathRouteDeps): Promise<void> {
  app.get<{ Params: Static<typeof Params>; Querystring: Static<typeof PathsQuery> }>(
    '/api/targets/:id/paths',
    { schema: { params: Params, querystring: PathsQuery } },
    async (request): Promise<TargetPaths> =>
      deps.paths.paths(request.params.id, {
        refresh: request.query.refresh === '1',
        ...(request.query.groups ? { groups: [...new Set(request.query.groups.split(','))] } : {}),
      }),
  );

  app.post<{ Params: Static<typeof Params> }>(
    '/api/targets/:id/paths/check',
    { schema: { params: Params } },
    async (request): Promise<DirectPathResult> => deps.paths.checkDirect(request.params.id),
  );

  app.get<{ Params: Static<typeof Params>; Querystring: Static<typeof ConnectionQuery> }>(
    '/api/targets/:id/direct-connection',
    { schema: { params: Params, querystring: ConnectionQuery } },
    async (request): Promise<DirectConnectionInfo> => {
      const { user, database, refresh } = request.query;
      return deps.paths.directConnection(request.params.id, {
        ...(user ? { user } : {}),
        ...(database ? { database } : {}),
        refresh: refresh === '1',
      });
    },
  );

  app.get<{ Querystring: Static<typeof SliceQuery> }>(
    '/api/direct-paths',
    { schema: { querystring: SliceQuery } },
    async (request): Promise<DirectPathsResponse> => deps.direct.snapshot(deps.targets(request.query)),
  );

  app.post<{ Body: Static<typeof CheckBody> }>(
    '/api/direct-paths/check',
    {
      schema: { body: CheckBody },
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request, reply) => {
      const body = request.body ?? {};
      const targets = body.targetIds
        ? body.targetIds.flatMap((id) => {
            const target = deps.findTarget(id);
            return target ? [target] : [];
          })
        : deps.targets({ ...(body.profile ? { profile: body.profile } : {}), ...(body.region ? { region: body.region } : {}) });
      // A region may hold thousands of databases: the checks run in the background, a few at a time; GET
      // /api/direct-paths shows them land (its generation goes up).
      deps.direct.check(targets).catch((error: unknown) => app.log.error({ err: error }, 'direct path checks failed'));
      return reply.status(202).send({ checking: targets.length, generation: deps.direct.generation });
    },
  );
}
