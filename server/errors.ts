import type { ApiError } from '../shared/api.js';
import type { ErrorCode } from '../shared/error-codes.js';

/**
 * A failure a user can meet: a stable SCREAMING_SNAKE code, a sentence that says what happened,
 * and a hint that says what to do. Domain rooms throw these; only the HTTP edge turns them into
 * `{ error: { code, message, hint } }` with `status`.
 */
export class PortholeError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly status: number;
  /** The request field at fault, for a 400. */
  readonly field: string | undefined;

  constructor(code: ErrorCode, message: string, options: { hint?: string; status?: number; cause?: unknown; field?: string } = {}) {
    super(message, { cause: options.cause });
    this.name = 'PortholeError';
    this.code = code;
    this.hint = options.hint;
    this.status = options.status ?? 500;
    this.field = options.field;
  }

  toApiError(): ApiError {
    const error: ApiError = { code: this.code, message: this.message };
    if (this.hint) error.hint = this.hint;
    if (this.field) error.field = this.field;
    return error;
  }
}

export function isPortholeError(error: unknown): error is PortholeError {
  return error instanceof PortholeError;
}

/** The ApiError for any thrown value; unknown errors never leak their internal message. */
export function toApiError(error: unknown, fallbackCode: ErrorCode = 'INTERNAL'): ApiError {
  if (isPortholeError(error)) return error.toApiError();
  return { code: fallbackCode, message: 'Something went wrong inside Porthole.', hint: 'See the daemon log for details.' };
}
