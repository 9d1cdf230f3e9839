import type { Health, TlsSummary } from '../../../shared/api.js';

/** Where a probe connects (the relay on loopback) and what it must verify. */
export interface ProbeTarget {
  host: string;
  port: number;
  /** The RDS endpoint: the name the certificate must carry (verify-full semantics). */
  serverName: string;
  /** Trusted CA certificates, PEM. */
  ca: string[];
  /** Budget for the whole probe. */
  timeoutMs: number;
}

export interface ProbeSuccess {
  database: NonNullable<Health['database']>;
  tls?: TlsSummary;
  /** One line for the database layer, e.g. the banner a plain TCP server sent. */
  detail?: string;
}

/**
 * The contract every protocol probe follows: succeed by returning, fail by throwing a ProbeError.
 * A probe never leaves a socket open, whatever happens.
 */
export type Probe = (target: ProbeTarget) => Promise<ProbeSuccess>;

/** A shared deadline for the steps of one probe. */
export class Deadline {
  private readonly end: number;
  constructor(readonly totalMs: number) {
    this.end = Date.now() + totalMs;
  }
  /** Milliseconds left, at least 1 so a timer still fires. */
  left(): number {
    return Math.max(1, this.end - Date.now());
  }
}
