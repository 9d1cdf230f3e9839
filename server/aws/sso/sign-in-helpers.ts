import { timingSafeEqual } from 'node:crypto';
import type { ApiError, SignInFlow } from '../../../shared/api.js';
import { PortholeError, isPortholeError } from '../../errors.js';

// Small pieces of the sign-in service: comparing the callback's state, and the errors a sign-in ends with.

/** Compares a secret in constant time (the `state` the browser brings back). */
export function sameSecret(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function expiredCode(): PortholeError {
  return new PortholeError('SIGN_IN_EXPIRED', 'The sign-in took too long and expired.', { hint: 'Start the sign-in again.', status: 410 });
}

export function signInApiError(error: unknown): ApiError {
  if (isPortholeError(error)) return error.toApiError();
  return { code: 'SIGN_IN_FAILED', message: 'The sign-in failed.', hint: 'Start it again; the daemon log says more.' };
}

export function flowName(flow: SignInFlow): string {
  return flow === 'auth-code' ? 'browser' : 'device code';
}
