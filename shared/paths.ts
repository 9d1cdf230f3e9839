// Every way into a database (issue 15): the SSM tunnel, a direct path over a VPN, Direct Connect or the internet,
// and AWS Client VPN endpoints with their rules; the `.ovpn` export and the certificate kit for Client VPN
// administrators. GET /api/targets/:id/paths, /api/direct-paths, /api/vpn/…, /api/cert-kit…
// Fields may be added, never renamed or dropped.
import type { ApiError, ConnectionString, Health, TlsSummary } from './api.js';
import type { CheckStatus, DiagnosisCheck, DiagnosisFix, DiagnosisLink } from './diagnosis.js';

/** A read that failed: `missingPermission` names the IAM action when AWS refused it. */
export interface PathReadError {
  /** The IAM action of the call, e.g. "ec2:DescribeClientVpnRoutes". */
  call: string;
  error: ApiError;
  missingPermission?: string;
}

// ---------- direct paths ----------

/**
 * `direct`: reachable without a tunnel at a non-public address (Client VPN, a self-run OpenVPN gateway, Direct
 * Connect, the LAN); `public`: reachable at a public address; `blocked`: the name resolves, nothing answers;
 * `skipped`: the address and port are a Porthole tunnel's (never probed); `unresolved`: the name does not
 * resolve here; `unchecked`: not looked at yet.
 */
export type DirectStatus = 'direct' | 'public' | 'blocked' | 'skipped' | 'unresolved' | 'unchecked';

/** What kind of address the name resolved to. */
export type AddressScope = 'private' | 'shared' | 'unique-local' | 'loopback' | 'link-local' | 'public';

/** The OS's route to the address, when it says: a tun/utun/wg/ppp interface is a VPN's. */
export interface DirectRoute {
  interface?: string;
  gateway?: string;
  source?: string;
  vpnInterface: boolean;
}

/** The database check on the direct path: protocol and TLS verified against the real name (verify-full). */
export interface DirectHealth {
  ok: boolean;
  checkedAt: string;
  latencyMs: number;
  database?: Health['database'];
  tls?: TlsSummary;
  error?: ApiError;
}

export interface DirectPathResult {
  targetId: string;
  /** The real endpoint name and port (what clients connect to). */
  host: string;
  port: number;
  status: DirectStatus;
  /** Reachable, and the database check passed (or the engine has none): "Connect directly" is offered. */
  usable: boolean;
  /** The address tried (the first that answered, else the first that did not). */
  address?: string;
  scope?: AddressScope;
  route?: DirectRoute;
  /** `blocked`: silence (dropped by a security group or a missing VPN rule), a reset, or no local route. */
  reason?: 'timeout' | 'refused' | 'unreachable';
  /** `blocked`: the network that should carry the address (a Client VPN endpoint's route, a VPN interface). */
  via?: string;
  /** `unresolved`: the resolver's code (ENOTFOUND, EAI_AGAIN…). */
  code?: string;
  health?: DirectHealth;
  /** One or two sentences for the user. */
  message: string;
  /** Absent while `unchecked`. */
  checkedAt?: string;
}

/** `GET /api/direct-paths?profile=&region=`: the latest result per target (checked on demand and on network changes). */
export interface DirectPathsResponse {
  /** Bumped whenever a result changes: poll and compare to know when to re-read. */
  generation: number;
  /** When the network addresses of this machine last changed (a VPN came up or went down), if seen. */
  networkChangedAt?: string;
  paths: DirectPathResult[];
}

/** `POST /api/direct-paths/check`: targets to check now (default: every target of the named slices). */
export interface DirectCheckRequest {
  profile?: string;
  region?: string;
  targetIds?: string[];
}

/** `GET /api/targets/:id/direct-connection`: connection strings with the real host name (no tunnel, no session). */
export interface DirectConnectionInfo {
  targetId: string;
  engine: string;
  host: string;
  port: number;
  user: string;
  database: string;
  caBundlePath: string;
  iamAuth: boolean;
  path: DirectPathResult;
  strings: ConnectionString[];
}

// ---------- AWS Client VPN ----------

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

// ---------- the paths of one target ----------

export type PathKind = 'ssm' | 'direct' | 'client-vpn';

export const VPN_CHECK_IDS = [
  'vpn-endpoint',
  'vpn-network',
  'vpn-route',
  'vpn-authorization',
  'vpn-security-group',
  'vpn-authentication',
] as const;

