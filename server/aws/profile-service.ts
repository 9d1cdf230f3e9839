import type { Profile, ProfileCheck, ProfileCheckOk } from '../../shared/api.js';
import type { ConfigStore } from '../config/store.js';
import { isErrorCode } from '../../shared/error-codes.js';
import { PortholeError } from '../errors.js';
import type { AwsClients } from './clients.js';
import { runProfileCheck } from './check-profile.js';
import { listProfiles, type ProfileInfo } from './profiles.js';

/** STS answers GetCallerIdentity in every region; this one is used when a profile names none. */
const FALLBACK_REGION = 'us-east-1';

export interface ProfileServiceDeps {
  aws: AwsClients;
  config: Pick<ConfigStore, 'get' | 'update'>;
  env?: NodeJS.ProcessEnv;
  now?: () => Date;
}

/**
 * Profiles as the API shows them: what the AWS files say, the regions the user picked (saved in
 * config.json settings.regions) and the last credential check, kept in memory.
 */
export class ProfileService {
  private readonly checks = new Map<string, ProfileCheck>();
  private readonly env: NodeJS.ProcessEnv;

  constructor(private readonly deps: ProfileServiceDeps) {
    this.env = deps.env ?? process.env;
  }

  async list(): Promise<Profile[]> {
    const infos = await listProfiles(this.env);
    return infos.map((info) => this.toProfile(info));
  }

  /** The profile, or PROFILE_NOT_FOUND (404). */
  async get(name: string): Promise<Profile> {
    const info = (await listProfiles(this.env)).find((candidate) => candidate.name === name);
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
    if (outcome.check.ok) return outcome.check;
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

  private toProfile(info: ProfileInfo): Profile {
    const picked = this.deps.config.get().settings.regions[info.name];
    const regions = picked && picked.length > 0 ? [...picked] : info.region ? [info.region] : [];
    const check = this.checks.get(info.name);
    return { ...info, regions, ...(check ? { check } : {}) };
  }
}
