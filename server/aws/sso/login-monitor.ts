import type { ProfileEvent, ProfileKind, ProfileLogin, SignInFlow } from '../../../shared/api.js';
import type { EventBus } from '../../events/bus.js';
import { isPortholeError } from '../../errors.js';
import type { SsoClock } from './clock.js';
import { loginView, refreshDue, WARN_AHEAD_MS, warningDue, type LoginFacts } from './login-state.js';
import type { PortalApiFactory } from './portal-api.js';
import type { SsoAccounts } from './sso-accounts.js';
import type { SsoDirectory } from './sso-directory.js';
import { loginKey, type SsoLoginRef, type SsoProfileRef } from './sso-ref.js';
import { readTokenFile, tokenFilePath } from './token-file.js';
import { fingerprint, mirrorLegacyToken, refreshLogin, type RefreshOutcome } from './token-sync.js';
import type { OidcApiFactory } from './oidc-api.js';

// Watches every sign-in Porthole knows of, on a tick (the cache watcher's, a sign-in's, a tunnel's complaint):
// reads its file, renews it ahead of expiry where the refresh token allows, verifies it when AWS refused it,
// warns 15 minutes before one the user must renew, and publishes a `profile` event for every profile of a
// sign-in whose state changed — the event tunnels waiting for sign-in resume on.

export interface LoginMonitorDeps {
  env: NodeJS.ProcessEnv;
  bus: EventBus;
  directory: SsoDirectory;
  accounts: SsoAccounts;
  oidc: OidcApiFactory;
  portal: PortalApiFactory;
  clock: SsoClock;
  /** The flow of a sign-in under way for this login key. */
  signingIn: (key: string) => SignInFlow | undefined;
  /** Credentials Porthole resolved for a profile (for warnings about ones nobody can renew). */
  credentials?: (profile: string, kind: ProfileKind) => { expiresAt: number; renewable: boolean } | undefined;
  log?: { warn(message: string): void };
}

interface Memory {
  rejectedToken?: string;
  deadRefresh?: string;
  lastRefreshAt?: number;
  verifyAsked?: boolean;
  lastVerifyAt?: number;
  published?: string;
  warnedFor?: number;
}

/** A refused sign-in is checked with the portal at most this often (a tunnel may complain repeatedly). */
const VERIFY_EVERY_MS = 60_000;

export class LoginMonitor {
  private readonly memory = new Map<string, Memory>();
  private readonly warnedCredentials = new Map<string, number>();
  private running: Promise<void> | undefined;
  private again = false;

  constructor(private readonly deps: LoginMonitorDeps) {}

  async facts(ref: SsoLoginRef): Promise<LoginFacts> {
    const token = await readTokenFile(tokenFilePath(this.deps.env, ref.cacheId));
    const memory = this.memoryOf(ref);
    const flow = this.deps.signingIn(loginKey(ref));
    return {
      token,
      rejected: token !== undefined && memory.rejectedToken === fingerprint(token.token.accessToken),
      refreshDead: token?.token.refreshToken !== undefined && memory.deadRefresh === fingerprint(token.token.refreshToken),
      ...(flow ? { signingIn: flow } : {}),
    };
  }

  async view(ref: SsoLoginRef): Promise<ProfileLogin> {
    return loginView(ref, await this.facts(ref), this.deps.clock.now());
  }

  /** One pass over every sign-in. Callers during a pass share it, and it runs once more afterwards. */
  tick(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.pass();
        } while (this.again);
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  /** Resolves once no pass runs (nothing of the monitor writes any more until the next tick). */
  async settled(): Promise<void> {
    for (let round = 0; round < 100 && this.running; round++) await this.running.catch(() => undefined);
  }

  /** A tunnel (or a call) found the profile's credentials refused: check the sign-in soon. */
  rejected(ref: SsoLoginRef): void {
    this.memoryOf(ref).verifyAsked = true;
    void this.tick().catch((error: unknown) => this.deps.log?.warn(`sign-in check failed: ${String(error)}`));
  }

  /** A new sign-in was written: forget what was known about the old token. */
  signedIn(ref: SsoLoginRef): void {
    this.memory.set(loginKey(ref), {});
  }

  /** Renews the sign-in with its refresh token, remembering a refusal. */
  async renew(ref: SsoLoginRef): Promise<RefreshOutcome> {
    const memory = this.memoryOf(ref);
    memory.lastRefreshAt = this.deps.clock.now();
    const result = await refreshLogin({ env: this.deps.env, oidc: this.deps.oidc, now: this.deps.clock.now }, ref);
    if (result.outcome === 'dead') memory.deadRefresh = result.refreshTokenHash;
    if (result.outcome === 'refreshed') {
      memory.rejectedToken = undefined;
      memory.verifyAsked = false;
    }
    if (result.outcome === 'failed') this.deps.log?.warn(`renewing the sign-in for ${ref.startUrl} failed: ${describe(result.error)}`);
    return result;
  }

  publish(profiles: string[], event: Omit<ProfileEvent, 'profile'>): void {
    for (const profile of profiles) this.deps.bus.publish({ type: 'profile', data: { ...event, profile } });
  }

