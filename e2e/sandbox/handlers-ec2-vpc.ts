// EC2 (ec2Query) for subnets and routing: DescribeNetworkAcls, DescribeRouteTables, DescribeVpcEndpoints,
// DescribeSubnets, DescribeVpcAttribute, DescribeIamInstanceProfileAssociations. Element names follow
// @aws-sdk/client-ec2's schemas (facts-aws-paths.md A1/A2 have the verified examples).
import { formList, type CallContext, type Handler } from './call-context.js';
import { applyEc2Filters, ec2Page, stableId } from './ec2-kit.js';
import { regionData, type NaclEntrySpec, type NetworkAclSpec, type RegionData, type RouteSpec, type VpcSpec } from './scenario.js';
import { AwsError, ec2Reply, el, list, node, type WireReply } from './wire.js';

function data(ctx: CallContext): RegionData {
  return regionData(ctx.scenario, ctx.account.accountId, ctx.region);
}

/** Every subnet the region's resources mention, with its VPC. */
function knownSubnets(d: RegionData): Map<string, string | undefined> {
  const subnets = new Map<string, string | undefined>();
  for (const s of d.subnets ?? []) subnets.set(s.id, s.vpcId);
  for (const i of d.ec2Instances ?? []) if (i.subnetId && !subnets.has(i.subnetId)) subnets.set(i.subnetId, i.vpcId);
  for (const db of d.dbInstances ?? []) {
    for (const id of [db.subnetId, ...(db.subnetIds ?? [])]) if (id && !subnets.has(id)) subnets.set(id, db.vpcId);
  }
  return subnets;
}

/**
 * The scenario's ACLs plus, for each VPC, its default ACL (allow everything) holding every subnet that no
 * other ACL holds: in AWS every subnet has exactly one ACL.
 */
function networkAcls(d: RegionData): NetworkAclSpec[] {
  const acls = (d.networkAcls ?? []).map((acl) => ({ ...acl, subnetIds: [...acl.subnetIds] }));
  const held = new Set(acls.flatMap((acl) => acl.subnetIds));
  for (const [subnetId, vpcId] of knownSubnets(d)) {
    if (held.has(subnetId) || !vpcId) continue;
    let fallback = acls.find((acl) => acl.vpcId === vpcId && acl.isDefault);
    if (!fallback) {
      const allowAll = (egress: boolean) => ({ ruleNumber: 100, protocol: '-1', action: 'allow' as const, egress, cidr: '0.0.0.0/0' });
      fallback = { id: stableId('acl', vpcId), vpcId, isDefault: true, subnetIds: [], entries: [allowAll(false), allowAll(true)] };
      acls.push(fallback);
    }
    fallback.subnetIds.push(subnetId);
  }
  return acls;
}

function describeNetworkAcls(ctx: CallContext): WireReply {
  let items = networkAcls(data(ctx));
  const ids = formList(ctx.form, 'NetworkAclId');
  if (ids.length > 0) items = items.filter((acl) => ids.includes(acl.id));
  items = applyEc2Filters(ctx, items, {
    'network-acl-id': (acl) => acl.id,
    'vpc-id': (acl) => acl.vpcId,
    default: (acl) => String(acl.isDefault ?? false),
    'association.subnet-id': (acl) => acl.subnetIds,
  });
  const { page, next } = ec2Page(ctx, 'DescribeNetworkAcls', items, 5, 1000);
  const implicitDeny = (egress: boolean): NaclEntrySpec => ({
    ruleNumber: 32767,
    protocol: '-1',
    action: 'deny' as const,
    egress,
    cidr: '0.0.0.0/0',
  });
  const body = list('networkAclSet', 'item', page, (acl) => {
    const entries = [...acl.entries, implicitDeny(false), implicitDeny(true)];
    return (
      el('networkAclId', acl.id) +
      el('vpcId', acl.vpcId) +
      el('default', acl.isDefault ?? false) +
      el('ownerId', ctx.account.accountId) +
      list(
        'entrySet',
        'item',
        entries,
        (e) =>
          el('ruleNumber', e.ruleNumber) +
          el('protocol', e.protocol) +
          el('ruleAction', e.action) +
          el('egress', e.egress) +
          el('cidrBlock', e.cidr) +
          (e.fromPort !== undefined ? node('portRange', el('from', e.fromPort) + el('to', e.toPort ?? e.fromPort)) : ''),
      ) +
      list(
        'associationSet',
        'item',
        acl.subnetIds,
        (subnetId) =>
          el('networkAclAssociationId', stableId('aclassoc', `${acl.id}/${subnetId}`)) +
          el('networkAclId', acl.id) +
          el('subnetId', subnetId),
      ) +
      node('tagSet', '')
    );
  });
  return ec2Reply('DescribeNetworkAcls', body + el('nextToken', next));
}

