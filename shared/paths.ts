// Every way into a database (issue 15): the SSM tunnel, a direct path over a VPN, Direct Connect or the internet,
// and AWS Client VPN endpoints with their rules; the `.ovpn` export and the certificate kit for Client VPN
// administrators. GET /api/targets/:id/paths, /api/direct-paths, /api/vpn/…, /api/cert-kit…
// Fields may be added, never renamed or dropped.
import type { ConnectionString } from './api/connection.js';
import type { ApiError, PathReadError } from './api/errors.js';
import type { Health, TlsSummary } from './api/tunnels.js';
import type { ClientVpnAuthentication } from './client-vpn.js';
import type { CheckStatus, DiagnosisCheck, DiagnosisLink } from './diagnosis.js';

export * from './client-vpn.js';
export * from './cert-kit.js';
export type { PathReadError } from './api/errors.js';

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

/** One link of a Client VPN path: a diagnosis check with a Client VPN check's id. */
export interface PathCheck extends Omit<DiagnosisCheck, 'id'> {
  id: VpnCheckId;
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
