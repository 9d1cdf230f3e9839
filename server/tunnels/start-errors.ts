import type { ApiError, TunnelSpec } from '../../shared/api.js';
import { isPortholeError } from '../errors.js';

// How a failed session start is judged: retry (network, plugin hiccups, a jump host still booting) or give up
// at once with the error's hint (codes from server/aws/errors.ts, the plugin driver and the relay).

/** Errors no retry can fix: they go straight to `failed` with their hint. */
export const FATAL_CODES: ReadonlySet<string> = new Set([
  'ACCESS_DENIED',
  'DOCUMENT_NOT_ALLOWED',
  'TARGET_NOT_FOUND',
  'INVALID_TARGET',
  'SSO_LOGIN_REQUIRED',
  'SSO_EXPIRED',
  'CREDENTIALS_EXPIRED',
  'NO_CREDENTIALS',
  'INVALID_CREDENTIALS',
  'PROFILE_NOT_FOUND',
  'PLUGIN_NOT_FOUND',
  'PLUGIN_BROKEN',
  'PORT_IN_USE',
  'PORT_NOT_ALLOWED',
]);

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