function routeXml(route: RouteSpec): string {
  const target = route.target;
  const targetXml = target.startsWith('nat-')
    ? el('natGatewayId', target)
    : target.startsWith('tgw-')
      ? el('transitGatewayId', target)
      : target.startsWith('eni-')
        ? el('networkInterfaceId', target)
        : target.startsWith('pcx-')
          ? el('vpcPeeringConnectionId', target)
          : target.startsWith('i-')
            ? el('instanceId', target)
            : el('gatewayId', target);
  return (
    el('destinationCidrBlock', route.destination) +
    el('destinationPrefixListId', route.prefixListId) +
    targetXml +
    el('state', route.state ?? 'active') +
    el('origin', target === 'local' ? 'CreateRouteTable' : 'CreateRoute')
  );
}

function describeRouteTables(ctx: CallContext): WireReply {
  let items = data(ctx).routeTables ?? [];
  const ids = formList(ctx.form, 'RouteTableId');
  if (ids.length > 0) items = items.filter((table) => ids.includes(table.id));
  // As in AWS: a main table matches association.main=true; a subnet without its own table matches nothing.
  items = applyEc2Filters(ctx, items, {
    'route-table-id': (table) => table.id,
    'vpc-id': (table) => table.vpcId,
    'association.main': (table) => String(table.main ?? false),
    'association.subnet-id': (table) => table.subnetIds ?? [],
  });
  const { page, next } = ec2Page(ctx, 'DescribeRouteTables', items, 5, 100);
  const body = list('routeTableSet', 'item', page, (table) => {
    const associations = [...(table.main ? [undefined] : []), ...(table.subnetIds ?? [])];
    return (
      el('routeTableId', table.id) +
      el('vpcId', table.vpcId) +
      el('ownerId', ctx.account.accountId) +
      list('routeSet', 'item', table.routes, routeXml) +
      list(
        'associationSet',
        'item',
        associations,
        (subnetId) =>
          el('routeTableAssociationId', stableId('rtbassoc', `${table.id}/${subnetId ?? 'main'}`)) +
          el('routeTableId', table.id) +
          el('subnetId', subnetId) +
          el('main', subnetId === undefined) +
          node('associationState', el('state', 'associated')),
      ) +
      node('propagatingVgwSet', '') +
      node('tagSet', '')
    );
  });
  return ec2Reply('DescribeRouteTables', body + el('nextToken', next));
}

function describeVpcEndpoints(ctx: CallContext): WireReply {
  const serviceName = (short: string) => (short.startsWith('com.amazonaws.') ? short : `com.amazonaws.${ctx.region}.${short}`);
  let items = data(ctx).vpcEndpoints ?? [];
  const ids = formList(ctx.form, 'VpcEndpointId');
  if (ids.length > 0) items = items.filter((endpoint) => ids.includes(endpoint.id));
  items = applyEc2Filters(ctx, items, {
    'vpc-endpoint-id': (endpoint) => endpoint.id,
    'vpc-id': (endpoint) => endpoint.vpcId,
    'service-name': (endpoint) => serviceName(endpoint.service),
    'vpc-endpoint-state': (endpoint) => endpoint.state ?? 'available',
    'vpc-endpoint-type': (endpoint) => endpoint.type ?? 'Interface',
  });
  const { page, next } = ec2Page(ctx, 'DescribeVpcEndpoints', items, 5, 1000);
  const body = list('vpcEndpointSet', 'item', page, (endpoint) => {
    const name = serviceName(endpoint.service);
    const interfaceType = (endpoint.type ?? 'Interface') === 'Interface';
    return (
      el('vpcEndpointId', endpoint.id) +
      el('vpcEndpointType', endpoint.type ?? 'Interface') +
      el('vpcId', endpoint.vpcId) +
      el('serviceName', name) +
      el('state', endpoint.state ?? 'available') +
      node('routeTableIdSet', '') +
      list('subnetIdSet', 'item', endpoint.subnetIds ?? [], (id) => id) +
      list('groupSet', 'item', endpoint.securityGroups ?? [], (id) => el('groupId', id) + el('groupName', id)) +
      el('privateDnsEnabled', endpoint.privateDns ?? false) +
      el('requesterManaged', false) +
      list(
        'networkInterfaceIdSet',
        'item',
        interfaceType ? (endpoint.subnetIds ?? []).map((s) => stableId('eni', `${endpoint.id}/${s}`)) : [],
        (id) => id,
      ) +
      list(
        'dnsEntrySet',
        'item',
        interfaceType ? [`${endpoint.id}.${name.split('.').slice(3).join('.')}.${ctx.region}.vpce.amazonaws.com`] : [],
        (dns) => el('dnsName', dns) + el('hostedZoneId', 'Z7HUB22UULQXV'),
      ) +
      el('creationTimestamp', '2025-03-01T10:00:00.000Z') +
      el('ownerId', ctx.account.accountId)
    );
  });
  return ec2Reply('DescribeVpcEndpoints', body + el('nextToken', next));
}

