import { fromSso } from '@aws-sdk/token-providers';
import { PortholeError } from '../../errors.js';
import type { SsoDirectoryEntry } from './sso-directory.js';
import { readTokenFile, tokenFilePath } from './token-file.js';

// The bearer token for the portal's calls (ListAccounts, ListAccountRoles), taken the way the SDK takes it:
// for an sso-session profile its own token provider (fromSso: reads the shared cache and renews within five
// minutes of expiry); a legacy profile has no token provider in the SDK, so its file is read as the SDK's
// legacy path reads it (and never renewed).

export async function accessTokenFor(env: NodeJS.ProcessEnv, profile: string, entry: SsoDirectoryEntry): Promise<string> {
  const login = entry.ref?.login;
  if (!login) throw notSso(profile);
  if (login.sessionName) {
    try {
      const token = await fromSso({
        profile,
        ignoreCache: true,
        ...((entry.configFile ?? env.AWS_CONFIG_FILE) ? { configFilepath: entry.configFile ?? env.AWS_CONFIG_FILE } : {}),
        ...(env.AWS_SHARED_CREDENTIALS_FILE ? { filepath: env.AWS_SHARED_CREDENTIALS_FILE } : {}),
      })();
      if (token.expiration && token.expiration.getTime() <= Date.now()) throw new Error('expired');
      return token.token;
    } catch {
      throw loginRequired(profile);
    }
  }
  const cached = await readTokenFile(tokenFilePath(env, login.startUrl));
  if (!cached || cached.expiresAtMs <= Date.now()) throw loginRequired(profile);
  return cached.token.accessToken;
}

export function loginRequired(profile: string): PortholeError {
  return new PortholeError('SSO_LOGIN_REQUIRED', `Profile "${profile}" is not signed in to IAM Identity Center.`, {
    hint: `Sign in from Porthole, or run aws sso login --profile ${profile}.`,
    status: 401,
  });
}

export function notSso(profile: string): PortholeError {
  return new PortholeError('NOT_SSO_PROFILE', `Profile "${profile}" does not sign in with IAM Identity Center.`, {
    hint: 'Sign-in applies to profiles with sso_session or sso_start_url, and to accounts added from them.',
    status: 409,
  });
}
