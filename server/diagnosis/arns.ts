// ARNs the diagnosis simulates and the policies name. AWS-owned documents have an empty account field.

export const PORT_FORWARD_DOCUMENT = 'AWS-StartPortForwardingSessionToRemoteHost';

/** aws, aws-cn or aws-us-gov, from the region's name. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

export function instanceArn(partition: string, region: string, account: string, instanceId: string): string {
  // Hybrid nodes are managed-instance resources of SSM, not EC2 instances.
  return instanceId.startsWith('mi-')
    ? `arn:${partition}:ssm:${region}:${account}:managed-instance/${instanceId}`
    : `arn:${partition}:ec2:${region}:${account}:instance/${instanceId}`;
}

export function documentArn(partition: string, region: string, name = PORT_FORWARD_DOCUMENT): string {
  return `arn:${partition}:ssm:${region}::document/${name}`;
}

/** A session of the caller's: session ids start with the IAM user or role session name. */
export function sessionArn(partition: string, region: string, account: string, sessionName: string): string {
  return `arn:${partition}:ssm:${region}:${account}:session/${sessionName}-0123456789abcdef0`;
}

/** The session name in a caller ARN (user name, or the assumed-role session name). */
export function sessionNameOf(callerArn: string): string {
  return callerArn.slice(callerArn.lastIndexOf('/') + 1) || 'session';
}

/** A key id or key ARN as a key ARN; an alias cannot be resolved without a KMS call: undefined. */
export function kmsKeyArn(keyId: string, partition: string, region: string, account: string): string | undefined {
  if (/^arn:[\w-]+:kms:[^:]+:\d{12}:key\//.test(keyId)) return keyId;
  if (/^(mrk-)?[0-9a-f-]{32,36}$/i.test(keyId)) return `arn:${partition}:kms:${region}:${account}:key/${keyId}`;
  return undefined;
}

/** The name at the end of an instance-profile or role ARN. */
export function nameOfArn(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}
