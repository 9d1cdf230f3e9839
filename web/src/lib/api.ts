import type { ApiError, ApiErrorBody } from '../../../shared/api';

/** A failed API call, carrying the daemon's `{ code, message, hint }` and the HTTP status. */
export class ApiRequestError extends Error implements ApiError {
  readonly code: string;
  readonly hint?: string;
  /** For a 400: the request field at fault (a form marks that field). */
  readonly field?: string;
  readonly status: number;

  constructor(status: number, error: ApiError) {
    super(error.message);
    this.name = 'ApiRequestError';
    this.code = error.code;
    this.status = status;
    if (error.hint) this.hint = error.hint;
    if (error.field) this.field = error.field;
  }
}

/**
 * This browser is not signed in to the daemon: the guard's 401 UNAUTHORIZED. (AWS credential failures such as
 * SSO_LOGIN_REQUIRED answer 403 and show as errors; the code is checked too, so an older daemon's 401 for them
 * never shows the sign-in page.)
 */
export function isUnauthorized(err: unknown): boolean {
  return err instanceof ApiRequestError && err.status === 401 && err.code === 'UNAUTHORIZED';
}

function isErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const e = (value as { error: unknown }).error;
  return typeof e === 'object' && e !== null && typeof (e as ApiError).message === 'string';
}

async function readBody(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Fetches a same-origin API path; the browser sends the HttpOnly session cookie by itself. */
export async function api<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method, credentials: 'same-origin', headers: { accept: 'application/json' } };
  // The daemon rejects state-changing requests that are not JSON, so every POST carries a JSON body.
  if (method !== 'GET') {
    init.headers = { ...init.headers, 'content-type': 'application/json' };
    init.body = JSON.stringify(body ?? {});
  }
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch {
    throw new ApiRequestError(0, {
      code: 'DAEMON_UNREACHABLE',
      message: 'Porthole is not answering.',
      hint: 'The banner at the top of the page says how to start it again.',
    });
  }
  const data = await readBody(res);
  if (!res.ok) {
    if (isErrorBody(data)) throw new ApiRequestError(res.status, data.error);
    throw new ApiRequestError(res.status, { code: `HTTP_${res.status}`, message: `${method} ${path} failed (${res.status})` });
  }
  return data as T;
}

export const apiGet = <T>(path: string) => api<T>('GET', path);
export const apiPost = <T>(path: string, body?: unknown) => api<T>('POST', path, body);
export const apiPut = <T>(path: string, body?: unknown) => api<T>('PUT', path, body);
export const apiPatch = <T>(path: string, body?: unknown) => api<T>('PATCH', path, body);
export const apiDelete = <T>(path: string) => api<T>('DELETE', path);

/** Encodes one path segment (profile names may hold spaces or slashes). */
export const seg = (value: string) => encodeURIComponent(value);
