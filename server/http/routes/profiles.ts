import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Profile, ProfileCheckOk, SignInStart, SsoAccountInfo } from '../../../shared/api.js';
import type { ProfileService } from '../../aws/profile-service.js';
import type { SsoAccountService } from '../../aws/sso/account-service.js';
import type { SignInService } from '../../aws/sso/sign-in-service.js';
import { ProfileNameSchema, RegionSchema } from '../schemas.js';

const NameParams = Type.Object({ name: ProfileNameSchema }, { additionalProperties: false });
const RegionsBody = Type.Object(
  { regions: Type.Array(RegionSchema, { maxItems: 64, uniqueItems: true }) },
  { additionalProperties: false },
);
const LoginBody = Type.Union([
  Type.Null(),
  Type.Object({ flow: Type.Optional(Type.Union([Type.Literal('auth-code'), Type.Literal('device')])) }, { additionalProperties: false }),
]);

export interface ProfileRouteDeps {
  profiles: ProfileService;
  /** Sign-in and the accounts a sign-in reaches (absent: those routes are not served). */
  signIn?: SignInService;
  ssoAccounts?: SsoAccountService;
}

/** AWS profiles, their credential checks, the regions picked for each, and signing in. */
export async function profileRoutes(app: FastifyInstance, deps: ProfileRouteDeps): Promise<void> {
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

  const { signIn, ssoAccounts } = deps;
  if (signIn) {
    // Starts the sign-in: a browser URL (authorization code + PKCE, back on this daemon's /oauth/callback), a
    // code to show (device flow), or nothing to do when the refresh token renewed it. Progress: `profile` events.
    app.post<{ Params: Static<typeof NameParams>; Body: Static<typeof LoginBody> }>(
      '/api/profiles/:name/login',
      { schema: { params: NameParams, body: LoginBody } },
      async (request): Promise<SignInStart> => signIn.begin(request.params.name, request.body?.flow),
    );
  }
  if (ssoAccounts) {
    app.get<{ Params: Static<typeof NameParams> }>(
      '/api/profiles/:name/accounts',
      { schema: { params: NameParams } },
      async (request): Promise<{ accounts: SsoAccountInfo[] }> => ({ accounts: await ssoAccounts.list(request.params.name) }),
    );
  }
}