  private async pass(): Promise<void> {
    const directory = await this.deps.directory();
    const logins = new Map<string, { ref: SsoLoginRef; profiles: string[] }>();
    const refs = new Map<string, SsoProfileRef>();
    for (const [name, entry] of directory) {
      if (!entry.ref) continue;
      refs.set(name, entry.ref);
      const key = loginKey(entry.ref.login);
      const login = logins.get(key) ?? { ref: entry.ref.login, profiles: [] };
      login.profiles.push(name);
      logins.set(key, login);
    }
    for (const { ref, profiles } of logins.values()) {
      // One sign-in whose file cannot be written (a full disk, a read-only home) must not stop the others.
      await this.check(ref, profiles).catch((error: unknown) => this.deps.log?.warn(`sign-in ${ref.startUrl}: ${describe(error)}`));
    }
    await this.deps.accounts
      .writePluginConfig(refs)
      .catch((error: unknown) => this.deps.log?.warn(`plugin AWS config: ${describe(error)}`));
    this.warnCredentials([...directory].filter(([, entry]) => !entry.ref).map(([name, entry]) => [name, entry.kind] as const));
  }

  private async check(ref: SsoLoginRef, profiles: string[]): Promise<void> {
    const memory = this.memoryOf(ref);
    const now = this.deps.clock.now();
    let facts = await this.facts(ref);
    let force = false;
    if (memory.verifyAsked && facts.token && !facts.rejected && facts.token.expiresAtMs > now) {
      if (memory.lastVerifyAt === undefined || now - memory.lastVerifyAt >= VERIFY_EVERY_MS) {
        memory.verifyAsked = false;
        memory.lastVerifyAt = now;
        const verdict = await this.verify(ref, facts.token.token.accessToken);
        if (verdict === 'refused') memory.rejectedToken = fingerprint(facts.token.token.accessToken);
        // The sign-in is fine: say so again, so whoever complained tries once more.
        if (verdict === 'fine') force = true;
        facts = await this.facts(ref);
      }
    }
    if (refreshDue(facts, now, memory.lastRefreshAt)) {
      const result = await this.renew(ref);
      if (result.outcome === 'refreshed') force = true;
      facts = await this.facts(ref);
    }
    if (facts.token && !facts.rejected) {
      await mirrorLegacyToken(this.deps.env, ref, facts.token, now).catch((error: unknown) =>
        this.deps.log?.warn(`legacy token copy: ${describe(error)}`),
      );
    }
    const view = loginView(ref, facts, now);
    const summary = `${view.state}|${view.expiresAt ?? ''}|${view.refreshable}|${view.reason ?? ''}`;
    if (force || summary !== memory.published) {
      memory.published = summary;
      this.publish(profiles, { kind: 'login', login: view, message: loginMessage(view) });
    }
    const warnAt = warningDue(facts, now);
    if (warnAt !== undefined && memory.warnedFor !== warnAt) {
      memory.warnedFor = warnAt;
      const expiresAt = new Date(warnAt).toISOString();
      this.publish(profiles, {
        kind: 'expiry-warning',
        login: view,
        warning: { what: 'login', expiresAt },
        message: `The sign-in to ${ref.startUrl} ends at ${expiresAt} and cannot be renewed without you: sign in again.`,
      });
    }
  }

  /** Asks the portal whether it still takes the token (one cheap call). */
  private async verify(ref: SsoLoginRef, accessToken: string): Promise<'fine' | 'refused' | 'unknown'> {
    try {
      await this.deps.portal(ref.region).check(accessToken);
      return 'fine';
    } catch (error) {
      return isPortholeError(error) && error.code === 'SSO_LOGIN_REQUIRED' ? 'refused' : 'unknown';
    }
  }

  private warnCredentials(profiles: (readonly [string, ProfileKind])[]): void {
    const now = this.deps.clock.now();
    for (const [profile, kind] of profiles) {
      const credentials = this.deps.credentials?.(profile, kind);
      if (!credentials || credentials.renewable) continue;
      const left = credentials.expiresAt - now;
      if (left <= 0 || left > WARN_AHEAD_MS || this.warnedCredentials.get(profile) === credentials.expiresAt) continue;
      this.warnedCredentials.set(profile, credentials.expiresAt);
      const expiresAt = new Date(credentials.expiresAt).toISOString();
      this.publish([profile], {
        kind: 'expiry-warning',
        warning: { what: 'credentials', expiresAt },
        message: `The credentials of profile "${profile}" end at ${expiresAt} and are not renewed by themselves.`,
      });
    }
  }

  private memoryOf(ref: SsoLoginRef): Memory {
    const key = loginKey(ref);
    let memory = this.memory.get(key);
    if (!memory) {
      memory = {};
      this.memory.set(key, memory);
    }
    return memory;
  }
}

function loginMessage(view: ProfileLogin): string {
  const who = view.sessionName ? `${view.sessionName} (${view.startUrl})` : view.startUrl;
  if (view.state === 'signed-in') return `Signed in to ${who} until ${view.expiresAt ?? 'unknown'}.`;
  return `Sign-in to ${who}: ${view.reason ?? view.state}`;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
