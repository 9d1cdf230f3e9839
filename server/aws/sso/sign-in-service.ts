import type { ApiError, ProfileKind, ProfileLogin, SignInFlow, SignInStart } from '../../../shared/api.js';
import type { EventBus } from '../../events/bus.js';
import { PortholeError, isPortholeError } from '../../errors.js';
import { CacheWatcher } from './cache-watcher.js';
import { REAL_CLOCK, type SsoClock, type TimerHandle } from './clock.js';
import { failed, pollDeviceToken } from './device-flow.js';
import { expiredCode, flowName, sameSecret, signInApiError } from './sign-in-helpers.js';
import { LoginMonitor } from './login-monitor.js';
import { OidcError, type OidcApiFactory, type TokenGrant } from './oidc-api.js';
import { authorizeUrl, newState, pkcePair } from './pkce.js';
import type { PortalApiFactory } from './portal-api.js';
import { DEFAULT_SCOPES, registrationFor } from './registrations.js';
import type { Registration } from './registration-file.js';
import type { SsoAccounts } from './sso-accounts.js';
import type { SsoDirectory, SsoDirectoryEntry } from './sso-directory.js';
import { loginKey, type SsoLoginRef } from './sso-ref.js';
import { ssoCacheDir, tokenFromGrant, writeTokenFile } from './token-file.js';
import { notSso } from './token-source.js';

// Signing in from the dashboard: the authorization-code flow with PKCE whose redirect lands on the daemon's own
// /oauth/callback (what current AWS CLIs do by default), the device-code flow as the fallback, and a renewal
// with the refresh token before either asks the user anything. The token is written where and how the CLI
// writes it. Progress and outcome go out as `profile` events; no token, code, verifier or secret ever does.

/** How long the browser has to come back (botocore's _OVERALL_TIMEOUT). */
export const AUTH_CODE_TIMEOUT_MS = 10 * 60_000;

export interface SignInDeps {
  env: NodeJS.ProcessEnv;
  bus: EventBus;
  accounts: SsoAccounts;
  directory: SsoDirectory;
  oidc: OidcApiFactory;
  portal: PortalApiFactory;
  /** The daemon's callback URL (http://127.0.0.1:<port>/oauth/callback); undefined: only the device flow works. */
  callbackUrl: () => string | undefined;
  clock?: SsoClock;
  credentials?: (profile: string, kind: ProfileKind) => { expiresAt: number; renewable: boolean } | undefined;
  log?: { info(message: string): void; warn(message: string): void };
  /** The cache watcher's fallback poll (default 15 s); `watch: false` leaves ticking to the caller (tests). */
  pollMs?: number;
  watch?: boolean;
}

interface Pending {
  flow: SignInFlow;
  ref: SsoLoginRef;
  profile: string;
  expiresAt: number;
  cancelled: boolean;
  timer?: TimerHandle;
  /** Ends the device flow's current wait at once. */
  wake?: () => void;
  auth?: { state: string; verifier: string; redirectUri: string; registration: Registration };
}

export type CallbackOutcome = { ok: true; profile: string } | { ok: false; error: ApiError };

export class SignInService {
  readonly monitor: LoginMonitor;
  private readonly pending = new Map<string, Pending>();
  /** Device-code sign-ins polling in the background (close waits for them). */
  private readonly background = new Set<Promise<void>>();
  private readonly clock: SsoClock;
  private readonly watcher: CacheWatcher;

  constructor(private readonly deps: SignInDeps) {
    this.clock = deps.clock ?? REAL_CLOCK;
    this.monitor = new LoginMonitor({ ...deps, clock: this.clock, signingIn: (key) => this.pending.get(key)?.flow });
    this.watcher = new CacheWatcher({
      dir: ssoCacheDir(deps.env),
      clock: this.clock,
      onChange: () => void this.monitor.tick().catch((error: unknown) => deps.log?.warn(`sign-in check failed: ${String(error)}`)),
      ...(deps.pollMs ? { pollMs: deps.pollMs } : {}),
    });
  }

  /** Looks at every sign-in once, then keeps watching the cache folder. */
  async start(): Promise<void> {
    await this.monitor.tick();
    if (this.deps.watch !== false) this.watcher.start();
  }

  /** Stops watching, ends every sign-in under way, and resolves once nothing of them writes any more. */
  async close(): Promise<void> {
    this.watcher.close();
    for (const key of [...this.pending.keys()]) this.settle(key);
    await Promise.allSettled([...this.background]);
    await this.monitor.settled();
  }

  /** The sign-in state of an SSO profile (undefined for other profiles). */
  async login(entry: SsoDirectoryEntry): Promise<ProfileLogin | undefined> {
    return entry.ref ? this.monitor.view(entry.ref.login) : undefined;
  }

  /** A tunnel or a call found the profile's credentials refused: the monitor checks (and renews) the sign-in. */
  async loginRejected(profile: string): Promise<void> {
    try {
      const ref = (await this.deps.directory()).get(profile)?.ref;
      if (ref) this.monitor.rejected(ref.login);
    } catch (error) {
      this.deps.log?.warn(`could not look up the sign-in of ${profile}: ${String(error)}`);
    }
  }

