// The sandbox's IAM Identity Center in memory: registered OIDC clients, device codes, authorization codes,
// sign-in sessions with their access and refresh tokens, and the role credentials the portal mints (which
// STS and the other services then accept until they expire). Everything expires on the sandbox clock.
import type { SandboxClock } from './clock.js';
import { pick, pkceChallenge, redirectMatches, SSO_SCOPE, token, UPPER } from './sso-oauth.js';
import { lifetime, type SsoScenario } from './sso-scenario.js';
import { AwsError } from './wire.js';

export interface OidcClient {
  clientId: string;
  clientSecret: string;
  clientName: string;
  scopes: string[];
  /** Absent for a device-flow registration (the CLI sends none): device code and refresh token then. */
  grantTypes?: string[];
  redirectUris: string[];
  issuerUrl?: string;
  /** Seconds since the epoch, as RegisterClient answers. */
  issuedAt: number;
  secretExpiresAt: number;
}

interface DeviceAuth {
  deviceCode: string;
  userCode: string;
  clientId: string;
  startUrl: string;
  expiresAt: number;
  lastPollAt?: number;
  state: 'pending' | 'approved' | 'denied' | 'used';
}

/** A validated /authorize request (the browser step of the authorization-code flow). */
export interface AuthRequest {
  clientId: string;
  clientName: string;
  redirectUri: string;
  state: string;
  codeChallenge: string;
  scopes: string[];
}

interface AuthCode extends AuthRequest {
  expiresAt: number;
  used: boolean;
}

interface Session {
  clientId: string;
  refreshable: boolean;
  endsAt: number;
  revoked: boolean;
}

export interface RoleCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  accountId: string;
  roleName: string;
  userName: string;
  expiresAt: number; // ms, sandbox clock
}

export interface TokenGrant {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  refreshToken?: string;
}

export class SsoState {
  private readonly clients = new Map<string, OidcClient>();
  private readonly devices = new Map<string, DeviceAuth>();
  private readonly codes = new Map<string, AuthCode>();
  private readonly sessions = new Map<string, Session>();
  private readonly accessTokens = new Map<string, { sessionId: string; expiresAt: number }>();
  private readonly refreshTokens = new Map<string, { sessionId: string; used: boolean }>();
  private readonly credentials = new Map<string, RoleCredentials>();

  constructor(
    readonly clock: SandboxClock,
    private readonly config: () => SsoScenario | undefined,
  ) {}

  sso(): SsoScenario {
    const s = this.config();
    if (!s) throw new AwsError('InvalidRequestException', 'IAM Identity Center is not enabled in this sandbox scenario', 400);
    return s;
  }

  registerClient(c: Omit<OidcClient, 'clientId' | 'clientSecret' | 'issuedAt' | 'secretExpiresAt'>): OidcClient {
    const issuedAt = Math.floor(this.clock.now() / 1000);
    const client = {
      ...c,
      clientId: token(16),
      clientSecret: token(96),
      issuedAt,
      secretExpiresAt: issuedAt + lifetime(this.sso(), 'client'),
    };
    this.clients.set(client.clientId, client);
    return client;
  }

  /** The client, or InvalidClientException for an unknown id, a wrong secret or an expired registration. */
  client(clientId: unknown, clientSecret: unknown): OidcClient {
    const c = typeof clientId === 'string' ? this.clients.get(clientId) : undefined;
    if (!c || (clientSecret !== undefined && c.clientSecret !== clientSecret)) {
      throw new AwsError('InvalidClientException', 'Invalid client provided', 401);
    }
    if (c.secretExpiresAt * 1000 <= this.clock.now()) throw new AwsError('InvalidClientException', 'Client registration has expired', 401);
    return c;
  }

  startDevice(client: OidcClient, startUrl: string): DeviceAuth & { interval: number; expiresIn: number } {
    const sso = this.sso();
    const expiresIn = lifetime(sso, 'deviceCode');
    const d: DeviceAuth = {
      deviceCode: token(64),
      userCode: `${pick(UPPER, 4)}-${pick(UPPER, 4)}`,
      clientId: client.clientId,
      startUrl,
      expiresAt: this.clock.now() + expiresIn * 1000,
      state: sso.autoApprove ? 'approved' : 'pending',
    };
    this.devices.set(d.deviceCode, d);
    return { ...d, interval: sso.pollIntervalSeconds ?? 1, expiresIn };
  }

