// AWS Client VPN endpoints as Porthole reads them, and the client configuration with the user's certificate merged
// (GET /api/vpn/endpoints, POST /api/vpn/endpoints/:id/client-config). Part of shared/paths.ts.
// Fields may be added, never renamed or dropped.
import type { PathReadError } from './paths.js';

export type ClientVpnAuthentication =
  | { type: 'certificate'; clientRootCertificateChainArn?: string }
  | { type: 'federated'; samlProviderArn?: string; selfServiceSamlProviderArn?: string }
  | { type: 'directory'; directoryId?: string };

export interface ClientVpnTargetNetwork {
  associationId: string;
  subnetId: string;
  vpcId?: string;
  /** associating | associated | association-failed | disassociating | disassociated */
  status: string;
  securityGroupIds: string[];
}

export interface ClientVpnRoute {
  destinationCidr: string;
  targetSubnet?: string;
  /** Nat | local (the VPC CIDR of an association) … */
  type?: string;
  /** `associate`: added when a subnet was associated; `add-route`: added by hand. */
  origin?: string;
  /** creating | active | failed | deleting */
  status: string;
  description?: string;
  transitGatewayAttachmentId?: string;
}

export interface ClientVpnAuthorizationRule {
  destinationCidr: string;
  /** The AD group SID or the SAML assertion's group value; absent with `accessAll`. */
  groupId?: string;
  accessAll: boolean;
  /** authorizing | active | failed | revoking */
  status: string;
  description?: string;
}

export interface ClientVpnEndpoint {
  id: string;
  profile: string;
  region: string;
  /** The Name tag, when there is one. */
  name?: string;
  description?: string;
  /** pending-associate | available | deleting | deleted */
  status: string;
  statusMessage?: string;
  /** e.g. `*.cvpn-endpoint-….prod.clientvpn.us-east-1.amazonaws.com` */
  dnsName?: string;
  clientCidrBlock?: string;
  /** DNS servers the VPN pushes; none: the laptop's own resolver answers. */
  dnsServers: string[];
  /** Only the endpoint's routes go through the VPN. */
  splitTunnel: boolean;
  transportProtocol?: string;
  vpnPort?: number;
  vpcId?: string;
  securityGroupIds: string[];
  serverCertificateArn?: string;
  authentication: ClientVpnAuthentication[];
  selfServicePortalUrl?: string;
  sessionTimeoutHours?: number;
  targetNetworks: ClientVpnTargetNetwork[];
  routes: ClientVpnRoute[];
  authorizationRules: ClientVpnAuthorizationRule[];
  /** This endpoint's target networks, routes or rules that could not be read. */
  errors: PathReadError[];
}

/** `GET /api/vpn/endpoints?profile=&region=` */
export interface ClientVpnEndpointsResponse {
  profile: string;
  region: string;
  fetchedAt: string;
  /** True when this answer came from the cache (ask with `refresh=1` for a new one). */
  cached: boolean;
  endpoints: ClientVpnEndpoint[];
  errors: PathReadError[];
}

/**
 * `POST /api/vpn/endpoints/:id/client-config`. Credentials as PEM text or as absolute paths of files the daemon
 * reads (regular files, at most 256 KiB); none for an endpoint without mutual authentication (SAML, directory).
 */
export interface ClientConfigRequest {
  profile: string;
  region: string;
  certificatePem?: string;
  privateKeyPem?: string;
  certificatePath?: string;
  keyPath?: string;
  /** Also write the .ovpn here (absolute, ending in .ovpn), mode 0600; an existing file is refused unless `replace`. */
  outputPath?: string;
  /** With `outputPath`: move an existing file aside (`<name>.<time>.bak`) instead of refusing. */
  replace?: boolean;
}

export type CertificateFindingLevel = 'ok' | 'warn' | 'fail';

export interface CertificateFinding {
  /** CERT_VALID, CERT_EXPIRES_SOON, CERT_EXPIRED, CERT_NOT_FROM_ENDPOINT_CA, CERT_REVOKED, CRL_OUTDATED, … */
  code: string;
  level: CertificateFindingLevel;
  message: string;
}

/**
 * The JSON form of the client-config answer (`Accept: application/json`). Without it the answer is the .ovpn
 * itself (`application/x-openvpn-profile`) with `X-Porthole-Certificate-Check: ok|warn|fail` and
 * `X-Porthole-Findings: <codes>` headers.
 */
export interface ClientConfigResponse {
  endpointId: string;
  fileName: string;
  /** The configuration; with a certificate it holds the private key, so keep it private. */
  ovpn: string;
  /** `auth-federate`: a SAML endpoint, which only the AWS VPN Client (1.2.0+) opens. */
  federated: boolean;
  /** `auth-user-pass`: the client asks for a directory user name and password. */
  userPass: boolean;
  certificate?: { subject: string; serialNumber: string; validTo: string };
  /** The certificate against the endpoint's CA and revocation list; absent without a certificate. */
  check?: { level: CertificateFindingLevel; findings: CertificateFinding[] };
  notices: string[];
  writtenTo?: string;
  backupPath?: string;
}