  /**
   * The plugin's environment for a profile: for an SSO profile, Porthole's AWS config with it in legacy form,
   * because the plugin's own SDK (aws-sdk-go v1) reads no [sso-session] sections (ini-sections.ts).
   */
  async pluginEnv(profile: string): Promise<Record<string, string>> {
    const ref = (await this.deps.directory()).get(profile)?.ref;
    return ref?.accountId && ref.roleName ? { AWS_CONFIG_FILE: this.deps.accounts.pluginConfigFile } : {};
  }

  /** Starts a sign-in; a newer one for the same sign-in replaces one under way. */
  async begin(profile: string, requested?: SignInFlow): Promise<SignInStart> {
    const directory = await this.deps.directory();
    const entry = directory.get(profile);
    if (!entry) throw new PortholeError('PROFILE_NOT_FOUND', `There is no AWS profile named "${profile}".`, { status: 404 });
    if (entry.problem) {
      throw new PortholeError('SSO_CONFIG_INVALID', `Profile "${profile}" cannot sign in: ${entry.problem}.`, {
        hint: 'Fix the profile in ~/.aws/config (aws configure sso writes a working one).',
        status: 409,
      });
    }
    if (!entry.ref) throw notSso(profile);
    const ref = entry.ref.login;
    const key = loginKey(ref);
    this.settle(key);
    const renewed = await this.monitor.renew(ref);
    if (renewed.outcome === 'refreshed') {
      await this.signedIn(ref, profile, 'refreshed');
      return { flow: 'refreshed', expiresAt: new Date(renewed.token.expiresAtMs).toISOString() };
    }
    const callback = this.deps.callbackUrl();
    const flow: SignInFlow = requested ?? (ref.sessionName && callback ? 'auth-code' : 'device');
    if (flow === 'auth-code' && !callback) {
      throw new PortholeError('SIGN_IN_FAILED', 'The browser cannot come back to Porthole here: it does not listen on 127.0.0.1.', {
        hint: 'Use the device code instead ({ "flow": "device" }).',
        status: 409,
      });
    }
    try {
      return flow === 'auth-code' ? await this.beginAuthCode(profile, ref, callback!) : await this.beginDevice(profile, ref);
    } catch (error) {
      throw error instanceof OidcError ? failed(error) : error;
    }
  }

  /** The browser's return to /oauth/callback: the `state` must name a sign-in under way. */
  async callback(query: { state?: string; code?: string; error?: string }): Promise<CallbackOutcome> {
    const match = [...this.pending.entries()].find(([, pending]) => pending.auth && sameSecret(pending.auth.state, query.state ?? ''));
    if (!match) {
      const error = new PortholeError('SIGN_IN_STATE_INVALID', 'This sign-in link is not one Porthole is waiting for (or it expired).', {
        hint: 'Start the sign-in again from Porthole.',
        status: 400,
      });
      return { ok: false, error: error.toApiError() };
    }
    const [key, pending] = match;
    const auth = pending.auth!;
    this.settle(key);
    try {
      if (query.error || !query.code) {
        throw query.error === 'access_denied'
          ? new PortholeError('SIGN_IN_DENIED', 'The sign-in was denied in the browser.', {
              hint: 'Start it again and choose Allow.',
              status: 403,
            })
          : new PortholeError('SIGN_IN_FAILED', 'IAM Identity Center did not return a code.', { status: 502 });
      }
      const grant = await this.deps
        .oidc(pending.ref.region)
        .createToken(auth.registration, {
          grant: 'auth-code',
          code: query.code,
          redirectUri: auth.redirectUri,
          codeVerifier: auth.verifier,
        })
        .catch((error: unknown) => {
          throw error instanceof OidcError ? (error.kind === 'expired' ? expiredCode() : failed(error)) : error;
        });
      await this.store(pending.ref, grant, auth.registration);
      await this.signedIn(pending.ref, pending.profile, 'auth-code');
      return { ok: true, profile: pending.profile };
    } catch (error) {
      const apiError = signInApiError(error);
      await this.failedSignIn(pending, apiError);
      return { ok: false, error: apiError };
    }
  }

  private async beginAuthCode(profile: string, ref: SsoLoginRef, redirectUri: string): Promise<SignInStart> {
    const oidc = this.deps.oidc(ref.region);
    const registration = await registrationFor(this.deps.env, oidc, ref, 'auth-code', this.clock.now());
    const { verifier, challenge } = pkcePair();
    const state = newState();
    const url = authorizeUrl({
      base: await oidc.endpoint(),
      clientId: registration.clientId,
      redirectUri,
      state,
      challenge,
      scopes: registration.scopes ?? ref.scopes ?? DEFAULT_SCOPES,
    });
    const pending = this.track(profile, ref, 'auth-code', AUTH_CODE_TIMEOUT_MS);
    pending.auth = { state, verifier, redirectUri, registration };
    return { flow: 'auth-code', authorizeUrl: url, expiresAt: new Date(pending.expiresAt).toISOString() };
  }

