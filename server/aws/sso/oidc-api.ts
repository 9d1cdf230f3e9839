import { PortholeError } from '../../errors.js';
import { mapAwsError } from '../errors.js';
import { ssoOidcSdk } from '../sdk-modules.js';
import { AUTH_CODE_GRANTS, type Registration, type RegistrationKind } from './registration-file.js';
import type { SsoClients } from './sso-clients.js';

// SSO OIDC through @aws-sdk/client-sso-oidc: RegisterClient, StartDeviceAuthorization and CreateToken with the
// three grants the CLI uses. Answers are checked and renamed here; the service's OAuth errors become an
// OidcError whose `kind` the flows decide on. Secrets in answers are never logged (the clients have no logger).

export const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

export type OidcErrorKind = 'pending' | 'slow-down' | 'expired' | 'denied' | 'invalid-grant' | 'invalid-client';

const KINDS: Record<string, OidcErrorKind> = {
  AuthorizationPendingException: 'pending',
  SlowDownException: 'slow-down',
  ExpiredTokenException: 'expired',
  AccessDeniedException: 'denied',
  InvalidGrantException: 'invalid-grant',
  InvalidClientException: 'invalid-client',
};

/** An OAuth answer of SSO OIDC that a flow decides on (the code is AWS's exception name). */
export class OidcError extends Error {
  constructor(
    readonly kind: OidcErrorKind,
    readonly awsCode: string,
    message: string,
  ) {
    super(message);
    this.name = 'OidcError';
  }
}

export interface TokenGrant {
  /** Secrets: never logged or published. */
  accessToken: string;
  expiresIn: number;
  refreshToken?: string;
}

export interface DeviceAuthorization {
  /** A secret (it redeems the approval). */
  deviceCode: string;
  userCode: string;
  verificationUri: string;
  verificationUriComplete: string;
  expiresIn: number;
  interval: number;
}

export type TokenRequest =
  | { grant: 'device'; deviceCode: string }
  | { grant: 'auth-code'; code: string; redirectUri: string; codeVerifier: string }
  | { grant: 'refresh'; refreshToken: string };

export interface OidcApi {
  register(input: {
    kind: RegistrationKind;
    clientName: string;
    scopes?: string[];
    issuerUrl?: string;
    redirectUri?: string;
  }): Promise<Registration>;
  startDevice(registration: Registration, startUrl: string): Promise<DeviceAuthorization>;
  createToken(registration: Pick<Registration, 'clientId' | 'clientSecret'>, request: TokenRequest): Promise<TokenGrant>;
  /** The base of the /authorize URL (the endpoint the client resolves). */
  endpoint(): Promise<string>;
}

export type OidcApiFactory = (region: string) => OidcApi;

export function oidcApiFromClients(clients: SsoClients): OidcApiFactory {
  return (region) => {
    const send = async <T>(action: string, run: () => Promise<T>): Promise<T> => {
      try {
        return await run();
      } catch (error) {
        const name = (error as { name?: unknown } | null)?.name;
        const kind = typeof name === 'string' ? KINDS[name] : undefined;
        if (kind && typeof name === 'string') throw new OidcError(kind, name, (error as Error).message);
        throw mapAwsError(error, { profile: '', region, action });
      }
    };
    const sdk = ssoOidcSdk();
    return {
      register: (input) =>
        send('sso-oauth:RegisterClient', async () => {
          const reply = await clients.oidc(region).send(
            new sdk.RegisterClientCommand({
              clientName: input.clientName,
              clientType: 'public',
              ...(input.kind === 'auth-code'
                ? { grantTypes: AUTH_CODE_GRANTS, redirectUris: [input.redirectUri ?? ''], issuerUrl: input.issuerUrl }
                : {}),
              ...(input.scopes ? { scopes: input.scopes } : {}),
            }),
          );
          if (!reply.clientId || !reply.clientSecret || reply.clientSecretExpiresAt === undefined) throw invalidAnswer('RegisterClient');
          return {
            clientId: reply.clientId,
            clientSecret: reply.clientSecret,
            expiresAtMs: reply.clientSecretExpiresAt * 1000,
            kind: input.kind,
            ...(input.scopes ? { scopes: input.scopes } : {}),
          };
        }),
      startDevice: (registration, startUrl) =>
        send('sso-oauth:StartDeviceAuthorization', async () => {
          const reply = await clients.oidc(region).send(
            new sdk.StartDeviceAuthorizationCommand({
              clientId: registration.clientId,
              clientSecret: registration.clientSecret,
              startUrl,
            }),
          );
          if (!reply.deviceCode || !reply.userCode || !reply.verificationUri || !reply.verificationUriComplete) {
            throw invalidAnswer('StartDeviceAuthorization');
          }
          return {
            deviceCode: reply.deviceCode,
            userCode: reply.userCode,
            verificationUri: reply.verificationUri,
            verificationUriComplete: reply.verificationUriComplete,
            expiresIn: reply.expiresIn ?? 600,
            interval: reply.interval ?? 5,
          };
        }),
      createToken: (registration, request) =>
        send('sso-oauth:CreateToken', async () => {
          const client = { clientId: registration.clientId, clientSecret: registration.clientSecret };
          const input =
            request.grant === 'device'
              ? { ...client, grantType: DEVICE_GRANT, deviceCode: request.deviceCode }
              : request.grant === 'auth-code'
                ? {
                    ...client,
                    grantType: 'authorization_code',
                    code: request.code,
                    redirectUri: request.redirectUri,
                    codeVerifier: request.codeVerifier,
                  }
                : { ...client, grantType: 'refresh_token', refreshToken: request.refreshToken };
          const reply = await clients.oidc(region).send(new sdk.CreateTokenCommand(input));
          if (!reply.accessToken || reply.expiresIn === undefined) throw invalidAnswer('CreateToken');
          return {
            accessToken: reply.accessToken,
            expiresIn: reply.expiresIn,
            ...(reply.refreshToken ? { refreshToken: reply.refreshToken } : {}),
          };
        }),
      endpoint: () => clients.oidcEndpoint(region),
    };
  };
}

function invalidAnswer(call: string): PortholeError {
  return new PortholeError('SIGN_IN_FAILED', `IAM Identity Center answered ${call} without the fields it must carry.`, { status: 502 });
}
