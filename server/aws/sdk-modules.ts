import { createRequire } from 'node:module';

// The SDK's service packages are large: EC2's alone adds about 48 MB to the daemon. Each is loaded on first
// use, so a daemon that only runs tunnels never pays for discovery's clients. They are CommonJS packages
// (no "exports" map), so `require` returns the same module a static import would.
const require = createRequire(import.meta.url);

function lazy<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(name) as T);
}

export const ec2Sdk = lazy<typeof import('@aws-sdk/client-ec2')>('@aws-sdk/client-ec2');
export const rdsSdk = lazy<typeof import('@aws-sdk/client-rds')>('@aws-sdk/client-rds');
export const stsSdk = lazy<typeof import('@aws-sdk/client-sts')>('@aws-sdk/client-sts');
export const secretsSdk = lazy<typeof import('@aws-sdk/client-secrets-manager')>('@aws-sdk/client-secrets-manager');