  private async beginDevice(profile: string, ref: SsoLoginRef): Promise<SignInStart> {
    const oidc = this.deps.oidc(ref.region);
    let registration = await registrationFor(this.deps.env, oidc, ref, 'device', this.clock.now());
    const device = await oidc.startDevice(registration, ref.startUrl).catch(async (error: unknown) => {
      // A cached registration the service no longer knows: register once more.
      if (!(error instanceof OidcError && error.kind === 'invalid-client')) throw error;
      registration = await registrationFor(this.deps.env, oidc, ref, 'device', this.clock.now(), { fresh: true });
      return oidc.startDevice(registration, ref.startUrl);
    });
    const pending = this.track(profile, ref, 'device', device.expiresIn * 1000);
    const key = loginKey(ref);
    const run = pollDeviceToken({
      attempt: () => oidc.createToken(registration, { grant: 'device', deviceCode: device.deviceCode }),
      interval: device.interval,
      expiresAt: pending.expiresAt,
      clock: this.clock,
      cancelled: () => pending.cancelled,
      // A wait that a newer sign-in or the daemon's close cuts short.
      sleep: (ms) =>
        new Promise<void>((resolve) => {
          const timer = this.clock.setTimer(resolve, ms);
          pending.wake = () => {
            this.clock.clearTimer(timer);
            resolve();
          };
        }),
    })
      .then(async (grant) => {
        this.settle(key, pending);
        await this.store(ref, grant, registration);
        await this.signedIn(ref, profile, 'device');
      })
      .catch(async (error: unknown) => {
        if (pending.cancelled && this.pending.get(key) !== pending && isPortholeError(error) && error.code === 'SIGN_IN_FAILED') return;
        this.settle(key, pending);
        await this.failedSignIn(pending, signInApiError(error));
      });
    this.background.add(run);
    void run.finally(() => this.background.delete(run));
    return {
      flow: 'device',
      verificationUri: device.verificationUri,
      verificationUriComplete: device.verificationUriComplete,
      userCode: device.userCode,
      expiresAt: new Date(pending.expiresAt).toISOString(),
    };
  }

  /** Records a sign-in under way (it expires by itself) and announces it. */
  private track(profile: string, ref: SsoLoginRef, flow: SignInFlow, lifetimeMs: number): Pending {
    const key = loginKey(ref);
    const pending: Pending = { flow, ref, profile, expiresAt: this.clock.now() + lifetimeMs, cancelled: false };
    if (flow === 'auth-code') {
      pending.timer = this.clock.setTimer(() => {
        if (this.pending.get(key) !== pending) return;
        this.settle(key);
        void this.failedSignIn(pending, expiredCode().toApiError());
      }, lifetimeMs);
    }
    this.pending.set(key, pending);
    void this.announce(ref, { kind: 'sign-in', outcome: 'started', flow, message: `Signing in to ${ref.startUrl} (${flowName(flow)}).` });
    return pending;
  }

  /** Ends the sign-in under way for `key` (only `only`, when given). */
  private settle(key: string, only?: Pending): void {
    const pending = this.pending.get(key);
    if (!pending || (only && pending !== only)) return;
    pending.cancelled = true;
    if (pending.timer !== undefined) this.clock.clearTimer(pending.timer);
    pending.wake?.();
    this.pending.delete(key);
  }

  private async store(ref: SsoLoginRef, grant: TokenGrant, registration: Registration): Promise<void> {
    await writeTokenFile(this.deps.env, ref.cacheId, tokenFromGrant(ref, grant, registration, this.clock.now()));
    this.monitor.signedIn(ref);
  }

  private async signedIn(ref: SsoLoginRef, profile: string, flow: SignInFlow | 'refreshed'): Promise<void> {
    this.deps.log?.info(`signed in to ${ref.startUrl} for profile ${profile} (${flow === 'refreshed' ? 'renewed' : flowName(flow)})`);
    await this.announce(ref, { kind: 'sign-in', outcome: 'signed-in', flow, message: `Signed in to ${ref.startUrl}.` });
    await this.monitor.tick().catch((error: unknown) => this.deps.log?.warn(`sign-in check failed: ${String(error)}`));
  }

  private async failedSignIn(pending: Pending, error: ApiError): Promise<void> {
    this.deps.log?.warn(`sign-in to ${pending.ref.startUrl} for profile ${pending.profile} failed: ${error.code}`);
    await this.announce(pending.ref, { kind: 'sign-in', outcome: 'failed', flow: pending.flow, error, message: error.message });
  }

  /** Publishes to every profile of the sign-in, with its state now. */
  private async announce(ref: SsoLoginRef, event: Omit<Parameters<LoginMonitor['publish']>[1], 'login'>): Promise<void> {
    try {
      const key = loginKey(ref);
      const profiles = [...(await this.deps.directory())]
        .filter(([, entry]) => entry.ref && loginKey(entry.ref.login) === key)
        .map(([name]) => name);
      this.monitor.publish(profiles, { ...event, login: await this.monitor.view(ref) });
    } catch (error) {
      // An unreadable config file must not turn a sign-in into a failure (or an unhandled rejection).
      this.deps.log?.warn(`could not announce the sign-in to ${ref.startUrl}: ${String(error)}`);
    }
  }
}
