import type { ProfileKind } from '../../../shared/api.js';
import { listProfiles } from '../profiles.js';
import { refOfEntry, type SsoAccounts } from './sso-accounts.js';
import type { SsoProfileRef } from './sso-ref.js';

// Every profile that signs in with IAM Identity Center: the user's SSO profiles (from the shared config files,
// re-read each time) and Porthole's sso-account sources, each with the sign-in it uses.

export interface SsoDirectoryEntry {
  kind: ProfileKind;
  /** The profile's default region. */
  region?: string;
  ref?: SsoProfileRef;
  /** It refers to SSO but cannot sign in as configured. */
  problem?: string;
  /** For sso-account sources: the AWS config file the SDK reads them from. */
  configFile?: string;
}

export type SsoDirectory = () => Promise<Map<string, SsoDirectoryEntry>>;

export function ssoDirectory(env: NodeJS.ProcessEnv, accounts: SsoAccounts): SsoDirectory {
  return async () => {
    const out = new Map<string, SsoDirectoryEntry>();
    for (const info of await listProfiles(env)) {
      out.set(info.name, {
        kind: info.kind,
        ...(info.region ? { region: info.region } : {}),
        ...(info.sso ? { ref: info.sso } : {}),
        ...(info.ssoProblem ? { problem: info.ssoProblem } : {}),
      });
    }
    for (const entry of accounts.list()) {
      // A name the user's files also define belongs to the user's profile.
      if (out.has(entry.name)) continue;
      out.set(entry.name, {
        kind: 'sso-account',
        ...(entry.region ? { region: entry.region } : {}),
        ref: refOfEntry(entry),
        configFile: accounts.configFile,
      });
    }
    return out;
  };
}
