// EC2 DescribeInstances (ec2Query: reservationSet/item/instancesSet/item, NextToken) and STS
// GetCallerIdentity (awsQuery). Element names follow @aws-sdk/client-ec2's schemas (ec2QueryName traits).
import { formFilters, formInt, formList, type CallContext } from './call-context.js';
import { stableId } from './ec2-kit.js';
import { regionData, type Ec2Instance } from './scenario.js';
import { AwsError, ec2Reply, el, list, node, paginate, queryReply, type WireReply } from './wire.js';

const STATE_CODES: Record<string, number> = {
  pending: 0,
  running: 16,
  'shutting-down': 32,
  terminated: 48,
  stopping: 64,
  stopped: 80,
};

function instanceXml(i: Ec2Instance, ctx: CallContext): string {
  const state = i.state ?? 'running';
  return (
    el('instanceId', i.id) +
    el('imageId', 'ami-0123456789abcdef0') +
    node('instanceState', el('code', STATE_CODES[state] ?? 16) + el('name', state)) +
    el('instanceType', 't3.micro') +
    node('placement', el('availabilityZone', `${ctx.region}a`)) +
    el('subnetId', i.subnetId) +
    el('vpcId', i.vpcId) +
    el('privateIpAddress', i.privateIp) +
    el('ipAddress', i.publicIp) +
    list('groupSet', 'item', i.securityGroups ?? [], (g) => el('groupId', g) + el('groupName', g)) +
    (i.instanceProfile
      ? node(
          'iamInstanceProfile',
          el('arn', `arn:aws:iam::${ctx.account.accountId}:instance-profile/${i.instanceProfile}`) +
            el('id', stableId('AIPA', i.instanceProfile)),
        )
      : '') +
    (i.privateIp
      ? list(
          'networkInterfaceSet',
          'item',
          [i],
          (x) =>
            el('networkInterfaceId', stableId('eni', `ec2/${x.id}`)) +
            el('subnetId', x.subnetId) +
            el('vpcId', x.vpcId) +
            el('privateIpAddress', x.privateIp) +
            list('groupSet', 'item', x.securityGroups ?? [], (g) => el('groupId', g) + el('groupName', g)) +
            node('attachment', el('deviceIndex', 0) + el('status', 'attached')),
        )
      : '') +
    list('tagSet', 'item', Object.entries(i.tags ?? {}), ([k, v]) => el('key', k) + el('value', v))
  );
}

const FILTERS: Record<string, (i: Ec2Instance) => string | undefined> = {
  'instance-id': (i) => i.id,
  'vpc-id': (i) => i.vpcId,
  'subnet-id': (i) => i.subnetId,
  'instance-state-name': (i) => i.state ?? 'running',
};

export function describeInstances(ctx: CallContext): WireReply {
  const maxResults = formInt(ctx.form, 'MaxResults');
  const ids = formList(ctx.form, 'InstanceId');
  if (maxResults !== undefined && ids.length > 0) {
    throw new AwsError('InvalidParameterCombination', 'The parameter instancesSet cannot be used with the parameter maxResults');
  }
  if (maxResults !== undefined && (maxResults < 5 || maxResults > 1000)) {
    throw new AwsError(
      'InvalidParameterValue',
      `Value (${maxResults}) for parameter maxResults is invalid. Expecting a value between 5 and 1000.`,
    );
  }
  let items = regionData(ctx.scenario, ctx.account.accountId, ctx.region).ec2Instances ?? [];
  if (ids.length > 0) {
    const missing = ids.filter((id) => !items.some((i) => i.id === id));
    if (missing.length > 0) {
      throw new AwsError('InvalidInstanceID.NotFound', `The instance IDs '${missing.join(', ')}' do not exist`);
    }
    items = items.filter((i) => ids.includes(i.id));
  }
  for (const f of formFilters(ctx.form, 'Filter', 'Value')) {
    const tagKey = f.name.startsWith('tag:') ? f.name.slice(4) : undefined;
    const get = tagKey !== undefined ? (i: Ec2Instance) => i.tags?.[tagKey] : FILTERS[f.name];
    if (!get) throw new AwsError('InvalidParameterValue', `The filter '${f.name}' is invalid`);
    items = items.filter((i) => f.values.includes(get(i) ?? ''));
  }
  // The scenario's pageSize applies even without MaxResults, so paging is exercised either way.
  const { page, next } = paginate('DescribeInstances', items, ctx.form.NextToken, maxResults, ctx.scenario.pageSize, 1000);
  const reservations = list(
    'reservationSet',
    'item',
    page,
    (i) =>
      el('reservationId', `r-${i.id.slice(2)}`) +
      el('ownerId', ctx.account.accountId) +
      node('groupSet', '') +
      list('instancesSet', 'item', [i], (x) => instanceXml(x, ctx)),
  );
  return ec2Reply('DescribeInstances', reservations + el('nextToken', next));
}

export function getCallerIdentity(ctx: CallContext): WireReply {
  const userId = ctx.account.userId ?? ctx.accessKeyId;
  const body = el('Arn', ctx.account.arn) + el('UserId', userId) + el('Account', ctx.account.accountId);
  return queryReply('sts', 'GetCallerIdentity', body);
}
