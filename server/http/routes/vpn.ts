import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ClientConfigResponse, ClientVpnEndpointsResponse } from '../../../shared/paths.js';
import type { ProfileService } from '../../aws/profile-service.js';
import { PortholeError } from '../../errors.js';
import type { ClientConfigService, CredentialSource } from '../../paths/vpn/client-config.js';
import type { ClientVpnService } from '../../paths/vpn/vpn-service.js';
import { ProfileNameSchema, RegionSchema, SafeText } from '../schemas.js';

const EndpointsQuery = Type.Object(
  { profile: ProfileNameSchema, region: RegionSchema, refresh: Type.Optional(Type.Union([Type.Literal('1'), Type.Literal('0')])) },
  { additionalProperties: false },
);
const Params = Type.Object({ id: Type.String({ pattern: '^cvpn-endpoint-[0-9A-Za-z]{1,64}$' }) }, { additionalProperties: false });
/** PEM text: printable lines only (the body limit bounds the whole request). */
const Pem = Type.String({ minLength: 1, maxLength: 60_000, pattern: '^[\\t\\n\\r\\u0020-\\u007e]+$' });
const FilePath = SafeText(4096);
const ConfigBody = Type.Object(
  {
    profile: ProfileNameSchema,
    region: RegionSchema,
    certificatePem: Type.Optional(Pem),
    privateKeyPem: Type.Optional(Pem),
    certificatePath: Type.Optional(FilePath),
    keyPath: Type.Optional(FilePath),
    outputPath: Type.Optional(FilePath),
    replace: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
type ConfigBody = Static<typeof ConfigBody>;

export const OVPN_MEDIA_TYPE = 'application/x-openvpn-profile';

export interface VpnRouteDeps {
  vpn: ClientVpnService;
  clientConfig: ClientConfigService;
  profiles: Pick<ProfileService, 'get'>;
}

/** The credentials as given: both as text, both as paths, or none; anything else names the field at fault. */
function credentialSource(body: ConfigBody): CredentialSource | undefined {
  const { certificatePem, privateKeyPem, certificatePath, keyPath } = body;
  const texts = certificatePem !== undefined || privateKeyPem !== undefined;
  const paths = certificatePath !== undefined || keyPath !== undefined;
  const invalid = (message: string, field: string) =>
    new PortholeError('VALIDATION_FAILED', message, {
      status: 400,
      field,
      hint: 'Send certificatePem with privateKeyPem, or certificatePath with keyPath.',
    });
  if (texts && paths) throw invalid('Give the certificate and key either as PEM text or as file paths, not both.', 'certificatePath');
  if (texts) {
    if (certificatePem === undefined) throw invalid('The key needs its certificate.', 'certificatePem');
    if (privateKeyPem === undefined) throw invalid('The certificate needs its private key.', 'privateKeyPem');
    return { certificatePem, privateKeyPem };
  }
  if (paths) {
    if (certificatePath === undefined) throw invalid('The key file needs its certificate file.', 'certificatePath');
    if (keyPath === undefined) throw invalid('The certificate file needs its key file.', 'keyPath');
    return { certificatePath, keyPath };
  }
  return undefined;
}

/** JSON when the caller asks for it first; the .ovpn itself otherwise (what a browser download wants). */
function wantsJson(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  return /^\s*application\/json\b/i.test(accept);
}

/** AWS Client VPN endpoints with their rules, and a client configuration with the user's certificate merged. */
export async function vpnRoutes(app: FastifyInstance, deps: VpnRouteDeps): Promise<void> {
  app.get<{ Querystring: Static<typeof EndpointsQuery> }>(
    '/api/vpn/endpoints',
    { schema: { querystring: EndpointsQuery } },
    async (request): Promise<ClientVpnEndpointsResponse> => {
      const { profile, region, refresh } = request.query;
      await deps.profiles.get(profile); // 404 for a profile Porthole does not list: no AWS call with any name
      return deps.vpn.endpoints({ profile, region }, { refresh: refresh === '1' });
    },
  );

  app.post<{ Params: Static<typeof Params>; Body: ConfigBody }>(
    '/api/vpn/endpoints/:id/client-config',
    { schema: { params: Params, body: ConfigBody } },
    async (request, reply) => {
      const body = request.body;
      const source = credentialSource(body);
      await deps.profiles.get(body.profile);
      const result: ClientConfigResponse = await deps.clientConfig.build({
        scope: { profile: body.profile, region: body.region },
        endpointId: request.params.id,
        ...(source ? { source } : {}),
        ...(body.outputPath ? { outputPath: body.outputPath } : {}),
        ...(body.replace ? { replace: true } : {}),
      });
      // It may hold a private key: no cache keeps it.
      void reply.header('cache-control', 'no-store');
      if (wantsJson(request)) return result;
      if (result.check) {
        void reply.header('x-porthole-certificate-check', result.check.level);
        void reply.header('x-porthole-findings', result.check.findings.map((finding) => finding.code).join(','));
      }
      return reply.type(OVPN_MEDIA_TYPE).header('content-disposition', `attachment; filename="${result.fileName}"`).send(result.ovpn);
    },
  );
}
