// EC2 (ec2Query) for the security-group path: DescribeSecurityGroups, DescribeSecurityGroupRules,
// DescribeManagedPrefixLists, GetManagedPrefixListEntries, DescribeNetworkInterfaces. Element names follow
// @aws-sdk/client-ec2's schemas (facts-aws-paths.md A1 has the verified examples).
import { formList, type CallContext, type Handler } from './call-context.js';
import { applyEc2Filters, ec2Page, stableId } from './ec2-kit.js';
import { regionData, type DbInstance, type Ec2Instance, type SecurityGroupSpec, type SgRuleSpec } from './scenario.js';
import { AwsError, ec2Reply, el, list, node, type WireReply } from './wire.js';

/** A rule as the API reports it: protocol -1 has ports -1, one source per rule. */
interface FlatRule {
  id: string;
  groupId: string;
  egress: boolean;
  protocol: string;
  fromPort: number;
  toPort: number;
  spec: SgRuleSpec;
}

/** A new security group's outbound rule: everything, everywhere (VPC-UG VPC_SecurityGroups). */
const ALLOW_ALL_OUT: SgRuleSpec[] = [{ protocol: '-1', cidr: '0.0.0.0/0' }];

export function flatRules(group: SecurityGroupSpec): FlatRule[] {
  const side = (egress: boolean, specs: SgRuleSpec[]): FlatRule[] =>
    specs.map((spec, index) => {
      const protocol = spec.protocol ?? 'tcp';
      const all = protocol === '-1';
      return {
        id: stableId('sgr', `${group.id}/${egress ? 'out' : 'in'}/${index}`),
        groupId: group.id,
        egress,
        protocol,
        fromPort: all ? -1 : (spec.fromPort ?? spec.port ?? -1),
        toPort: all ? -1 : (spec.toPort ?? spec.port ?? -1),
        spec,
      };
    });
  return [...side(false, group.ingress ?? []), ...side(true, group.egress ?? ALLOW_ALL_OUT)];
}

function groups(ctx: CallContext): SecurityGroupSpec[] {
  return regionData(ctx.scenario, ctx.account.accountId, ctx.region).securityGroups ?? [];
}

function permissionXml(rule: FlatRule, ctx: CallContext): string {
  const { spec } = rule;
  const ports = rule.protocol === '-1' ? '' : el('fromPort', rule.fromPort) + el('toPort', rule.toPort);
  const one = <T>(value: T | undefined): T[] => (value === undefined ? [] : [value]);
  return (
    el('ipProtocol', rule.protocol) +
    ports +
    list(
      'groups',
      'item',
      one(spec.groupId),
      (id) => el('userId', ctx.account.accountId) + el('groupId', id) + el('description', spec.description),
    ) +
    list('ipRanges', 'item', one(spec.cidr), (cidr) => el('cidrIp', cidr) + el('description', spec.description)) +
    list('ipv6Ranges', 'item', one(spec.cidrIpv6), (cidr) => el('cidrIpv6', cidr) + el('description', spec.description)) +
    list('prefixListIds', 'item', one(spec.prefixListId), (id) => el('prefixListId', id) + el('description', spec.description))
  );
}

function describeSecurityGroups(ctx: CallContext): WireReply {
  let items = groups(ctx);
  const ids = formList(ctx.form, 'GroupId');
  const missing = ids.filter((id) => !items.some((group) => group.id === id));
  if (missing.length > 0) throw new AwsError('InvalidGroup.NotFound', `The security group '${missing[0]}' does not exist`);
  if (ids.length > 0) items = items.filter((group) => ids.includes(group.id));
  items = applyEc2Filters(ctx, items, {
    'group-id': (group) => group.id,
    'group-name': (group) => group.name ?? group.id,
    'vpc-id': (group) => group.vpcId,
    'ip-permission.group-id': (group) => (group.ingress ?? []).flatMap((rule) => (rule.groupId ? [rule.groupId] : [])),
  });
  const { page, next } = ec2Page(ctx, 'DescribeSecurityGroups', items);
  const body = list('securityGroupInfo', 'item', page, (group) => {
    const rules = flatRules(group);
    return (
      el('ownerId', ctx.account.accountId) +
      el('groupId', group.id) +
      el('groupName', group.name ?? group.id) +
      el('groupDescription', group.description ?? group.name ?? group.id) +
      el('vpcId', group.vpcId) +
      el('securityGroupArn', `arn:aws:ec2:${ctx.region}:${ctx.account.accountId}:security-group/${group.id}`) +
      list(
        'ipPermissions',
        'item',
        rules.filter((rule) => !rule.egress),
        (rule) => permissionXml(rule, ctx),
      ) +
      list(
        'ipPermissionsEgress',
        'item',
        rules.filter((rule) => rule.egress),
        (rule) => permissionXml(rule, ctx),
      ) +
      node('tagSet', '')
    );
  });
  return ec2Reply('DescribeSecurityGroups', body + el('nextToken', next));
}

