// Percent-encoding shared by the URI and URL builders.

/**
 * RFC 3986 component encoding: everything but unreserved characters. Stricter than
 * encodeURIComponent (which leaves `!'()*` alone), and never `+` for a space: Java's URLDecoder and
 * URLSearchParams would read `+` as a space.
 */
export function encodeComponent(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** A file path as a query value: like encodeComponent, but `/` and `:` stay readable (both are legal in a query). */
export function encodeQueryPath(value: string): string {
  return encodeComponent(value).replace(/%2F/g, '/').replace(/%3A/g, ':');
}

/** A host for a URI authority: IPv6 literals need brackets. */
export function uriHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}
