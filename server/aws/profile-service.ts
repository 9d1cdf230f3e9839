import type { Profile, ProfileCheck, ProfileCheckOk, ProfileCredentials, ProfileLogin } from '../../shared/api.js';
import type { ConfigStore } from '../config/store.js';
import type { EventBus } from '../events/bus.js';
import { isErrorCode } from '../../shared/error-codes.js';
import { PortholeError } from '../errors.js';
import type { AwsClients } from './clients.js';
import { runProfileCheck } from './check-profile.js';
import { mfaAdvice } from './errors.js';
import { listProfiles, type ProfileInfo } from './profiles.js';
import type { SignInService } from './sso/sign-in-service.js';
import { refOfEntry, type SsoAccounts } from './sso/sso-accounts.js';

/** STS answers GetCallerIdentity in every region; this one is used when a profile names none. */
const FALLBACK_REGION = 'us-east-1';

export interface ProfileServiceDeps {
  aws: AwsClients;
  config: Pick<ConfigStore, 'get' | 'update'>;
  env?: NodeJS.ProcessEnv;
  now?: () => Date;
  /** SSO sign-in states (absent: profiles show none). */
  signIn?: SignInService;
  /** Porthole's sso-account sources, listed as profiles of kind `sso-account`. */
  accounts?: SsoAccounts;
  /** A successful check is published as a `credentials` event (tunnels waiting for the profile resume on it). */
  bus?: EventBus;
}

/**
 * Profiles as the API shows them: what the AWS files say plus Porthole's sso-account sources, the regions the
 * user picked (saved in config.json settings.regions), the last credential check kept in memory, the sign-in
 * state and when the credentials expire.
 */
export class ProfileService {
  private readonly checks = new Map<string, ProfileCheck>();
  private readonly env: NodeJS.ProcessEnv;

  constructor(private readonly deps: ProfileServiceDeps) {
    this.env = deps.env ?? process.env;
  }

  async list(): Promise<Profile[]> {
    const infos = await this.infos();
    return Promise.all(infos.map((info) => this.toProfile(info)));
  }

  /** The user's profiles, then the sso-account sources whose names they do not already use. */
  async infos(): Promise<ProfileInfo[]> {
    const infos = await listProfiles(this.env);
    const taken = new Set(infos.map((info) => info.name));
    for (const entry of this.deps.accounts?.list() ?? []) {
      if (taken.has(entry.name)) continue;
      infos.push({ name: entry.name, kind: 'sso-account', sso: refOfEntry(entry), ...(entry.region ? { region: entry.region } : {}) });
    }
    return infos;
  }

  /** The profile, or PROFILE_NOT_FOUND (404). */
  async get(name: string): Promise<Profile> {
    const info = (await this.infos()).find((candidate) => candidate.name === name);
    if (!info) {
      throw new PortholeError('PROFILE_NOT_FOUND', `There is no AWS profile named "${name}".`, {
        hint: 'Profiles come from ~/.aws/config and ~/.aws/credentials (or AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE).',
        status: 404,
      });
    }
    return this.toProfile(info);
  }

  /**
   * Checks the profile's credentials with STS. The result is kept as the profile's last check
   * either way; a failure is then thrown as the mapped error so the HTTP edge uses its status.
   */
  async check(name: string): Promise<ProfileCheckOk> {
    const profile = await this.get(name);
    const region = profile.region ?? profile.regions[0] ?? FALLBACK_REGION;
    const outcome = await runProfileCheck(this.deps.aws, name, region, {
      kind: profile.kind,
      ...(this.deps.now ? { now: this.deps.now } : {}),
    });
    this.checks.set(name, outcome.check);
    if (outcome.check.ok) {
      this.deps.bus?.publish({ type: 'profile', data: { profile: name, kind: 'credentials', message: `Profile "${name}" works.` } });
      return outcome.check;
    }
    const { code, message } = outcome.check.error;
    throw outcome.error ?? new PortholeError(isErrorCode(code) ? code : 'AWS_ERROR', message, { status: 502 });
  }

  lastCheck(name: string): ProfileCheck | undefined {
    return this.checks.get(name);
  }

  /** Saves the regions picked for a profile (an empty list falls back to its default region). */
  async setRegions(name: string, regions: string[]): Promise<Profile> {
    await this.get(name);
    const unique = [...new Set(regions)];
    await this.deps.config.update((draft) => {
      if (unique.length === 0) delete draft.settings.regions[name];
      else draft.settings.regions[name] = unique;
    });
    return this.get(name);
  }

  /** Every (profile, region) the user looks at: the picked regions of all profiles. */
  async pairs(): Promise<{ profile: string; region: string }[]> {
    const profiles = await this.list();
    return profiles.flatMap((profile) => profile.regions.map((region) => ({ profile: profile.name, region })));
  }

  private async toProfile(info: ProfileInfo): Promise<Profile> {
    const picked = this.deps.config.get().settings.regions[info.name];
    const regions = picked && picked.length > 0 ? [...picked] : info.region ? [info.region] : [];
    const check = this.checks.get(info.name);
    const login = info.sso && this.deps.signIn ? await this.deps.signIn.login({ kind: info.kind, ref: info.sso }) : undefined;
    const credentials = this.credentials(info, login);
    const entry = info.kind === 'sso-account' ? this.deps.accounts?.get(info.name) : undefined;
    return {
      name: info.name,
      kind: info.kind,
      ...(info.region ? { region: info.region } : {}),
      regions,
      ...(check ? { check } : {}),
      ...(login ? { login } : {}),
      ...(credentials ? { credentials } : {}),
      ...(info.mfaSerial ? { mfa: { serial: info.mfaSerial, ...mfaAdvice(info.name) } } : {}),
      ...(entry && this.deps.accounts
        ? {
            ssoAccount: {
              accountId: entry.accountId,
              ...(entry.accountName ? { accountName: entry.accountName } : {}),
              roleName: entry.roleName,
              sourceProfile: entry.sourceProfile,
              configSnippet: this.deps.accounts.snippet(entry),
            },
          }
        : {}),
    };
  }

  /** When the profile's resolved credentials expire, and whether they renew without the user. */
  credentials(info: Pick<ProfileInfo, 'name' | 'kind'>, login?: ProfileLogin): ProfileCredentials | undefined {
    const expiry = this.deps.aws.credentialExpiry(info.name);
    if (!expiry) return undefined;
    const sso = info.kind === 'sso' || info.kind === 'sso-account';
    const renewable = sso ? login?.state === 'signed-in' : info.kind === 'role' || info.kind === 'process';
    return { expiresAt: expiry.toISOString(), renewable };
  }
}
