import type { NetworkAclEntry, Route } from '@aws-sdk/client-ec2';
import type { AwsClients } from '../clients.js';
import { ec2Sdk } from '../sdk-modules.js';
import { allPages, awsCall, defined, withoutUndefined } from './read-kit.js';
import type {
  InstanceDetail,
  NaclEntry,
  NetworkAcl,
  ProfileAssociation,
  ReadScope,
  RouteInfo,
  RouteTableInfo,
  RouteTargetKind,
  SubnetInfo,
  VpcDnsAttributes,
  VpcEndpointInfo,
} from './types.js';

// Subnets, network ACLs, route tables, VPC endpoints and attributes, and the jump host's own EC2 facts
// (facts-aws-paths.md A1 and A2).

/** ec2:DescribeNetworkAcls for the ACLs associated with these subnets. */
export async function readNetworkAcls(aws: AwsClients, scope: ReadScope, subnetIds: readonly string[]): Promise<NetworkAcl[]> {
  if (subnetIds.length === 0) return [];
  const ec2 = aws.ec2(scope.profile, scope.region);
  const sdk = ec2Sdk();
  const acls = await awsCall(scope, 'ec2:DescribeNetworkAcls', () =>
    allPages(async (token) => {
      const page = await ec2.send(
        new sdk.DescribeNetworkAclsCommand({
          Filters: [{ Name: 'association.subnet-id', Values: [...subnetIds] }],
          MaxResults: 100,
          NextToken: token,
        }),
      );
      return { items: page.NetworkAcls ?? [], next: page.NextToken };
    }),
  );
  return acls.flatMap((acl) =>
    acl.NetworkAclId
      ? [
          withoutUndefined({
            id: acl.NetworkAclId,
            vpcId: acl.VpcId,
            isDefault: acl.IsDefault ?? false,
            subnetIds: defined((acl.Associations ?? []).map((association) => association.SubnetId)),
            entries: (acl.Entries ?? []).flatMap(naclEntry),
          }),
        ]
      : [],
  );
}

function naclEntry(entry: NetworkAclEntry): NaclEntry[] {
  if (entry.RuleNumber === undefined || (entry.RuleAction !== 'allow' && entry.RuleAction !== 'deny')) return [];
  return [
    withoutUndefined({
      ruleNumber: entry.RuleNumber,
      protocol: entry.Protocol ?? '-1',
      action: entry.RuleAction,
      egress: entry.Egress ?? false,
      cidr: entry.CidrBlock,
      ipv6Cidr: entry.Ipv6CidrBlock,
      fromPort: entry.PortRange?.From,
      toPort: entry.PortRange?.To,
    }),
  ];
}

/**
 * ec2:DescribeRouteTables for the subnet's table; a subnet without its own association uses the VPC's main
 * table, which the association filter does not return ("Route tables that do not have an association ID are
 * not returned"), so it is asked for by `association.main=true`.
 */
export async function readRouteTable(
  aws: AwsClients,
  scope: ReadScope,
  subnetId: string,
  vpcId: string | undefined,
): Promise<RouteTableInfo | undefined> {
  const ec2 = aws.ec2(scope.profile, scope.region);
  const sdk = ec2Sdk();
  const find = (filters: { Name: string; Values: string[] }[]) =>
    awsCall(
      scope,
      'ec2:DescribeRouteTables',
      async () => (await ec2.send(new sdk.DescribeRouteTablesCommand({ Filters: filters }))).RouteTables ?? [],
    );
  const own = (await find([{ Name: 'association.subnet-id', Values: [subnetId] }]))[0];
  if (own?.RouteTableId)
    return withoutUndefined({ id: own.RouteTableId, vpcId: own.VpcId, main: false, routes: defined((own.Routes ?? []).map(route)) });
  if (!vpcId) return undefined;
  const main = (
    await find([
      { Name: 'vpc-id', Values: [vpcId] },
      { Name: 'association.main', Values: ['true'] },
    ])
  )[0];
  return main?.RouteTableId
    ? withoutUndefined({ id: main.RouteTableId, vpcId: main.VpcId, main: true, routes: defined((main.Routes ?? []).map(route)) })
    : undefined;
}

function route(row: Route): RouteInfo | undefined {
  const pick = (): [RouteTargetKind, string] | undefined => {
    if (row.NatGatewayId) return ['nat', row.NatGatewayId];
    if (row.TransitGatewayId) return ['tgw', row.TransitGatewayId];
    if (row.VpcPeeringConnectionId) return ['pcx', row.VpcPeeringConnectionId];
    if (row.NetworkInterfaceId) return ['eni', row.NetworkInterfaceId];
    if (row.InstanceId) return ['instance', row.InstanceId];
    if (row.EgressOnlyInternetGatewayId) return ['other', row.EgressOnlyInternetGatewayId];
    const gateway = row.GatewayId;
    if (!gateway) return undefined;
    if (gateway === 'local') return ['local', gateway];
    if (gateway.startsWith('igw-')) return ['igw', gateway];
    if (gateway.startsWith('vpce-')) return ['vpce', gateway];
    if (gateway.startsWith('vgw-')) return ['vgw', gateway];
    return ['other', gateway];
  };
  const target = pick();
  if (!target) return undefined;
  return withoutUndefined({
    destinationCidr: row.DestinationCidrBlock,
    destinationPrefixListId: row.DestinationPrefixListId,
    targetKind: target[0],
    target: target[1],
    state: row.State ?? 'active',
  });
}

