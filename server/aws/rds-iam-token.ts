import { Signer } from '@aws-sdk/rds-signer';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';

/** Resolved AWS credentials, and what resolves them (the SDK's types, named here so no other room imports the SDK). */
export type AwsCredentials = AwsCredentialIdentity;
export type AwsCredentialsProvider = AwsCredentialIdentityProvider;

/** RDS IAM auth tokens are presigned for 15 minutes (X-Amz-Expires=900). */
export const IAM_TOKEN_TTL_MS = 15 * 60_000;

export interface IamTokenRequest {
  /** Resolved credentials: the caller resolves them once, so it also knows when they expire. */
  credentials: AwsCredentialIdentity;
  /** The RDS endpoint and port the database sees: never 127.0.0.1 and the local port. */
  hostname: string;
  port: number;
  region: string;
  username: string;
}

/**
 * A presigned `<host>:<port>/?Action=connect&DBUser=…` token. Offline: the signer only signs, it
 * calls nothing. The token is a password: callers must not log or keep it.
 */
export async function createIamToken(request: IamTokenRequest): Promise<string> {
  const signer = new Signer({
    credentials: request.credentials,
    hostname: request.hostname,
    port: request.port,
    region: request.region,
    username: request.username,
  });
  return signer.getAuthToken();
}
