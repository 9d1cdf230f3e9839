import type { FastifyRequest } from 'fastify';

/**
 * Paths pino removes from every log line. The plugin's StartSession response carries a token and a
 * stream URL; requests carry the daemon token in a header, a cookie or the login query; a sign-in carries
 * tokens and secrets (the sign-in code never logs them: this is the second line of defence).
 */
export const logRedactPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
  '*.TokenValue',
  '*.tokenValue',
  '*.StreamUrl',
  '*.streamUrl',
  '*.token',
  '*.password',
  '*.Password',
  '*.SecretString',
  '*.secretAccessKey',
  '*.sessionToken',
  '*.env',
  '*.argv',
  // IAM Identity Center sign-in (issue 13): tokens, the client secret, the PKCE verifier and the device code.
  '*.accessToken',
  '*.refreshToken',
  '*.clientSecret',
  '*.codeVerifier',
  '*.verifier',
  '*.deviceCode',
];

/** Logs a request without its query string (the login link carries a code there). */
export function requestSerializer(request: FastifyRequest): { method: string; url: string } {
  return { method: request.method, url: request.url.split('?')[0] ?? '' };
}