/** ec2:DescribeVpcEndpoints in one VPC. */
export async function readVpcEndpoints(aws: AwsClients, scope: ReadScope, vpcId: string): Promise<VpcEndpointInfo[]> {
  const ec2 = aws.ec2(scope.profile, scope.region);
  const sdk = ec2Sdk();
  const rows = await awsCall(scope, 'ec2:DescribeVpcEndpoints', () =>
    allPages(async (token) => {
      const page = await ec2.send(
        new sdk.DescribeVpcEndpointsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }], MaxResults: 1000, NextToken: token }),
      );
      return { items: page.VpcEndpoints ?? [], next: page.NextToken };
    }),
  );
  return rows.flatMap((row) =>
    row.VpcEndpointId && row.ServiceName
      ? [
          {
            id: row.VpcEndpointId,
            type: row.VpcEndpointType ?? 'Interface',
            serviceName: row.ServiceName,
            state: (row.State ?? 'available').toLowerCase(),
            privateDnsEnabled: row.PrivateDnsEnabled ?? false,
            subnetIds: defined(row.SubnetIds),
            groupIds: defined((row.Groups ?? []).map((group) => group.GroupId)),
          },
        ]
      : [],
  );
}

/** ec2:DescribeSubnets: CIDR and zone of each subnet (a filter, so a subnet that is gone is just absent). */
export async function readSubnets(aws: AwsClients, scope: ReadScope, subnetIds: readonly string[]): Promise<SubnetInfo[]> {
  if (subnetIds.length === 0) return [];
  const ec2 = aws.ec2(scope.profile, scope.region);
  const sdk = ec2Sdk();
  const rows = await awsCall(scope, 'ec2:DescribeSubnets', () =>
    allPages(async (token) => {
      const page = await ec2.send(
        new sdk.DescribeSubnetsCommand({ Filters: [{ Name: 'subnet-id', Values: [...subnetIds] }], MaxResults: 1000, NextToken: token }),
      );
      return { items: page.Subnets ?? [], next: page.NextToken };
    }),
  );
  return rows.flatMap((row) =>
    row.SubnetId
      ? [withoutUndefined({ id: row.SubnetId, vpcId: row.VpcId, cidr: row.CidrBlock, availabilityZone: row.AvailabilityZone })]
      : [],
  );
}

/** ec2:DescribeVpcAttribute, once per attribute (the API takes one at a time). */
export async function readVpcDns(aws: AwsClients, scope: ReadScope, vpcId: string): Promise<VpcDnsAttributes> {
  const ec2 = aws.ec2(scope.profile, scope.region);
  const sdk = ec2Sdk();
  const [support, hostnames] = await awsCall(scope, 'ec2:DescribeVpcAttribute', () =>
    Promise.all([
      ec2.send(new sdk.DescribeVpcAttributeCommand({ VpcId: vpcId, Attribute: 'enableDnsSupport' })),
      ec2.send(new sdk.DescribeVpcAttributeCommand({ VpcId: vpcId, Attribute: 'enableDnsHostnames' })),
    ]),
  );
  return withoutUndefined({ vpcId, dnsSupport: support.EnableDnsSupport?.Value, dnsHostnames: hostnames.EnableDnsHostnames?.Value });
}

/** ec2:DescribeInstances for one instance: its public address, instance profile and interface groups. */
export async function readInstanceDetail(aws: AwsClients, scope: ReadScope, instanceId: string): Promise<InstanceDetail | undefined> {
  const ec2 = aws.ec2(scope.profile, scope.region);
  const sdk = ec2Sdk();
  const reply = await awsCall(scope, 'ec2:DescribeInstances', () =>
    ec2.send(new sdk.DescribeInstancesCommand({ Filters: [{ Name: 'instance-id', Values: [instanceId] }] })),
  );
  const instance = (reply.Reservations ?? [])
    .flatMap((reservation) => reservation.Instances ?? [])
    .find((row) => row.InstanceId === instanceId);
  if (!instance) return undefined;
  const primary = (instance.NetworkInterfaces ?? []).find((eni) => eni.Attachment?.DeviceIndex === 0);
  const groups = primary?.Groups ?? instance.SecurityGroups ?? [];
  return withoutUndefined({
    id: instanceId,
    state: instance.State?.Name,
    subnetId: instance.SubnetId,
    vpcId: instance.VpcId,
    privateIp: instance.PrivateIpAddress,
    publicIp: instance.PublicIpAddress,
    instanceProfileArn: instance.IamInstanceProfile?.Arn,
    groupIds: defined(groups.map((group) => group.GroupId)),
  });
}

/** ec2:DescribeIamInstanceProfileAssociations: the profile associated with the instance now, if any. */
export async function readProfileAssociation(
  aws: AwsClients,
  scope: ReadScope,
  instanceId: string,
): Promise<ProfileAssociation | undefined> {
  const ec2 = aws.ec2(scope.profile, scope.region);
  const sdk = ec2Sdk();
  const reply = await awsCall(scope, 'ec2:DescribeIamInstanceProfileAssociations', () =>
    ec2.send(new sdk.DescribeIamInstanceProfileAssociationsCommand({ Filters: [{ Name: 'instance-id', Values: [instanceId] }] })),
  );
  const rows = reply.IamInstanceProfileAssociations ?? [];
  const current = rows.find((row) => row.State === 'associated') ?? rows.find((row) => row.State === 'associating');
  if (!current) return undefined;
  return withoutUndefined({ instanceId, instanceProfileArn: current.IamInstanceProfile?.Arn, state: current.State });
}
