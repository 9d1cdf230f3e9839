import type { ApiError, TunnelSpec } from '../../shared/api.js';
import { isPortholeError } from '../errors.js';

// A failed session start as the API shows it. Whether it is retried is its code's (shared/error-codes.ts).

export function asApiError(error: unknown): ApiError {
  if (isPortholeError(error)) return error.toApiError();
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'SESSION_START_FAILED', message: `The session could not be started: ${message}` };
}

/** Logged for each "Connection to destination port failed" line: where to look. */
export function destinationFailureNote(spec: TunnelSpec): string {
  const { target, jumpHostId } = spec;
  return `the jump host could not reach ${target.host}:${target.port}: check the database's security group and the routing from ${jumpHostId}`;
}
