import { fromEnv, fromIni, fromSSO } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { ENV_PROFILE } from '../../shared/api.js';

/** Refresh this long before the credentials' own expiry, as the SDK does. */
const EXPIRY_WINDOW_MS = 5 * 60_000;

/**
 * The SDK's provider for a profile: `fromIni` covers SSO, assume-role, credential_process and
 * static keys; the environment pseudo-profile uses `fromEnv`. Files are re-read on each resolution
 * (`ignoreCache`) so that `aws sso login` or an edited credentials file is seen without a restart.
 */
export function sdkProvider(
  profile: string,
  env: NodeJS.ProcessEnv,
  options: { ssoConfigFile?: string } = {},
): AwsCredentialIdentityProvider {
  if (profile === ENV_PROFILE) return env === process.env ? fromEnv() : fromEnvRecord(env);
  // Porthole's own sso-account sources: the SDK's SSO provider reading Porthole's config file. (fromIni would not
  // do: its SSO branch calls fromSSO without the config file path, so only AWS_CONFIG_FILE would be read.)
  if (options.ssoConfigFile) return fromSSO({ profile, configFilepath: options.ssoConfigFile, ignoreCache: true });
  return fromIni({
    profile,
    ignoreCache: true,
    ...(env.AWS_SHARED_CREDENTIALS_FILE ? { filepath: env.AWS_SHARED_CREDENTIALS_FILE } : {}),
    ...(env.AWS_CONFIG_FILE ? { configFilepath: env.AWS_CONFIG_FILE } : {}),
  });
}

/**
 * Shares one resolution between all clients of a profile: concurrent callers wait for the same
 * promise, a result is kept until shortly before it expires, and a failure is never kept.
 */
export function memoizeCredentials(inner: AwsCredentialIdentityProvider, now: () => number = Date.now): AwsCredentialIdentityProvider {
  let cached: AwsCredentialIdentity | undefined;
  let pending: Promise<AwsCredentialIdentity> | undefined;
  return async () => {
    if (cached && !(cached.expiration && cached.expiration.getTime() - now() < EXPIRY_WINDOW_MS)) return cached;
    pending ??= inner().then(
      (identity) => {
        cached = identity;
        pending = undefined;
        return identity;
      },
      (error: unknown) => {
        cached = undefined;
        pending = undefined;
        throw error;
      },
    );
    return pending;
  };
}

/** `fromEnv` reads `process.env` only; this reads an injected environment the same way. */
function fromEnvRecord(env: NodeJS.ProcessEnv): AwsCredentialIdentityProvider {
  return async () => {
    const accessKeyId = env.AWS_ACCESS_KEY_ID;
    const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
    if (!accessKeyId || !secretAccessKey) {
      const error = new Error('Unable to find environment variable credentials.');
      error.name = 'CredentialsProviderError';
      throw error;
    }
    const expiry = env.AWS_CREDENTIAL_EXPIRATION;
    return {
      accessKeyId,
      secretAccessKey,
      ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
      ...(expiry ? { expiration: new Date(expiry) } : {}),
    };
  };
}
