import type { SliceKey } from './convert.js';
import type { DiscoveredSlice } from './read-slice.js';

// The messages between the daemon's main thread and the discovery worker (discovery-thread.ts, discovery-worker.ts).
// Credentials cross in memory only, on request, and are never logged; nothing else secret crosses.

/** An error as it crosses threads: enough for mapAwsError to give it the same code on the other side. */
export interface WireError {
  name: string;
  message: string;
  code?: string;
}

export interface WireCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  /** Epoch ms. */
  expiration?: number;
  accountId?: string;
}

export type ToWorker =
  /** Read one slice; `configFile` is Porthole's own AWS config file for the profile, when it has one. */
  | { type: 'fetch'; id: number; key: SliceKey; configFile?: string }
  | { type: 'credentials'; id: number; credentials?: WireCredentials; error?: WireError };

export type FromWorker =
  | { type: 'progress'; id: number; call: string }
  | { type: 'done'; id: number; slice: DiscoveredSlice }
  | { type: 'failed'; id: number; error: WireError }
  /** The worker needs the profile's credentials (answered with a `credentials` message of the same id). */
  | { type: 'credentials'; id: number; profile: string }
  /** AWS rejected the credentials the main thread gave: it drops them and resolves them again next time. */
  | { type: 'auth-failure'; profile: string };

export function toWireError(error: unknown): WireError {
  const record = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
  const name = typeof record.name === 'string' ? record.name : 'Error';
  const message = typeof record.message === 'string' ? record.message : String(error);
  const code = [record.Code, record.code].find((value): value is string => typeof value === 'string');
  return { name, message, ...(code ? { code } : {}) };
}

export function fromWireError(wire: WireError): Error {
  const error = new Error(wire.message);
  error.name = wire.name;
  if (wire.code) Object.assign(error, { code: wire.code });
  return error;
}
