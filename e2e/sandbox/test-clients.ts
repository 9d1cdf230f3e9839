// Real AWS SDK v3 clients pointed at a sandbox with static fake keys (shared by the sandbox tests).
import { EC2Client } from '@aws-sdk/client-ec2';
import { RDSClient } from '@aws-sdk/client-rds';
import { SSMClient } from '@aws-sdk/client-ssm';
import { SSOClient } from '@aws-sdk/client-sso';
import { SSOOIDCClient } from '@aws-sdk/client-sso-oidc';
import { STSClient } from '@aws-sdk/client-sts';

export interface ClientOptions {
  accessKeyId?: string;
  region?: string;
  maxAttempts?: number;
  /** Per-request timeout (for the sandbox's `timeout` fault); default: none, as in the SDK. */
  requestTimeoutMs?: number;
}

export function sandboxClients(url: string, o: ClientOptions = {}) {
  const config = {
    endpoint: url,
    region: o.region ?? 'us-east-1',
    credentials: { accessKeyId: o.accessKeyId ?? 'AKIDTEST', secretAccessKey: 'sandbox-secret' },
    maxAttempts: o.maxAttempts ?? 1,
    // Current @smithy/node-http-handler only warns on requestTimeout unless throwOnRequestTimeout is set.
    ...(o.requestTimeoutMs !== undefined ? { requestHandler: { requestTimeout: o.requestTimeoutMs, throwOnRequestTimeout: true } } : {}),
  };
  return {
    sts: new STSClient(config),
    rds: new RDSClient(config),
    ec2: new EC2Client(config),
    ssm: new SSMClient(config),
  };
}

/** The IAM Identity Center clients (unsigned: no credentials needed), in the scenario's SSO region. */
export function ssoClients(url: string, region = 'eu-west-1') {
  const config = { endpoint: url, region, maxAttempts: 1 };
  return { oidc: new SSOOIDCClient(config), portal: new SSOClient(config) };
}
