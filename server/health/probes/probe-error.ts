import type { ApiError, Health, TlsSummary } from '../../../shared/api.js';
import type { Codes } from '../../../shared/error-codes.js';

/** Stable codes a probe can fail with; each has a default hint that says what to do. */
export type ProbeErrorCode = Codes<
  | 'RELAY_DOWN'
  | 'DESTINATION_UNREACHABLE'
  | 'SESSION_DEAD'
  | 'PROBE_TIMEOUT'
  | 'TLS_NAME_MISMATCH'
  | 'TLS_UNKNOWN_CA'
  | 'TLS_EXPIRED'
  | 'TLS_FAILED'
  | 'PROTOCOL_MISMATCH'
  | 'DATABASE_REFUSED'
>;

export const PROBE_HINTS: Record<ProbeErrorCode, string> = {
  RELAY_DOWN: 'Nothing listens on the local port: start the tunnel again.',
  DESTINATION_UNREACHABLE:
    'The jump host cannot reach the database: check its security group and routing (the database must allow the jump host on its port).',
  SESSION_DEAD: 'The session behind the port is dead; reconnecting.',
  PROBE_TIMEOUT: 'The database did not finish the handshake in time: it may be overloaded, or the session is stalling.',
  TLS_NAME_MISMATCH: 'The certificate does not name the RDS endpoint: check that the tunnel points at the right host.',
  TLS_UNKNOWN_CA: "The server's CA is not in the trusted bundle: refresh the RDS CA bundle or add your CA.",
  TLS_EXPIRED: "The server's certificate has expired (or is not yet valid): rotate it in RDS (modify the instance's CA).",
  TLS_FAILED: 'The TLS handshake failed: see the detail.',
  PROTOCOL_MISMATCH: 'Something answers on the port, but not the database protocol expected: check the target port and engine.',
  DATABASE_REFUSED: 'The database answered but refused the connection: see its message.',
};

/** A probe failure: thrown by probes, turned into `Health.error` by probe.ts. */
export class ProbeError extends Error {
  readonly code: ProbeErrorCode;
  readonly hint: string;
  /** What was learned before the failure (e.g. the certificate that failed verification). */
  readonly tls: TlsSummary | undefined;
  readonly database: Health['database'];

  constructor(
    code: ProbeErrorCode,
    message: string,
    options: { hint?: string; tls?: TlsSummary; database?: Health['database']; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'ProbeError';
    this.code = code;
    this.hint = options.hint ?? PROBE_HINTS[code];
    this.tls = options.tls;
    this.database = options.database;
  }

  toApiError(): ApiError {
    return { code: this.code, message: this.message, hint: this.hint };
  }
}

// OpenSSL verification codes as Node reports them in `authorizationError`/`err.code`.
const UNKNOWN_CA_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
]);
const EXPIRED_CODES = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);

/** Maps a certificate verification failure to a probe error that keeps the certificate summary. */
export function tlsVerifyError(code: string, detail: string, tls: TlsSummary, expectedName: string): ProbeError {
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    const names = tls.subject ? `names ${tls.subject}` : 'does not name the endpoint';
    return new ProbeError('TLS_NAME_MISMATCH', `The certificate ${names}, expected ${expectedName}.`, {
      hint: `The certificate ${names}, not the RDS endpoint ${expectedName}: check that the tunnel points at the right host.`,
      tls,
    });
  }
  if (UNKNOWN_CA_CODES.has(code)) {
    const issuer = tls.issuer ? ` (issued by ${tls.issuer})` : '';
    return new ProbeError('TLS_UNKNOWN_CA', `The server certificate${issuer} does not chain to a trusted CA: ${code}.`, { tls });
  }
  if (EXPIRED_CODES.has(code)) {
    return new ProbeError('TLS_EXPIRED', `The server certificate is outside its validity period (valid to ${tls.validTo ?? '?'}).`, {
      tls,
    });
  }
  return new ProbeError('TLS_FAILED', `TLS verification failed: ${code}: ${detail}`, { tls });
}