function describeSecurityGroupRules(ctx: CallContext): WireReply {
  let rules = groups(ctx).flatMap(flatRules);
  const ids = formList(ctx.form, 'SecurityGroupRuleId');
  if (ids.length > 0) rules = rules.filter((rule) => ids.includes(rule.id));
  rules = applyEc2Filters(ctx, rules, { 'group-id': (rule) => rule.groupId, 'security-group-rule-id': (rule) => rule.id });
  const { page, next } = ec2Page(ctx, 'DescribeSecurityGroupRules', rules);
  const body = list('securityGroupRuleSet', 'item', page, (rule) => {
    const { spec } = rule;
    return (
      el('securityGroupRuleId', rule.id) +
      el('groupId', rule.groupId) +
      el('groupOwnerId', ctx.account.accountId) +
      el('isEgress', rule.egress) +
      el('ipProtocol', rule.protocol) +
      el('fromPort', rule.fromPort) +
      el('toPort', rule.toPort) +
      el('cidrIpv4', spec.cidr) +
      el('cidrIpv6', spec.cidrIpv6) +
      el('prefixListId', spec.prefixListId) +
      (spec.groupId ? node('referencedGroupInfo', el('groupId', spec.groupId) + el('userId', ctx.account.accountId)) : '') +
      el('description', spec.description) +
      node('tagSet', '') +
      el('securityGroupRuleArn', `arn:aws:ec2:${ctx.region}:${ctx.account.accountId}:security-group-rule/${rule.id}`)
    );
  });
  return ec2Reply('DescribeSecurityGroupRules', body + el('nextToken', next));
}

function prefixLists(ctx: CallContext) {
  return regionData(ctx.scenario, ctx.account.accountId, ctx.region).prefixLists ?? [];
}

function describeManagedPrefixLists(ctx: CallContext): WireReply {
  let items = prefixLists(ctx);
  const ids = formList(ctx.form, 'PrefixListId');
  if (ids.length > 0) items = items.filter((pl) => ids.includes(pl.id));
  items = applyEc2Filters(ctx, items, { 'prefix-list-id': (pl) => pl.id, 'prefix-list-name': (pl) => pl.name });
  const { page, next } = ec2Page(ctx, 'DescribeManagedPrefixLists', items, 1, 100);
  const body = list(
    'prefixListSet',
    'item',
    page,
    (pl) =>
      el('prefixListId', pl.id) +
      el('addressFamily', 'IPv4') +
      el('state', 'create-complete') +
      el('prefixListArn', `arn:aws:ec2:${ctx.region}:${ctx.account.accountId}:prefix-list/${pl.id}`) +
      el('prefixListName', pl.name) +
      el('maxEntries', Math.max(10, pl.cidrs.length)) +
      el('version', 1) +
      el('ownerId', ctx.account.accountId),
  );
  return ec2Reply('DescribeManagedPrefixLists', body + el('nextToken', next));
}

