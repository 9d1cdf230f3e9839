// `/api/tunnels`: saved tunnels, their state, health and statistics.
import type { TunnelDiagnosis } from '../diagnosis.js';
import type { ApiError } from './errors.js';

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
  /** The Session Manager preferences of its account and region, once read: the service's own limits. */
  sessionLimits?: SessionLimits;
  /** ISO time the service ends the current session (its maximum duration), when one is set. */
  sessionEndsAt?: string;
}

/** What the account's Session Manager preferences impose on every session (issue 14's `session-preferences`). */
export interface SessionLimits {
  /** Minutes without data before the service ends a session. */
  idleTimeoutMinutes: number;
  /** Minutes after which the service ends any session; absent when unset. */
  maxDurationMinutes?: number;
  /** `defaults` when the account has no preferences document. */
  source: 'document' | 'defaults';
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
