// SSO OIDC (restJson, unsigned; @aws-sdk/client-sso-oidc and botocore's sso-oidc): RegisterClient,
// StartDeviceAuthorization and CreateToken with the device-code, authorization-code (+ PKCE) and
// refresh-token grants. Errors are the modelled ones, so both SDKs raise the named exceptions.
import { DEVICE_GRANT, LOOPBACK_HOSTS } from './sso-oauth.js';
import type { SsoState } from './sso-state.js';
import { AwsError } from './wire.js';

const GRANTS = new Set(['authorization_code', 'refresh_token', DEVICE_GRANT]);

function str(body: Record<string, unknown>, key: string, required = true): string | undefined {
  const v = body[key];
  if (v === undefined || v === null) {
    if (required) throw new AwsError('InvalidRequestException', `${key} is required`);
    return undefined;
  }
  if (typeof v !== 'string' || v === '') throw new AwsError('InvalidRequestException', `${key} must be a non-empty string`);
  return v;
}

function strings(body: Record<string, unknown>, key: string): string[] | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string'))
    throw new AwsError('InvalidRequestException', `${key} must be a list of strings`);
  return v as string[];
}

/** The start URL as configured and as sent may differ by a trailing slash or fragment (the portal's #/). */
function sameStartUrl(a: string, b: string): boolean {
  const norm = (u: string): string => u.replace(/#.*$/, '').replace(/\/+$/, '');
  return norm(a) === norm(b);
}

export function registerClient(sso: SsoState, body: Record<string, unknown>): Record<string, unknown> {
  sso.sso();
  const clientName = str(body, 'clientName')!;
  if (str(body, 'clientType') !== 'public') throw new AwsError('InvalidClientMetadataException', 'clientType must be public');
  const scopes = strings(body, 'scopes') ?? [];
  const badScope = scopes.find((s) => !/^[\w.-]+:[\w.*:-]+$/.test(s));
  if (badScope) throw new AwsError('InvalidScopeException', `Invalid scope: ${badScope}`);
  const grantTypes = strings(body, 'grantTypes');
  const badGrant = grantTypes?.find((g) => !GRANTS.has(g));
  if (badGrant) throw new AwsError('InvalidClientMetadataException', `Unsupported grant type: ${badGrant}`);
  const redirectUris = strings(body, 'redirectUris') ?? [];
  if (grantTypes?.includes('authorization_code') && redirectUris.length === 0) {
    throw new AwsError('InvalidRedirectUriException', 'redirectUris are required for the authorization_code grant');
  }
  for (const r of redirectUris) {
    let ok = false;
    try {
      const u = new URL(r);
      ok = u.protocol === 'https:' || (u.protocol === 'http:' && LOOPBACK_HOSTS.includes(u.hostname));
    } catch {
      ok = false;
    }
    if (!ok) throw new AwsError('InvalidRedirectUriException', `Invalid redirect URI: ${r}`);
  }
  const issuerUrl = str(body, 'issuerUrl', false);
  const c = sso.registerClient({
    clientName,
    scopes,
    redirectUris,
    ...(grantTypes ? { grantTypes } : {}),
    ...(issuerUrl ? { issuerUrl } : {}),
  });
  return { clientId: c.clientId, clientSecret: c.clientSecret, clientIdIssuedAt: c.issuedAt, clientSecretExpiresAt: c.secretExpiresAt };
}

export function startDeviceAuthorization(sso: SsoState, body: Record<string, unknown>, baseUrl: string): Record<string, unknown> {
  const client = sso.client(str(body, 'clientId'), str(body, 'clientSecret'));
  const startUrl = str(body, 'startUrl')!;
  if (!sameStartUrl(startUrl, sso.sso().startUrl)) throw new AwsError('InvalidRequestException', 'Invalid start URL');
  const d = sso.startDevice(client, startUrl);
  const verificationUri = `${baseUrl}/device`;
  return {
    deviceCode: d.deviceCode,
    userCode: d.userCode,
    verificationUri,
    verificationUriComplete: `${verificationUri}?user_code=${encodeURIComponent(d.userCode)}`,
    expiresIn: d.expiresIn,
    interval: d.interval,
  };
}

function allows(grantTypes: string[] | undefined, grant: string): boolean {
  // A registration without grantTypes (the device flow's) may use the device code and refresh tokens.
  return grantTypes ? grantTypes.includes(grant) : grant !== 'authorization_code';
}

export function createToken(sso: SsoState, body: Record<string, unknown>): Record<string, unknown> {
  const clientId = str(body, 'clientId');
  const clientSecret = str(body, 'clientSecret');
  const grantType = str(body, 'grantType')!;
  const client = sso.client(clientId, clientSecret);
  if (!GRANTS.has(grantType)) throw new AwsError('UnsupportedGrantTypeException', `Unsupported grant type: ${grantType}`);
  if (!allows(client.grantTypes, grantType)) {
    throw new AwsError('UnauthorizedClientException', `The client is not registered for the ${grantType} grant`);
  }
  const grant =
    grantType === DEVICE_GRANT
      ? sso.pollDevice(client, str(body, 'deviceCode'))
      : grantType === 'authorization_code'
        ? sso.redeemCode(client, str(body, 'code'), str(body, 'redirectUri'), str(body, 'codeVerifier'))
        : sso.refresh(client, str(body, 'refreshToken'));
  return { ...grant };
}