  /** The verification page's "Allow"/"Deny": false when no live, pending device code has this user code. */
  decideDevice(userCode: string, allow: boolean): boolean {
    const d = [...this.devices.values()].find((x) => x.userCode === userCode.trim().toUpperCase());
    if (!d || d.state !== 'pending' || d.expiresAt <= this.clock.now()) return false;
    d.state = allow ? 'approved' : 'denied';
    return true;
  }

  /** A live (unexpired) device code by its user code, for the verification page. */
  device(userCode: string): { userCode: string; startUrl: string; state: DeviceAuth['state'] } | undefined {
    const d = [...this.devices.values()].find((x) => x.userCode === userCode.trim().toUpperCase());
    return d && d.expiresAt > this.clock.now() ? { userCode: d.userCode, startUrl: d.startUrl, state: d.state } : undefined;
  }

  /** CreateToken with the device-code grant. */
  pollDevice(client: OidcClient, deviceCode: unknown): TokenGrant {
    const d = typeof deviceCode === 'string' ? this.devices.get(deviceCode) : undefined;
    if (!d || d.clientId !== client.clientId || d.state === 'used') throw new AwsError('InvalidGrantException', 'Invalid grant provided');
    const now = this.clock.now();
    if (d.expiresAt <= now) throw new AwsError('ExpiredTokenException', 'Device code has expired');
    if (d.state === 'denied') throw new AwsError('AccessDeniedException', 'Access denied by the user');
    if (d.state === 'pending') {
      const tooSoon = d.lastPollAt !== undefined && now - d.lastPollAt < (this.sso().pollIntervalSeconds ?? 1) * 1000;
      d.lastPollAt = now;
      if (tooSoon) throw new AwsError('SlowDownException', 'Client is polling too quickly');
      throw new AwsError('AuthorizationPendingException', 'Authorization is still pending');
    }
    d.state = 'used';
    return this.openSession(client);
  }

  /** Validates an /authorize request; throws InvalidRequestException-style errors the page shows. */
  authorizeRequest(q: URLSearchParams): AuthRequest {
    const fail = (why: string): never => {
      throw new AwsError('InvalidRequestException', why);
    };
    const c = this.clients.get(q.get('client_id') ?? '');
    if (!c) return fail('Unknown client_id');
    if (!c.grantTypes?.includes('authorization_code')) return fail('The client is not registered for the authorization_code grant');
    const redirectUri = q.get('redirect_uri') ?? '';
    if (!c.redirectUris.some((r) => redirectMatches(r, redirectUri))) return fail('redirect_uri does not match the registration');
    if (q.get('response_type') !== 'code') return fail('response_type must be code');
    if (q.get('code_challenge_method') !== 'S256') return fail('code_challenge_method must be S256');
    const codeChallenge = (q.get('code_challenge') ?? '').replace(/=+$/, '');
    if (!/^[A-Za-z0-9_-]{43}$/.test(codeChallenge)) return fail('code_challenge must be a base64url SHA-256 digest');
    const scopes = (q.get('scopes') ?? q.get('scope') ?? '').split(/[\s,]+/).filter(Boolean);
    return { clientId: c.clientId, clientName: c.clientName, redirectUri, state: q.get('state') ?? '', codeChallenge, scopes };
  }

  /** The "Allow" of /authorize: a one-time code for CreateToken. */
  issueCode(r: AuthRequest): string {
    const code = token(32);
    this.codes.set(code, { ...r, expiresAt: this.clock.now() + lifetime(this.sso(), 'authCode') * 1000, used: false });
    return code;
  }

  /** CreateToken with the authorization-code grant: the code, the same redirect URI, the PKCE verifier. */
  redeemCode(client: OidcClient, code: unknown, redirectUri: unknown, verifier: unknown): TokenGrant {
    const c = typeof code === 'string' ? this.codes.get(code) : undefined;
    const invalid = (why: string): never => {
      throw new AwsError('InvalidGrantException', why);
    };
    if (!c || c.clientId !== client.clientId || c.used) return invalid('Invalid authorization code provided');
    if (c.expiresAt <= this.clock.now()) throw new AwsError('ExpiredTokenException', 'Authorization code has expired');
    if (redirectUri !== c.redirectUri) return invalid('redirectUri does not match the authorization request');
    if (typeof verifier !== 'string' || !/^[A-Za-z0-9._~-]{43,128}$/.test(verifier) || pkceChallenge(verifier) !== c.codeChallenge) {
      return invalid('Code verifier does not match the code challenge');
    }
    c.used = true;
    return this.openSession(client);
  }

