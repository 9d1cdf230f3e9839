import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Profile, ProfileCheckOk } from '../../../shared/api.js';
import type { ProfileService } from '../../aws/profile-service.js';
import { ProfileNameSchema, RegionSchema } from '../schemas.js';

const NameParams = Type.Object({ name: ProfileNameSchema }, { additionalProperties: false });
const RegionsBody = Type.Object(
  { regions: Type.Array(RegionSchema, { maxItems: 64, uniqueItems: true }) },
  { additionalProperties: false },
);

/** AWS profiles, their credential checks and the regions picked for each. */
export async function profileRoutes(app: FastifyInstance, deps: { profiles: ProfileService }): Promise<void> {
  app.get('/api/profiles', async (): Promise<{ profiles: Profile[] }> => ({ profiles: await deps.profiles.list() }));

  // 200 with the check; a failure is thrown as its mapped error (status, code, hint) and is also
  // kept as the profile's last check for GET /api/profiles.
  app.post<{ Params: Static<typeof NameParams> }>(
    '/api/profiles/:name/check',
    { schema: { params: NameParams } },
    async (request): Promise<ProfileCheckOk> => deps.profiles.check(request.params.name),
  );

  app.put<{ Params: Static<typeof NameParams>; Body: Static<typeof RegionsBody> }>(
    '/api/profiles/:name/regions',
    { schema: { params: NameParams, body: RegionsBody } },
    async (request): Promise<Profile> => deps.profiles.setRegions(request.params.name, request.body.regions),
  );
}
