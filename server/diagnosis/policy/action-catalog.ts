// Every IAM action Porthole's policies name, in one place: tests check each against the SDK's service models
// (or, for services without an SDK client in the project, against the documented list below).

/** The SSM agent's permissions (the minimal custom equivalent of AmazonSSMManagedInstanceCore, facts A5). */
export const SSM_CORE_ACTIONS = [
  'ssm:UpdateInstanceInformation',
  'ssmmessages:CreateControlChannel',
  'ssmmessages:CreateDataChannel',
  'ssmmessages:OpenControlChannel',
  'ssmmessages:OpenDataChannel',
] as const;

export const SSM_CORE_POLICY_ARN = (partition: string) => `arn:${partition}:iam::aws:policy/AmazonSSMManagedInstanceCore`;

/** What Porthole reads to list databases and jump hosts (server/inventory). */
export const DISCOVERY_ACTIONS = [
  'rds:DescribeDBInstances',
  'rds:DescribeDBClusters',
  'ssm:DescribeInstanceInformation',
  'ec2:DescribeInstances',
] as const;

/** What the diagnosis reads (server/aws/reads), besides discovery. */
export const DIAGNOSIS_ACTIONS = [
  'ec2:DescribeSecurityGroups',
  'ec2:DescribeSecurityGroupRules',
  'ec2:DescribeManagedPrefixLists',
  'ec2:GetManagedPrefixListEntries',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeNetworkAcls',
  'ec2:DescribeRouteTables',
  'ec2:DescribeVpcEndpoints',
  'ec2:DescribeSubnets',
  'ec2:DescribeVpcAttribute',
  'ec2:DescribeIamInstanceProfileAssociations',
  'rds:DescribeDBParameters',
  'rds:DescribeDBClusterParameters',
] as const;

/** What the paths room reads of AWS Client VPN (server/aws/reads/client-vpn.ts): read-only, never a change. */
export const CLIENT_VPN_ACTIONS = [
  'ec2:DescribeClientVpnEndpoints',
  'ec2:DescribeClientVpnTargetNetworks',
  'ec2:DescribeClientVpnRoutes',
  'ec2:DescribeClientVpnAuthorizationRules',
  'ec2:ExportClientVpnClientConfiguration',
  'ec2:ExportClientVpnClientCertificateRevocationList',
] as const;

/** IAM reads on roles and instance profiles, for the self- and host-role simulation. */
export const IAM_READ_ACTIONS = ['iam:GetRole', 'iam:GetInstanceProfile', 'iam:SimulatePrincipalPolicy'] as const;

/**
 * Actions of services this project has no SDK client for, with where AWS documents them (the Service
 * Authorization Reference, docs.aws.amazon.com/service-authorization/latest/reference/list_<service>.html).
 */
export const DOCUMENTED_ACTIONS: Record<string, { actions: string[]; source: string }> = {
  'rds-db': {
    actions: ['connect'],
    source:
      'list_amazonrdsiamauthentication.html (resource dbuser: arn:${Partition}:rds-db:${Region}:${Account}:dbuser:${DbiResourceId}/${DbUserName})',
  },
  kms: {
    actions: ['Decrypt', 'GenerateDataKey'],
    source: 'list_awskeymanagementservice.html; facts-aws-paths.md A3 (the plugin and agent call these in the KMS handshake)',
  },
  ssmmessages: {
    actions: ['CreateControlChannel', 'CreateDataChannel', 'OpenControlChannel', 'OpenDataChannel'],
    source: 'list_amazonsessionmanagermessagegatewayservice.html; facts-aws-paths.md A5 (minimal instance role)',
  },
  ec2messages: {
    actions: ['AcknowledgeMessage', 'DeleteMessage', 'FailMessage', 'GetEndpoint', 'GetMessages', 'SendReply'],
    source: 'list_amazonmessagedeliveryservice.html',
  },
  ssm: {
    actions: ['UpdateInstanceInformation'],
    source: 'agent-only API (no SDK command); facts-aws-paths.md A5, SSM-UG getting-started-create-iam-instance-profile',
  },
  s3: { actions: ['GetEncryptionConfiguration'], source: 'list_amazons3.html; facts-aws-paths.md A5 (minimal instance role)' },
};
