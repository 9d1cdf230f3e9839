import type { IpPermission, SecurityGroupRule } from '@aws-sdk/client-ec2';
import type { AwsClients } from '../clients.js';
import { ec2Sdk } from '../sdk-modules.js';
import { allPages, awsCall, defined, withoutUndefined } from './read-kit.js';
import type { NetworkInterfaceInfo, PrefixListInfo, ReadScope, SecurityGroupInfo, SgRule } from './types.js';

// Security groups, their rules, prefix lists and the database's network interfaces (facts-aws-paths.md A1).
// Group ids go in a `group-id` filter, never as GroupId.N: a filter skips a group that is gone instead of
// failing the whole call with InvalidGroup.NotFound.

/** EC2 accepts up to 200 values per filter. */
const FILTER_VALUES = 200;

function chunks<T>(values: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < values.length; start += FILTER_VALUES) out.push(values.slice(start, start + FILTER_VALUES));
  return out;
}

/** ec2:DescribeSecurityGroupRules: one flat rule per row (the preferred call). */
export async function readSecurityGroupRules(aws: AwsClients, scope: ReadScope, groupIds: readonly string[]): Promise<SgRule[]> {
  if (groupIds.length === 0) return [];
  const ec2 = aws.ec2(scope.profile, scope.region);
  const sdk = ec2Sdk();
  const rules: SgRule[] = [];
  for (const ids of chunks(groupIds)) {
    const rows = await awsCall(scope, 'ec2:DescribeSecurityGroupRules', () =>
      allPages(async (token) => {
        const page = await ec2.send(
          new sdk.DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'group-id', Values: ids }], MaxResults: 1000, NextToken: token }),
        );
        return { items: page.SecurityGroupRules ?? [], next: page.NextToken };
      }),
    );
    rules.push(...rows.flatMap(toRule));
  }
  return rules;
}

function toRule(row: SecurityGroupRule): SgRule[] {
  if (!row.GroupId) return [];
  return [
    withoutUndefined({
      groupId: row.GroupId,
      ruleId: row.SecurityGroupRuleId,
      egress: row.IsEgress ?? false,
      protocol: row.IpProtocol ?? '-1',
      // Protocol -1 means every port; the flat call says -1/-1 where the nested one says nothing.
      fromPort: row.IpProtocol === '-1' ? undefined : row.FromPort,
      toPort: row.IpProtocol === '-1' ? undefined : row.ToPort,
      cidrIpv4: row.CidrIpv4,
      cidrIpv6: row.CidrIpv6,
      prefixListId: row.PrefixListId,
      referencedGroupId: row.ReferencedGroupInfo?.GroupId,
      description: row.Description,
    }),
  ];
}

/** ec2:DescribeSecurityGroups: names and VPCs, and the same rules flattened from the nested permissions. */
export async function readSecurityGroups(
  aws: AwsClients,
  scope: ReadScope,
  groupIds: readonly string[],
): Promise<{ groups: SecurityGroupInfo[]; rules: SgRule[] }> {
  if (groupIds.length === 0) return { groups: [], rules: [] };
  const ec2 = aws.ec2(scope.profile, scope.region);
  const sdk = ec2Sdk();
  const groups: SecurityGroupInfo[] = [];
  const rules: SgRule[] = [];
  for (const ids of chunks(groupIds)) {
    const found = await awsCall(scope, 'ec2:DescribeSecurityGroups', () =>
      allPages(async (token) => {
        const page = await ec2.send(
          new sdk.DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-id', Values: ids }], MaxResults: 1000, NextToken: token }),
        );
        return { items: page.SecurityGroups ?? [], next: page.NextToken };
      }),
    );
    for (const group of found) {
      if (!group.GroupId) continue;
      groups.push(withoutUndefined({ groupId: group.GroupId, name: group.GroupName, vpcId: group.VpcId }));
      for (const permission of group.IpPermissions ?? []) rules.push(...flatten(group.GroupId, false, permission));
      for (const permission of group.IpPermissionsEgress ?? []) rules.push(...flatten(group.GroupId, true, permission));
    }
  }
  return { groups, rules };
}