function getManagedPrefixListEntries(ctx: CallContext): WireReply {
  const id = ctx.form.PrefixListId;
  const found = prefixLists(ctx).find((pl) => pl.id === id);
  if (!found) throw new AwsError('InvalidPrefixListID.NotFound', `The prefix list ID '${id ?? ''}' does not exist`);
  const { page, next } = ec2Page(ctx, 'GetManagedPrefixListEntries', found.cidrs, 1, 100);
  return ec2Reply('GetManagedPrefixListEntries', list('entrySet', 'item', page, (cidr) => el('cidr', cidr)) + el('nextToken', next));
}

interface Eni {
  id: string;
  subnetId?: string;
  vpcId?: string;
  privateIp: string;
  groups: string[];
  description: string;
  requesterId?: string;
  attachedTo?: string;
}

/** The interfaces the sandbox's world implies: one per RDS instance with an address, one per EC2 instance. */
export function impliedInterfaces(dbs: DbInstance[], instances: Ec2Instance[]): Eni[] {
  const rds = dbs.flatMap((db): Eni[] =>
    db.privateIp
      ? [
          {
            id: stableId('eni', `rds/${db.id}`),
            subnetId: db.subnetId,
            vpcId: db.vpcId,
            privateIp: db.privateIp,
            groups: db.securityGroups ?? [],
            description: 'RDSNetworkInterface',
            requesterId: 'amazon-rds',
          },
        ]
      : [],
  );
  const ec2 = instances.flatMap((i): Eni[] =>
    i.privateIp
      ? [
          {
            id: stableId('eni', `ec2/${i.id}`),
            subnetId: i.subnetId,
            vpcId: i.vpcId,
            privateIp: i.privateIp,
            groups: i.securityGroups ?? [],
            description: '',
            attachedTo: i.id,
          },
        ]
      : [],
  );
  return [...rds, ...ec2];
}

function describeNetworkInterfaces(ctx: CallContext): WireReply {
  const data = regionData(ctx.scenario, ctx.account.accountId, ctx.region);
  let items = impliedInterfaces(data.dbInstances ?? [], data.ec2Instances ?? []);
  const ids = formList(ctx.form, 'NetworkInterfaceId');
  if (ids.length > 0) items = items.filter((eni) => ids.includes(eni.id));
  items = applyEc2Filters(ctx, items, {
    'network-interface-id': (eni) => eni.id,
    'group-id': (eni) => eni.groups,
    'subnet-id': (eni) => eni.subnetId,
    'vpc-id': (eni) => eni.vpcId,
    'requester-id': (eni) => eni.requesterId,
    description: (eni) => eni.description,
    'addresses.private-ip-address': (eni) => eni.privateIp,
  });
  const { page, next } = ec2Page(ctx, 'DescribeNetworkInterfaces', items);
  const body = list(
    'networkInterfaceSet',
    'item',
    page,
    (eni) =>
      el('networkInterfaceId', eni.id) +
      el('subnetId', eni.subnetId) +
      el('vpcId', eni.vpcId) +
      el('availabilityZone', `${ctx.region}a`) +
      el('description', eni.description) +
      el('ownerId', ctx.account.accountId) +
      el('requesterId', eni.requesterId) +
      el('requesterManaged', eni.requesterId !== undefined) +
      el('status', 'in-use') +
      el('privateIpAddress', eni.privateIp) +
      list('groupSet', 'item', eni.groups, (id) => el('groupId', id) + el('groupName', id)) +
      (eni.attachedTo ? node('attachment', el('instanceId', eni.attachedTo) + el('deviceIndex', 0) + el('status', 'attached')) : '') +
      list('privateIpAddressesSet', 'item', [eni.privateIp], (ip) => el('privateIpAddress', ip) + el('primary', true)) +
      el('interfaceType', 'interface'),
  );
  return ec2Reply('DescribeNetworkInterfaces', body + el('nextToken', next));
}

export const EC2_SECURITY_HANDLERS: Record<string, Handler> = {
  DescribeSecurityGroups: describeSecurityGroups,
  DescribeSecurityGroupRules: describeSecurityGroupRules,
  DescribeManagedPrefixLists: describeManagedPrefixLists,
  GetManagedPrefixListEntries: getManagedPrefixListEntries,
  DescribeNetworkInterfaces: describeNetworkInterfaces,
};
