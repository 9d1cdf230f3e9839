import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { CertKitChange, CertKitState } from '../../../shared/paths.js';
import type { CertKitService, KitContext } from '../../paths/cert-kit/kit-service.js';
import { ProfileNameSchema, RegionSchema, SafeText } from '../schemas.js';

const Folder = SafeText(4096);
/** DNS-style names (the kit lower-cases and checks them again). */
const Name = Type.String({ minLength: 1, maxLength: 253, pattern: '^[A-Za-z0-9][A-Za-z0-9.-]*$' });
const Days = Type.Integer({ minimum: 1, maximum: 36_500 });
/** For the AWS CLI commands the answers carry. */
const Context = {
  region: Type.Optional(RegionSchema),
  profile: Type.Optional(ProfileNameSchema),
  endpointId: Type.Optional(Type.String({ pattern: '^cvpn-endpoint-[0-9A-Za-z]{1,64}$' })),
};
const StateQuery = Type.Object({ folder: Folder, ...Context }, { additionalProperties: false });
const CreateBody = Type.Object(
  {
    folder: Folder,
    caName: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9 ._-]*$' })),
    caDays: Type.Optional(Days),
    crlDays: Type.Optional(Days),
    ...Context,
  },
  { additionalProperties: false },
);
const IssueBody = Type.Object({ folder: Folder, name: Name, validDays: Type.Optional(Days), ...Context }, { additionalProperties: false });
const RevokeBody = Type.Object(
  {
    folder: Folder,
    name: Name,
    reason: Type.Optional(
      Type.Union([
        Type.Literal('keyCompromise'),
        Type.Literal('affiliationChanged'),
        Type.Literal('superseded'),
        Type.Literal('cessationOfOperation'),
      ]),
    ),
    ...Context,
  },
  { additionalProperties: false },
);
const CrlBody = Type.Object({ folder: Folder, ...Context }, { additionalProperties: false });

function context(input: { region?: string; profile?: string; endpointId?: string }): KitContext {
  return {
    ...(input.region ? { region: input.region } : {}),
    ...(input.profile ? { profile: input.profile } : {}),
    ...(input.endpointId ? { endpointId: input.endpointId } : {}),
  };
}

/** The certificate kit for Client VPN administrators: a CA, server and client certificates, revocation and the CRL. */
export async function certKitRoutes(app: FastifyInstance, deps: { kits: CertKitService }): Promise<void> {
  app.get<{ Querystring: Static<typeof StateQuery> }>(
    '/api/cert-kit',
    { schema: { querystring: StateQuery } },
    async (request): Promise<CertKitState> => deps.kits.get(request.query.folder, context(request.query)),
  );

  app.post<{ Body: Static<typeof CreateBody> }>('/api/cert-kit', { schema: { body: CreateBody } }, async (request, reply) => {
    const { folder, caName, caDays, crlDays } = request.body;
    const settings = { ...(caName ? { caName } : {}), ...(caDays ? { caDays } : {}), ...(crlDays ? { crlDays } : {}) };
    const state: CertKitState = await deps.kits.create(folder, settings, context(request.body));
    return reply.status(201).send(state);
  });

  for (const kind of ['server', 'client'] as const) {
    app.post<{ Body: Static<typeof IssueBody> }>(`/api/cert-kit/${kind}`, { schema: { body: IssueBody } }, async (request, reply) => {
      const { folder, name, validDays } = request.body;
      const change: CertKitChange = await deps.kits.issue(kind, folder, name, validDays, context(request.body));
      return reply.status(201).send(change);
    });
  }

  app.post<{ Body: Static<typeof RevokeBody> }>(
    '/api/cert-kit/revoke',
    { schema: { body: RevokeBody } },
    async (request): Promise<CertKitChange> =>
      deps.kits.revoke(request.body.folder, request.body.name, request.body.reason, context(request.body)),
  );

  app.post<{ Body: Static<typeof CrlBody> }>('/api/cert-kit/crl', { schema: { body: CrlBody } }, async (request): Promise<CertKitChange> =>
    deps.kits.renewCrl(request.body.folder, context(request.body)),
  );
}
