// A Client VPN configuration a client can open: AWS's export (ExportClientVpnClientConfiguration), with the
// user's certificate and key merged inline for mutual TLS, `auth-federate` kept for SAML, and the certificate
// checked against the endpoint's CA and revocation list (ExportClientVpnClientCertificateRevocationList).
// Only text that parses as a certificate and its matching key is merged; it is re-encoded from what was
// parsed, so nothing else a caller sends (or a file it names holds) can reach the answer.
import type { CertificateFinding, ClientConfigResponse } from '../../../shared/paths.js';
import type { AwsClients } from '../../aws/clients.js';
import { exportClientVpnConfiguration, exportClientVpnCrl } from '../../aws/reads/client-vpn.js';
import type { ReadScope } from '../../aws/reads/types.js';
import { PortholeError } from '../../errors.js';
import { settle } from '../../diagnosis/read-result.js';
import { checkClientCertificate } from '../ovpn/check-client-certificate.js';
import { exportedSignIn, mergeClientCredentials, type ClientCredentials } from '../ovpn/merge-ovpn.js';
import { writeOvpnFile } from '../ovpn/write-ovpn.js';
import { readUserFile, resolveUserPath } from '../user-files.js';
import type { ClientVpnService } from './vpn-service.js';

export interface ClientConfigInput {
  scope: ReadScope;
  endpointId: string;
  /** PEM text (read from files by the caller when it named paths). */
  credentials?: ClientCredentials;
  outputPath?: string;
  replace?: boolean;
}

export interface ClientConfigDeps {
  aws: AwsClients;
  vpn: ClientVpnService;
  now?: () => Date;
}

/** The file name AWS's console suggests: `downloaded-client-config.ovpn`; here named after the endpoint. */
export function ovpnFileName(endpointId: string): string {
  return `${endpointId.replace(/[^A-Za-z0-9._-]+/g, '-')}.ovpn`;
}

export async function buildClientConfig(deps: ClientConfigDeps, input: ClientConfigInput): Promise<ClientConfigResponse> {
  const { scope, endpointId } = input;
  const endpoint = await deps.vpn.endpoint(scope, endpointId);
  const mutual = endpoint.authentication.some((option) => option.type === 'certificate');
  if (mutual && !input.credentials) {
    throw new PortholeError('CLIENT_CERT_REQUIRED', `${endpointId} signs clients in by certificate: Porthole needs yours to merge.`, {
      hint: 'Send certificatePem and privateKeyPem, or certificatePath and keyPath (absolute paths of PEM files).',
      status: 400,
    });
  }
  // Checked before AWS is asked for anything else, so a bad path is refused without a call.
  const outputPath = input.outputPath ? await resolveUserPath(input.outputPath, 'outputPath', 'OVPN_PATH_INVALID') : undefined;
  const exported = await exportClientVpnConfiguration(deps.aws, scope, endpointId);
  const response: ClientConfigResponse = {
    endpointId,
    fileName: ovpnFileName(endpointId),
    ovpn: exported,
    federated: false,
    userPass: false,
    notices: [],
  };
  if (mutual && input.credentials) {
    const merged = mergeClientCredentials(exported, input.credentials);
    Object.assign(response, {
      ovpn: merged.text,
      federated: merged.federated,
      userPass: merged.userPass,
      certificate: merged.certificate,
      notices: [...merged.notices],
    });
    if (merged.replacedExisting) response.notices.push('The exported file already named a certificate or key; they were replaced.');
    response.check = await certificateCheck(deps, input, exported);
  } else {
    const signIn = exportedSignIn(exported);
    Object.assign(response, { federated: signIn.federated, userPass: signIn.userPass, notices: [...signIn.notices] });
    if (input.credentials) {
      response.notices.push('This endpoint does not sign clients in by certificate, so the certificate and key were not added.');
    }
  }
  if (outputPath) {
    const backup = await writeOvpnFile(outputPath, response.ovpn, input.replace ? 'backup' : 'refuse');
    response.writtenTo = outputPath;
    if (backup) response.backupPath = backup;
  }
  return response;
}

/** Expiry, issuer and the endpoint's CRL; a CRL that cannot be read is a warning that says why. */
async function certificateCheck(
  deps: ClientConfigDeps,
  input: ClientConfigInput,
  exported: string,
): Promise<NonNullable<ClientConfigResponse['check']>> {
  const crl = await settle('ec2:ExportClientVpnClientCertificateRevocationList', () =>
    exportClientVpnCrl(deps.aws, input.scope, input.endpointId),
  );
  const result = await checkClientCertificate({
    certificate: input.credentials!.certificate,
    ovpnText: exported,
    ...(crl.ok ? { crl: crl.value } : {}),
    now: deps.now?.() ?? new Date(),
  });
  const findings: CertificateFinding[] = [...result.findings];
  let level = result.level;
  if (!crl.ok) {
    const why = crl.failure.permission ? `AWS refused ${crl.failure.permission}` : crl.failure.message;
    findings.push({
      code: 'CRL_NOT_CHECKED',
      level: 'warn',
      message: `The endpoint’s revocation list could not be read (${why}), so revocation was not checked.`,
    });
    if (level === 'ok') level = 'warn';
  }
  return { level, findings };
}

/** Credentials as the API takes them: PEM text, or absolute paths of PEM files the daemon reads. */
export type CredentialSource = { certificatePem: string; privateKeyPem: string } | { certificatePath: string; keyPath: string };

/** The client-config route's service: reads named files (regular, bounded, never echoed), then builds. */
export class ClientConfigService {
  constructor(private readonly deps: ClientConfigDeps) {}

  async build(input: Omit<ClientConfigInput, 'credentials'> & { source?: CredentialSource }): Promise<ClientConfigResponse> {
    const { source, ...rest } = input;
    return buildClientConfig(this.deps, { ...rest, ...(source ? { credentials: await readCredentials(source) } : {}) });
  }
}

async function readCredentials(source: CredentialSource): Promise<ClientCredentials> {
  if ('certificatePem' in source) return { certificate: source.certificatePem, privateKey: source.privateKeyPem };
  return {
    certificate: await readUserFile(source.certificatePath, 'certificatePath'),
    privateKey: await readUserFile(source.keyPath, 'keyPath'),
  };
}
