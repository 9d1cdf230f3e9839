import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Profile } from '../../../shared/api.js';
import type { ProfileService } from '../../aws/profile-service.js';
import type { SsoAccountService } from '../../aws/sso/account-service.js';
import { PortholeError } from '../../errors.js';
import { ProfileNameSchema, RegionSchema } from '../schemas.js';

// Account/role pairs a sign-in grants, added as sources of targets (kind `sso-account`) without editing
// ~/.aws/config; the profile list carries each one's ~/.aws/config snippet.

const SourceName = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._@+-]{0,63}$' });
const AddBody = Type.Object(
  {
    profile: ProfileNameSchema,
    accountId: Type.String({ pattern: '^[0-9]{12}$' }),
    roleName: Type.String({ pattern: '^[A-Za-z0-9+=,.@_-]{1,64}$' }),
    name: Type.Optional(SourceName),
    region: Type.Optional(RegionSchema),
  },
  { additionalProperties: false },
);
const NameParams = Type.Object({ name: SourceName }, { additionalProperties: false });

export interface SsoAccountRouteDeps {
  accounts: SsoAccountService;
  profiles: ProfileService;
  /** Whether a saved tunnel uses the profile (such a source cannot be removed). */
  inUse: (profile: string) => boolean;
}

export async function ssoAccountRoutes(app: FastifyInstance, deps: SsoAccountRouteDeps): Promise<void> {
  app.post<{ Body: Static<typeof AddBody> }>(
    '/api/sso-accounts',
    { schema: { body: AddBody } },
    async (request, reply): Promise<Profile> => {
      const saved = await deps.accounts.add(request.body);
      reply.status(201);
      return deps.profiles.get(saved.name);
    },
  );

  app.delete<{ Params: Static<typeof NameParams> }>(
    '/api/sso-accounts/:name',
    { schema: { params: NameParams } },
    async (request, reply) => {
      if (deps.inUse(request.params.name)) {
        throw new PortholeError('PROFILE_IN_USE', `Saved tunnels use "${request.params.name}".`, {
          hint: 'Remove those tunnels first.',
          status: 409,
        });
      }
      await deps.accounts.remove(request.params.name);
      return reply.status(204).send();
    },
  );
}