function describeSubnets(ctx: CallContext): WireReply {
  let items = data(ctx).subnets ?? [];
  const ids = formList(ctx.form, 'SubnetId');
  const missing = ids.filter((id) => !items.some((subnet) => subnet.id === id));
  if (missing.length > 0) throw new AwsError('InvalidSubnetID.NotFound', `The subnet ID '${missing[0]}' does not exist`);
  if (ids.length > 0) items = items.filter((subnet) => ids.includes(subnet.id));
  items = applyEc2Filters(ctx, items, { 'subnet-id': (subnet) => subnet.id, 'vpc-id': (subnet) => subnet.vpcId });
  const { page, next } = ec2Page(ctx, 'DescribeSubnets', items, 5, 1000);
  const body = list(
    'subnetSet',
    'item',
    page,
    (subnet) =>
      el('subnetId', subnet.id) +
      el('subnetArn', `arn:aws:ec2:${ctx.region}:${ctx.account.accountId}:subnet/${subnet.id}`) +
      el('state', 'available') +
      el('ownerId', ctx.account.accountId) +
      el('vpcId', subnet.vpcId) +
      el('cidrBlock', subnet.cidr) +
      el('availableIpAddressCount', 250) +
      el('availabilityZone', subnet.availabilityZone ?? `${ctx.region}a`) +
      el('defaultForAz', false) +
      el('mapPublicIpOnLaunch', false),
  );
  return ec2Reply('DescribeSubnets', body + el('nextToken', next));
}

/** The scenario's VPCs, and those its resources name (DNS on, as the console wizard makes them). */
function vpcs(d: RegionData): VpcSpec[] {
  const out = [...(d.vpcs ?? [])];
  const mentioned = [...(d.ec2Instances ?? []), ...(d.dbInstances ?? []), ...(d.subnets ?? [])].map((item) => item.vpcId);
  for (const id of mentioned) if (id && !out.some((vpc) => vpc.id === id)) out.push({ id });
  return out;
}

function describeVpcAttribute(ctx: CallContext): WireReply {
  const vpc = vpcs(data(ctx)).find((candidate) => candidate.id === ctx.form.VpcId);
  if (!vpc) throw new AwsError('InvalidVpcID.NotFound', `The vpc ID '${ctx.form.VpcId ?? ''}' does not exist`);
  const attribute = ctx.form.Attribute;
  const values: Record<string, boolean> = { enableDnsSupport: vpc.dnsSupport ?? true, enableDnsHostnames: vpc.dnsHostnames ?? true };
  const value = attribute === undefined ? undefined : values[attribute];
  if (attribute === undefined || value === undefined)
    throw new AwsError('InvalidParameterValue', `Value (${attribute ?? ''}) for parameter attribute is invalid.`);
  return ec2Reply('DescribeVpcAttribute', el('vpcId', vpc.id) + node(attribute, el('value', value)));
}

function describeIamInstanceProfileAssociations(ctx: CallContext): WireReply {
  let items = (data(ctx).ec2Instances ?? []).filter((i) => !!i.instanceProfile);
  const ids = formList(ctx.form, 'AssociationId');
  if (ids.length > 0) items = items.filter((i) => ids.includes(stableId('iip-assoc', i.id)));
  items = applyEc2Filters(ctx, items, { 'instance-id': (i) => i.id, state: () => 'associated' });
  const { page, next } = ec2Page(ctx, 'DescribeIamInstanceProfileAssociations', items, 5, 1000);
  const body = list(
    'iamInstanceProfileAssociationSet',
    'item',
    page,
    (i) =>
      el('associationId', stableId('iip-assoc', i.id)) +
      el('instanceId', i.id) +
      node(
        'iamInstanceProfile',
        el('arn', `arn:aws:iam::${ctx.account.accountId}:instance-profile/${i.instanceProfile ?? ''}`) +
          el('id', stableId('AIPA', i.instanceProfile ?? '')),
      ) +
      el('state', 'associated'),
  );
  return ec2Reply('DescribeIamInstanceProfileAssociations', body + el('nextToken', next));
}

export const EC2_VPC_HANDLERS: Record<string, Handler> = {
  DescribeNetworkAcls: describeNetworkAcls,
  DescribeRouteTables: describeRouteTables,
  DescribeVpcEndpoints: describeVpcEndpoints,
  DescribeSubnets: describeSubnets,
  DescribeVpcAttribute: describeVpcAttribute,
  DescribeIamInstanceProfileAssociations: describeIamInstanceProfileAssociations,
};
