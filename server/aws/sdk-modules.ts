import { createRequire } from 'node:module';
import type * as Ec2 from '@aws-sdk/client-ec2';
import type * as Iam from '@aws-sdk/client-iam';
import type * as Rds from '@aws-sdk/client-rds';
import type * as SecretsManager from '@aws-sdk/client-secrets-manager';
import type * as Sso from '@aws-sdk/client-sso';
import type * as SsoOidc from '@aws-sdk/client-sso-oidc';
import type * as Sts from '@aws-sdk/client-sts';

// The SDK's service packages are large: EC2's alone adds about 48 MB to the daemon. Each is loaded on first
// use, so a daemon that only runs tunnels never pays for discovery's clients. They are CommonJS packages
// (no "exports" map), so `require` returns the same module a static import would.
const require = createRequire(import.meta.url);

function lazy<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(name) as T);
}

export const ec2Sdk = lazy<typeof Ec2>('@aws-sdk/client-ec2');
export const rdsSdk = lazy<typeof Rds>('@aws-sdk/client-rds');
export const stsSdk = lazy<typeof Sts>('@aws-sdk/client-sts');
export const iamSdk = lazy<typeof Iam>('@aws-sdk/client-iam');
export const secretsSdk = lazy<typeof SecretsManager>('@aws-sdk/client-secrets-manager');
export const ssoOidcSdk = lazy<typeof SsoOidc>('@aws-sdk/client-sso-oidc');
export const ssoSdk = lazy<typeof Sso>('@aws-sdk/client-sso');
