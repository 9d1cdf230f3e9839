import { join } from 'node:path';
import type { ConfigStore } from '../../config/store.js';
import type { SsoAccountEntry } from '../../config/schema.js';
import { ensurePrivateDir } from '../../config/files.js';
import { PortholeError } from '../../errors.js';
import { configSnippet, legacyConfigText, sessionConfigText, writeIfChanged, type SectionProfile } from './ini-sections.js';
import type { SsoProfileRef } from './sso-ref.js';

// sso-account sources: account/role pairs a sign-in grants, kept in config.json (not in ~/.aws/config) and
// written as profiles into Porthole's own AWS config file, so the SDK's own providers (fromIni → fromSSO, with
// its token provider) resolve them exactly like a profile of the user's, and the plugin's SDK can too.

export type { SsoAccountEntry };

export class SsoAccounts {
  /** Porthole's AWS config: the sources as session-form profiles (what the daemon's SDK reads for them). */
  readonly configFile: string;
  /** The plugin's AWS config: every SSO profile in legacy form (see ini-sections.ts). */
  readonly pluginConfigFile: string;
  private readonly dir: string;

  constructor(
    private readonly config: Pick<ConfigStore, 'get' | 'update'>,
    configDir: string,
  ) {
    this.dir = join(configDir, 'aws');
    this.configFile = join(this.dir, 'config');
    this.pluginConfigFile = join(this.dir, 'plugin-config');
  }

  list(): SsoAccountEntry[] {
    return this.config.get().ssoAccounts ?? [];
  }

  get(name: string): SsoAccountEntry | undefined {
    return this.list().find((entry) => entry.name === name);
  }

  /** The AWS config file the SDK must read for `profile`, when it is a source (undefined: the user's files). */
  configFileFor(profile: string): string | undefined {
    return this.get(profile) ? this.configFile : undefined;
  }

  /** Saves a source (PROFILE_EXISTS when the name is taken by a profile or another source) and rewrites the file. */
  async add(entry: SsoAccountEntry, takenNames: Set<string>): Promise<SsoAccountEntry> {
    if (takenNames.has(entry.name) || this.get(entry.name)) {
      throw new PortholeError('PROFILE_EXISTS', `There is already a profile named "${entry.name}".`, {
        hint: 'Give the account another name.',
        status: 409,
        field: 'name',
      });
    }
    await this.config.update((draft) => {
      draft.ssoAccounts = [...(draft.ssoAccounts ?? []), entry];
    });
    await this.writeConfigFile();
    return entry;
  }

  async remove(name: string): Promise<void> {
    if (!this.get(name)) {
      throw new PortholeError('PROFILE_NOT_FOUND', `There is no account source named "${name}".`, { status: 404 });
    }
    await this.config.update((draft) => {
      draft.ssoAccounts = (draft.ssoAccounts ?? []).filter((entry) => entry.name !== name);
    });
    await this.writeConfigFile();
  }

  /** Writes Porthole's AWS config for the sources (at start, and after every change). */
  async writeConfigFile(): Promise<void> {
    await ensurePrivateDir(this.dir);
    await writeIfChanged(this.configFile, sessionConfigText(this.list().map(sectionProfile)));
  }

  /** Writes the plugin's config: every SSO profile that names an account and role, in legacy form. */
  async writePluginConfig(profiles: Map<string, SsoProfileRef>): Promise<void> {
    const sections: SectionProfile[] = [];
    for (const [name, ref] of profiles) {
      if (ref.accountId && ref.roleName && !/[\]\r\n]/.test(name))
        sections.push({ name, ref: { ...ref, accountId: ref.accountId, roleName: ref.roleName } });
    }
    await ensurePrivateDir(this.dir);
    await writeIfChanged(this.pluginConfigFile, legacyConfigText(sections));
  }

  snippet(entry: SsoAccountEntry): string {
    return configSnippet(sectionProfile(entry));
  }
}

export function refOfEntry(entry: SsoAccountEntry): SsoProfileRef & { accountId: string; roleName: string } {
  const { login } = entry;
  return {
    login: {
      cacheId: login.sessionName ?? login.startUrl,
      startUrl: login.startUrl,
      region: login.region,
      ...(login.sessionName ? { sessionName: login.sessionName } : {}),
      ...(login.scopes ? { scopes: login.scopes } : {}),
    },
    accountId: entry.accountId,
    roleName: entry.roleName,
  };
}

function sectionProfile(entry: SsoAccountEntry): SectionProfile {
  return { name: entry.name, ref: refOfEntry(entry), ...(entry.region ? { region: entry.region } : {}) };
}
