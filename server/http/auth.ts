import type { FastifyRequest } from 'fastify';
import { ApiToken } from '../config/token.js';
import { BrowserSessions } from './browser-sessions.js';
import { LoginLinks } from './login-links.js';

/** How a request proved who it is: a script with the API token, or a signed-in browser. */
export type Caller = 'token' | 'session';

/** Cookies are shared by every port of a host, so the cookie's name carries the daemon's port. */
export function sessionCookieName(port: number): string {
  return `porthole_session_${port}`;
}

/** Everything that signs a request in: the API token, browser sessions and one-time login links. */
export class Auth {
  constructor(
    readonly token: ApiToken,
    readonly sessions: BrowserSessions,
    readonly links: LoginLinks = new LoginLinks(),
  ) {}

  /** For route tests: a fixed token, sessions in memory. */
  static inMemory(token: string): Auth {
    return new Auth(ApiToken.inMemory(token), BrowserSessions.inMemory());
  }

  /**
   * `Authorization: Bearer` decides alone when present (a wrong token is not rescued by a cookie);
   * otherwise the session cookie for this port.
   */
  identify(request: FastifyRequest, port: number): Caller | undefined {
    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      const match = /^Bearer +(\S+) *$/.exec(authorization);
      return match && this.token.matches(match[1]) ? 'token' : undefined;
    }
    return this.sessions.isValid(request.cookies[sessionCookieName(port)]) ? 'session' : undefined;
  }

  /** A new API token; every browser session and every unused login link ends. */
  async rotate(): Promise<{ sessionsEnded: number }> {
    await this.token.rotate();
    this.links.clear();
    return { sessionsEnded: await this.sessions.endAll() };
  }
}