export type VpnCheckId = (typeof VPN_CHECK_IDS)[number];

/** One link of a Client VPN path, in the diagnosis's style. */
export interface PathCheck {
  id: VpnCheckId;
  title: string;
  status: CheckStatus;
  summary: string;
  read: string[];
  why: string;
  fix?: DiagnosisFix;
  missingPermission?: string;
}

/** Who the endpoint's authorization rules let reach the database's addresses (longest prefix wins). */
export interface VpnAuthorization {
  /** A matching rule admits every user. */
  everyone: boolean;
  /** Groups (SAML assertion or directory) on the deciding rules. */
  groups: string[];
  /** The deciding rules' destination, e.g. 10.0.8.0/24. */
  destinationCidr?: string;
  /** Groups whose broader rule covers the address but loses to a more specific rule for other groups. */
  shadowed: { groupId: string; destinationCidr: string }[];
}

export interface ClientVpnPath {
  endpointId: string;
  endpointName?: string;
  /** The worst check: `fail` when any link is broken. */
  status: CheckStatus;
  summary: string;
  authentication: ClientVpnAuthentication[];
  authorization?: VpnAuthorization;
  /** The longest active Client VPN route that covers the database. */
  routeCidr?: string;
  checks: PathCheck[];
  firstBroken?: { check: VpnCheckId; title: string; summary: string };
}

export interface SsmPath {
  status: CheckStatus;
  summary: string;
  jumpHostId?: string;
  eligibleHostIds: string[];
  /** The diagnosis this summary comes from (GET /api/targets/:id/diagnosis has every check). */
  diagnosisCheckedAt?: string;
  firstBroken?: DiagnosisLink;
  checks: Pick<DiagnosisCheck, 'id' | 'title' | 'status' | 'summary'>[];
  error?: ApiError;
}

export interface PathRecommendation {
  kind: PathKind | 'none';
  /** For `client-vpn`: the endpoint to connect. */
  endpointId?: string;
  message: string;
}

/** `GET /api/targets/:id/paths` */
export interface TargetPaths {
  targetId: string;
  profile: string;
  region: string;
  host: string;
  port: number;
  engine: string;
  checkedAt: string;
  recommendation: PathRecommendation;
  direct: DirectPathResult;
  ssm: SsmPath;
  vpn: ClientVpnPath[];
  /** The database's private addresses the Client VPN checks used, and where they came from. */
  databaseAddresses: { cidrs: string[]; source: 'interfaces' | 'dns' | 'subnets' | 'none' };
  /** Reads that failed: listing the endpoints, the database's network. */
  errors: PathReadError[];
}

// ---------- the certificate kit ----------

export interface AwsCliCommandText {
  argv: string[];
  /** One line for a POSIX shell. */
  text: string;
  purpose: string;
}

export interface KitCertificateInfo {
  kind: 'server' | 'client';
  name: string;
  serial: string;
  issuedAt: string;
  notAfter: string;
  certPath: string;
  keyPath: string;
  revokedAt?: string;
  reason?: string;
}

/** `GET /api/cert-kit?folder=` and every kit change: the kit as it is now, with what to run in AWS. */
export interface CertKitState {
  folder: string;
  ca: { commonName: string; serial: string; notAfter: string; certPath: string };
  certificates: KitCertificateInfo[];
  crl?: { number: number; path: string; thisUpdate: string; nextUpdate: string };
  /** `aws acm import-certificate` per server certificate (client certificates share the server's CA). */
  acmImports: { name: string; command: AwsCliCommandText }[];
  /** `aws ec2 import-client-vpn-client-certificate-revocation-list`, when there is a CRL (endpoint id as asked, else a placeholder). */
  crlUpload?: AwsCliCommandText;
}

/** `POST /api/cert-kit` */
export interface CreateKitRequest {
  folder: string;
  caName?: string;
  caDays?: number;
  crlDays?: number;
}

/** `POST /api/cert-kit/server` and `/client` */
export interface IssueCertificateRequest {
  folder: string;
  name: string;
  validDays?: number;
}

/** `POST /api/cert-kit/revoke` */
export interface RevokeCertificateRequest {
  folder: string;
  name: string;
  reason?: string;
}

/** Answers of the kit's changes: the kit, and what was just written. */
export interface CertKitChange {
  kit: CertKitState;
  issued?: KitCertificateInfo;
  crl?: { number: number; path: string; nextUpdate: string; revokedSerials: string[] };
}
