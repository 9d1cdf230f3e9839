import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { PortholeError } from '../errors.js';
import { mapAwsError } from './errors.js';
import { secretsSdk } from './sdk-modules.js';

export type SecretsClient = SecretsManagerClient;

export interface SecretCredentials {
  username?: string;
  password: string;
}

/** The region inside a Secrets Manager ARN (`arn:<partition>:secretsmanager:<region>:<account>:secret:<name>`). */
export function secretRegion(arn: string): string | undefined {
  const parts = arn.split(':');
  return parts[2] === 'secretsmanager' && parts[3] ? parts[3] : undefined;
}

/**
 * Reads an RDS-managed master-user secret: a JSON SecretString `{ "username", "password" }`.
 * Nothing of the secret's content goes into an error (a JSON parse error would quote it).
 */
export async function readSecretCredentials(
  client: SecretsManagerClient,
  secretArn: string,
  context: { profile: string; region: string; name: string },
): Promise<SecretCredentials> {
  let output;
  try {
    output = await client.send(new (secretsSdk().GetSecretValueCommand)({ SecretId: secretArn }));
  } catch (error) {
    if ((error as { name?: unknown }).name === 'ResourceNotFoundException') {
      throw new PortholeError('SECRET_NOT_FOUND', `The master secret of "${context.name}" no longer exists.`, {
        hint: 'Refresh the inventory: the secret may have been rotated out or managed differently.',
        status: 404,
      });
    }
    throw mapAwsError(error, { profile: context.profile, region: context.region, action: 'secretsmanager:GetSecretValue' });
  }
  const unreadable = new PortholeError('SECRET_UNREADABLE', 'The master-user secret is not a JSON object with a password.', {
    hint: 'RDS-managed secrets hold {"username","password"}; check the secret in the Secrets Manager console.',
    status: 502,
  });
  if (typeof output.SecretString !== 'string') throw unreadable;
  let parsed: unknown;
  try {
    parsed = JSON.parse(output.SecretString);
  } catch {
    throw unreadable;
  }
  if (typeof parsed !== 'object' || parsed === null) throw unreadable;
  const { username, password } = parsed as Record<string, unknown>;
  if (typeof password !== 'string') throw unreadable;
  return typeof username === 'string' ? { username, password } : { password };
}