  /** CreateToken with the refresh-token grant. */
  refresh(client: OidcClient, refreshToken: unknown): TokenGrant {
    const r = typeof refreshToken === 'string' ? this.refreshTokens.get(refreshToken) : undefined;
    const s = r ? this.sessions.get(r.sessionId) : undefined;
    if (!r || !s || r.used || s.revoked || s.clientId !== client.clientId)
      throw new AwsError('InvalidGrantException', 'Invalid refresh token provided');
    if (s.endsAt <= this.clock.now()) throw new AwsError('ExpiredTokenException', 'Refresh token has expired');
    if (this.sso().rotateRefreshTokens) r.used = true;
    return this.grant(r.sessionId, s);
  }

  private openSession(client: OidcClient): TokenGrant {
    const sessionId = token(12);
    const s: Session = {
      clientId: client.clientId,
      refreshable: client.scopes.includes(SSO_SCOPE),
      endsAt: this.clock.now() + lifetime(this.sso(), 'session') * 1000,
      revoked: false,
    };
    this.sessions.set(sessionId, s);
    return this.grant(sessionId, s);
  }

  /** A refreshable session gets short access tokens and a refresh token; a legacy one, one token for the session. */
  private grant(sessionId: string, s: Session): TokenGrant {
    const now = this.clock.now();
    const left = Math.max(1, Math.floor((s.endsAt - now) / 1000));
    const expiresIn = s.refreshable ? Math.min(lifetime(this.sso(), 'accessToken'), left) : left;
    const accessToken = `aoa${token(96)}`;
    this.accessTokens.set(accessToken, { sessionId, expiresAt: now + expiresIn * 1000 });
    if (!s.refreshable) return { accessToken, tokenType: 'Bearer', expiresIn };
    const refreshToken = `aor${token(96)}`;
    this.refreshTokens.set(refreshToken, { sessionId, used: false });
    return { accessToken, tokenType: 'Bearer', expiresIn, refreshToken };
  }

  /** The portal's bearer check: UnauthorizedException for an unknown, expired or logged-out token. */
  checkAccessToken(accessToken: string | undefined): void {
    const t = accessToken ? this.accessTokens.get(accessToken) : undefined;
    const s = t ? this.sessions.get(t.sessionId) : undefined;
    if (!t || !s || s.revoked || t.expiresAt <= this.clock.now()) {
      throw new AwsError('UnauthorizedException', 'Session token not found or invalid', 401);
    }
  }

  /** Logout: the token's session ends (its access and refresh tokens stop working). */
  logout(accessToken: string | undefined): void {
    const t = accessToken ? this.accessTokens.get(accessToken) : undefined;
    const s = t ? this.sessions.get(t.sessionId) : undefined;
    if (s) s.revoked = true;
  }

  /** Ends every sign-in session (an administrator revoking them): the next portal call is Unauthorized. */
  revokeAll(): number {
    const live = [...this.sessions.values()].filter((s) => !s.revoked);
    for (const s of live) s.revoked = true;
    return live.length;
  }

  mintCredentials(accountId: string, roleName: string): RoleCredentials {
    const creds: RoleCredentials = {
      accessKeyId: `ASIA${pick('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}`,
      secretAccessKey: token(30),
      sessionToken: `IQoJb3JpZ2luX2Vj${token(180)}`,
      accountId,
      roleName,
      userName: this.sso().userName,
      expiresAt: this.clock.now() + lifetime(this.sso(), 'roleCredentials') * 1000,
    };
    this.credentials.set(creds.accessKeyId, creds);
    return creds;
  }

  /** Credentials GetRoleCredentials minted (expired ones too: the caller decides what expiry means). */
  credentialsFor(accessKeyId: string): RoleCredentials | undefined {
    return this.credentials.get(accessKeyId);
  }
}

/** IAM Identity Center controls for tests (the sandbox's `sso`; the scenario's `sso` section configures it). */
export interface SsoControls {
  /** The device verification page's Allow (or Deny): false when the user code is unknown, used or expired. */
  approveDevice(userCode: string, allow?: boolean): boolean;
  /** The /authorize page's Allow (or Deny) for an authorize URL: the redirect Location (code and state). */
  authorize(authorizeUrl: string, allow?: boolean): string;
  /** Ends every sign-in session: access and refresh tokens stop working. Returns how many ended. */
  revokeSessions(): number;
  /** Role credentials GetRoleCredentials minted, by access key id. */
  credentials(accessKeyId: string): RoleCredentials | undefined;
}
