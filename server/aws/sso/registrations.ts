import type { OidcApi } from './oidc-api.js';
import { REGISTERED_REDIRECT_URI } from './pkce.js';
import { readRegistration, registrationUsable, writeRegistration, type Registration, type RegistrationKind } from './registration-file.js';
import type { SsoLoginRef } from './sso-ref.js';

// The OIDC client a sign-in uses: the cached registration while it lasts (and is of the flow's kind), else a new
// one registered as the CLI registers (docs/sso-facts.md §4–5) and cached for the next sign-in — Porthole's
// or the CLI's.

export const DEFAULT_SCOPES = ['sso:account:access'];

export async function registrationFor(
  env: NodeJS.ProcessEnv,
  oidc: OidcApi,
  login: SsoLoginRef,
  kind: RegistrationKind,
  now: number,
  options: { fresh?: boolean } = {},
): Promise<Registration> {
  const cached = options.fresh ? undefined : await readRegistration(env, login);
  if (cached && registrationUsable(cached, kind, now)) return cached;
  // Device flow: scopes only when configured (without them the sign-in is not refreshable, as with the CLI).
  // Authorization code: the configured scopes or sso:account:access, issuer = start URL, port-less loopback URI.
  const clientName = `porthole-${login.sessionName ?? Math.floor(now / 1000)}`;
  const registration =
    kind === 'auth-code'
      ? await oidc.register({
          kind,
          clientName,
          scopes: login.scopes ?? DEFAULT_SCOPES,
          issuerUrl: login.startUrl,
          redirectUri: REGISTERED_REDIRECT_URI,
        })
      : await oidc.register({ kind, clientName, ...(login.scopes ? { scopes: login.scopes } : {}) });
  await writeRegistration(env, login, registration);
  return registration;
}
