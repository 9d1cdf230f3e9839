// Real AWS SDK v3 clients pointed at a sandbox with static fake keys (shared by the sandbox tests).
import { EC2Client } from '@aws-sdk/client-ec2';
import { RDSClient } from '@aws-sdk/client-rds';
import { SSMClient } from '@aws-sdk/client-ssm';
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
