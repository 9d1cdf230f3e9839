import type { ApiError } from '../../shared/api.js';

// RFC 9112 §3.2: a request target is origin-form ("/path?query"), absolute-form ("http://host/path", meant for
// proxies), authority-form (CONNECT) or asterisk-form ("*", OPTIONS). Porthole is no proxy: only origin-form
// is routed, plus absolute-form that names Porthole itself, so a client cannot reach a route through a
// spelling the guard never looked at.

const ABSOLUTE_FORM = /^[a-z][a-z0-9+.-]*:\/\//i;

/** Why this request line or Host header is refused (400), or undefined when it is fine. */
export function requestTargetProblem(rawUrl: string, rawHeaders: readonly string[], allowedHosts: readonly string[]): ApiError | undefined {
  let hostHeaders = 0;
  for (let i = 0; i < rawHeaders.length; i += 2) if (rawHeaders[i]?.toLowerCase() === 'host') hostHeaders += 1;
  if (hostHeaders > 1) return { code: 'DUPLICATE_HOST', message: 'The request has more than one Host header.' };

  if (rawUrl.startsWith('/')) return undefined;
  if (ABSOLUTE_FORM.test(rawUrl)) {
    let authority: string;
    try {
      const url = new URL(rawUrl);
      if (url.protocol !== 'http:' || url.username || url.password) return badTarget();
      authority = url.host.toLowerCase();
    } catch {
      return badTarget();
    }
    return allowedHosts.includes(authority) ? undefined : badTarget();
  }
  return badTarget();
}

function badTarget(): ApiError {
  return {
    code: 'BAD_REQUEST_TARGET',
    message: 'Porthole answers only requests for its own paths (a request target starting with "/").',
  };
}