/** One nested permission (several sources) as one flat rule per source, as DescribeSecurityGroupRules has them. */
function flatten(groupId: string, egress: boolean, permission: IpPermission): SgRule[] {
  const base = { groupId, egress, protocol: permission.IpProtocol ?? '-1', fromPort: permission.FromPort, toPort: permission.ToPort };
  const rows: SgRule[] = [];
  for (const range of permission.IpRanges ?? [])
    if (range.CidrIp) rows.push({ ...base, cidrIpv4: range.CidrIp, description: range.Description });
  for (const range of permission.Ipv6Ranges ?? [])
    if (range.CidrIpv6) rows.push({ ...base, cidrIpv6: range.CidrIpv6, description: range.Description });
  for (const list of permission.PrefixListIds ?? [])
    if (list.PrefixListId) rows.push({ ...base, prefixListId: list.PrefixListId, description: list.Description });
  for (const pair of permission.UserIdGroupPairs ?? [])
    if (pair.GroupId) rows.push({ ...base, referencedGroupId: pair.GroupId, description: pair.Description });
  return rows.map(withoutUndefined);
}

/** ec2:DescribeManagedPrefixLists (names) and ec2:GetManagedPrefixListEntries (CIDRs) for each list. */
export async function readPrefixLists(aws: AwsClients, scope: ReadScope, ids: readonly string[]): Promise<PrefixListInfo[]> {
  if (ids.length === 0) return [];
  const ec2 = aws.ec2(scope.profile, scope.region);
  const sdk = ec2Sdk();
  const names = new Map<string, string>();
  // Names only label the entries: a refused or failed DescribeManagedPrefixLists leaves them out.
  const lists = await awsCall(scope, 'ec2:DescribeManagedPrefixLists', () =>
    allPages(async (token) => {
      const page = await ec2.send(
        new sdk.DescribeManagedPrefixListsCommand({ Filters: [{ Name: 'prefix-list-id', Values: [...ids] }], NextToken: token }),
      );
      return { items: page.PrefixLists ?? [], next: page.NextToken };
    }),
  ).catch(() => []);
  for (const list of lists) if (list.PrefixListId && list.PrefixListName) names.set(list.PrefixListId, list.PrefixListName);
  const out: PrefixListInfo[] = [];
  for (const id of ids) {
    const entries = await awsCall(scope, 'ec2:GetManagedPrefixListEntries', () =>
      allPages(async (token) => {
        const page = await ec2.send(new sdk.GetManagedPrefixListEntriesCommand({ PrefixListId: id, NextToken: token }));
        return { items: page.Entries ?? [], next: page.NextToken };
      }),
    );
    out.push(withoutUndefined({ id, name: names.get(id), cidrs: defined(entries.map((entry) => entry.Cidr)) }));
  }
  return out;
}

/**
 * ec2:DescribeNetworkInterfaces in the database's security groups. RDS's own interfaces are told apart by
 * RequesterId "amazon-rds" / Description "RDSNetworkInterface": a convention, not a documented contract.
 */
export async function readNetworkInterfaces(
  aws: AwsClients,
  scope: ReadScope,
  groupIds: readonly string[],
): Promise<NetworkInterfaceInfo[]> {
  if (groupIds.length === 0) return [];
  const ec2 = aws.ec2(scope.profile, scope.region);
  const sdk = ec2Sdk();
  const rows = await awsCall(scope, 'ec2:DescribeNetworkInterfaces', () =>
    allPages(async (token) => {
      const page = await ec2.send(
        new sdk.DescribeNetworkInterfacesCommand({
          Filters: [{ Name: 'group-id', Values: [...groupIds] }],
          MaxResults: 1000,
          NextToken: token,
        }),
      );
      return { items: page.NetworkInterfaces ?? [], next: page.NextToken };
    }),
  );
  return rows.flatMap((row) =>
    row.NetworkInterfaceId
      ? [
          withoutUndefined({
            id: row.NetworkInterfaceId,
            subnetId: row.SubnetId,
            vpcId: row.VpcId,
            privateIps: defined([
              row.PrivateIpAddress,
              ...(row.PrivateIpAddresses ?? []).map((address) => address.PrivateIpAddress),
            ]).filter((ip, index, all) => all.indexOf(ip) === index),
            groupIds: defined((row.Groups ?? []).map((group) => group.GroupId)),
            description: row.Description,
            requesterId: row.RequesterId,
          }),
        ]
      : [],
  );
}
