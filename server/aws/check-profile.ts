import type { ProfileCheck, ProfileKind } from '../../shared/api.js';
import type { PortholeError } from '../errors.js';
import type { AwsClients } from './clients.js';
import { mapAwsError } from './errors.js';
import { stsSdk } from './sdk-modules.js';

export interface CheckOutcome {
  check: ProfileCheck;
  /** The mapped failure (with its HTTP status) when `check.ok` is false. */
  error?: PortholeError;
}

/**
 * Resolves the profile's credentials and asks STS who they belong to. The expiry comes from the
 * credential provider (SSO, assume-role and process credentials report one; static keys do not).
 */
export async function runProfileCheck(
  clients: AwsClients,
  profile: string,
  region: string,
  options: { kind?: ProfileKind; now?: () => Date } = {},
): Promise<CheckOutcome> {
  const checkedAt = (options.now ?? (() => new Date()))().toISOString();
  try {
    const identity = await clients.credentials(profile)();
    const reply = await clients.sts(profile, region).send(new (stsSdk().GetCallerIdentityCommand)({}));
    return {
      check: {
        ok: true,
        profile,
        account: reply.Account ?? '',
        arn: reply.Arn ?? '',
        ...(reply.UserId ? { userId: reply.UserId } : {}),
        ...(identity.expiration ? { expiresAt: identity.expiration.toISOString() } : {}),
        checkedAt,
      },
    };
  } catch (caught) {
    const error = mapAwsError(caught, {
      profile,
      region,
      action: 'sts:GetCallerIdentity',
      ...(options.kind ? { kind: options.kind } : {}),
    });
    return { check: { ok: false, profile, error: error.toApiError(), checkedAt }, error };
  }
}

export async function checkProfile(clients: AwsClients, profile: string, region: string): Promise<ProfileCheck> {
  return (await runProfileCheck(clients, profile, region)).check;
}
