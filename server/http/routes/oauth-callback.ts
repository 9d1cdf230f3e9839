import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { SignInService } from '../../aws/sso/sign-in-service.js';
import { signInPage } from '../pages.js';

// Where IAM Identity Center sends the browser back with the authorization code (RFC 8252 loopback redirect on
// the daemon's own port). Public: the browser arrives from the identity provider's site, so the SameSite=Strict
// cookie is not sent. What protects it is the one-time `state`, unguessable, bound to one sign-in under way and
// expiring with it; the code alone is worth nothing without the PKCE verifier that never left the daemon. The
// query (which carries the code) is never logged: request logging is off and the serializer drops queries.

const Text = (max: number) => Type.String({ maxLength: max });
const CallbackQuery = Type.Object(
  {
    code: Type.Optional(Text(4096)),
    state: Type.Optional(Text(256)),
    error: Type.Optional(Text(128)),
    error_description: Type.Optional(Text(1024)),
    error_uri: Type.Optional(Text(1024)),
    iss: Type.Optional(Text(1024)),
  },
  { additionalProperties: false },
);

/** The page's status by how the sign-in ended: no such sign-in, denied, too late; anything else is the service's. */
const STATUS: Record<string, number> = { SIGN_IN_STATE_INVALID: 400, SIGN_IN_DENIED: 403, SIGN_IN_EXPIRED: 410 };

export async function oauthCallbackRoutes(app: FastifyInstance, deps: { signIn: SignInService }): Promise<void> {
  app.get<{ Querystring: Static<typeof CallbackQuery> }>(
    '/oauth/callback',
    { config: { public: true }, schema: { querystring: CallbackQuery } },
    async (request, reply) => {
      const { code, state, error } = request.query;
      const outcome = await deps.signIn.callback({ ...(code ? { code } : {}), ...(state ? { state } : {}), ...(error ? { error } : {}) });
      const body = outcome.ok
        ? signInPage(outcome)
        : signInPage({ ok: false, message: outcome.error.message, ...(outcome.error.hint ? { hint: outcome.error.hint } : {}) });
      return reply
        .status(outcome.ok ? 200 : (STATUS[outcome.error.code] ?? 502))
        .type('text/html; charset=utf-8')
        .send(body);
    },
  );
}
