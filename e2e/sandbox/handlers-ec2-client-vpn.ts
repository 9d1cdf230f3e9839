// EC2 (ec2Query) for AWS Client VPN: DescribeClientVpnEndpoints, DescribeClientVpnTargetNetworks,
// DescribeClientVpnRoutes, DescribeClientVpnAuthorizationRules, ExportClientVpnClientConfiguration and
// ExportClientVpnClientCertificateRevocationList. Element names follow @aws-sdk/client-ec2's schemas, with EC2's
// quirks: `<dnsServer>`, `<securityGroupIdSet>`, PascalCase children of `<connectionLogOptions>`
// (facts-aws-paths.md §B1 has examples verified against the SDK).
import { formList, type CallContext, type Handler } from './call-context.js';
import { applyEc2Filters, ec2Page, stableId } from './ec2-kit.js';
import { regionData, type ClientVpnAuthenticationSpec, type ClientVpnEndpointSpec, type RegionData } from './scenario.js';
import { AwsError, ec2Reply, el, esc, list, node, type WireReply } from './wire.js';

/** The <ca> of an endpoint whose scenario names none: a throwaway self-signed CA (no key exists anywhere). */
export const SANDBOX_SERVER_CA = `-----BEGIN CERTIFICATE-----
MIIBpjCCAUugAwIBAgIUJGZJINdgGjKa06iqOdYiLJ3YLKswCgYIKoZIzj0EAwIw
JzElMCMGA1UEAwwcU2FuZGJveCBDbGllbnQgVlBOIHNlcnZlciBDQTAgFw0yNjEy
MDcwMzEyMDdaGA8yMTI2MTExMzAzMTIwN1owJzElMCMGA1UEAwwcU2FuZGJveCBD
bGllbnQgVlBOIHNlcnZlciBDQTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABOPu
HTx5FQ04Ol/QD5dMvamBMqKHUVdI1m2bWbLZbEZzS8UdNTNT5LptMs5zJRouTA5c
0h0VpKv3U10heQHsJnSjUzBRMB0GA1UdDgQWBBSfiSy+MEouOoijQTo/CsAFkKA4
JDAfBgNVHSMEGDAWgBSfiSy+MEouOoijQTo/CsAFkKA4JDAPBgNVHRMBAf8EBTAD
AQH/MAoGCCqGSM49BAMCA0kAMEYCIQDcbdLv/agPy5gjMNLTGg4zKAFCQB7yv8dO
NtpgZcjbkwIhAJyKLdoHKbAjURRimgCZQ0S37d0aM1JooylM6bWd/eKH
-----END CERTIFICATE-----
`;

function endpoints(ctx: CallContext): ClientVpnEndpointSpec[] {
  return regionData(ctx.scenario, ctx.account.accountId, ctx.region).clientVpnEndpoints ?? [];
}

/** The endpoint named by ClientVpnEndpointId, or AWS's error for an unknown one. */
function endpointOf(ctx: CallContext): ClientVpnEndpointSpec {
  const id = ctx.form.ClientVpnEndpointId;
  if (!id) throw new AwsError('MissingParameter', 'The request must contain the parameter ClientVpnEndpointId');
  const found = endpoints(ctx).find((endpoint) => endpoint.id === id);
  if (!found) throw new AwsError('InvalidClientVpnEndpointId.NotFound', `The Client VPN endpoint ID '${id}' does not exist`);
  return found;
}

function status(endpoint: ClientVpnEndpointSpec): string {
  return endpoint.status ?? (endpoint.targetNetworks.length > 0 ? 'available' : 'pending-associate');
}

function authXml(option: ClientVpnAuthenticationSpec): string {
  switch (option.type) {
    case 'certificate':
      return (
        el('type', 'certificate-authentication') +
        node('mutualAuthentication', el('clientRootCertificateChain', option.clientRootCertificateChainArn))
      );
    case 'federated':
      return (
        el('type', 'federated-authentication') +
        node(
          'federatedAuthentication',
          el('samlProviderArn', option.samlProviderArn) + el('selfServiceSamlProviderArn', option.selfServiceSamlProviderArn),
        )
      );
    case 'directory':
      return el('type', 'directory-service-authentication') + node('activeDirectory', el('directoryId', option.directoryId));
  }
}

function endpointXml(ctx: CallContext, endpoint: ClientVpnEndpointSpec): string {
  const id = endpoint.id;
  return (
    el('clientVpnEndpointId', id) +
    el('description', endpoint.description ?? '') +
    node('status', el('code', status(endpoint))) +
    el('creationTime', '2025-02-11T09:30:12') +
    el('dnsName', `*.${id}.prod.clientvpn.${ctx.region}.amazonaws.com`) +
    el('clientCidrBlock', endpoint.clientCidrBlock) +
    list('dnsServer', 'item', endpoint.dnsServers ?? [], (server) => esc(server)) +
    el('splitTunnel', endpoint.splitTunnel ?? false) +
    el('vpnProtocol', 'openvpn') +
    el('transportProtocol', endpoint.transportProtocol ?? 'udp') +
    el('vpnPort', endpoint.vpnPort ?? 443) +
    el(
      'serverCertificateArn',
      endpoint.serverCertificateArn ?? `arn:aws:acm:${ctx.region}:${ctx.account.accountId}:certificate/${id}-server`,
    ) +
    list('authenticationOptions', 'item', endpoint.authentication, authXml) +
    // An EC2 quirk: these children are PascalCase in the XML (the SDK reads them so).
    node('connectionLogOptions', el('Enabled', false)) +
    list('tagSet', 'item', endpoint.name ? [endpoint.name] : [], (name) => el('key', 'Name') + el('value', name)) +
    list('securityGroupIdSet', 'item', endpoint.securityGroupIds, (group) => esc(group)) +
    el('vpcId', endpoint.vpcId) +
    el('selfServicePortalUrl', `https://self-service.clientvpn.amazonaws.com/endpoints/${id}`) +
    node('clientConnectOptions', el('enabled', false) + node('status', el('code', 'applied'))) +
    el('sessionTimeoutHours', endpoint.sessionTimeoutHours ?? 24) +
    node('clientLoginBannerOptions', el('enabled', false)) +
    el('disconnectOnSessionTimeout', true)
  );
}

function describeClientVpnEndpoints(ctx: CallContext): WireReply {
  let items = endpoints(ctx);
  const ids = formList(ctx.form, 'ClientVpnEndpointId');
  const missing = ids.find((id) => !items.some((endpoint) => endpoint.id === id));
  if (missing) throw new AwsError('InvalidClientVpnEndpointId.NotFound', `The Client VPN endpoint ID '${missing}' does not exist`);
  if (ids.length > 0) items = items.filter((endpoint) => ids.includes(endpoint.id));
  items = applyEc2Filters(ctx, items, {
    'endpoint-id': (endpoint) => endpoint.id,
    'transport-protocol': (endpoint) => endpoint.transportProtocol ?? 'udp',
  });
  const { page, next } = ec2Page(ctx, 'DescribeClientVpnEndpoints', items);
  return ec2Reply(
    'DescribeClientVpnEndpoints',
    list('clientVpnEndpoint', 'item', page, (endpoint) => endpointXml(ctx, endpoint)) + el('nextToken', next),
  );
}

function subnetVpc(cell: RegionData, subnetId: string, fallback: string): string {
  return cell.subnets?.find((subnet) => subnet.id === subnetId)?.vpcId ?? fallback;
}

interface Association {
  associationId: string;
  subnetId: string;
  vpcId: string;
  status: string;
}

function associations(ctx: CallContext, endpoint: ClientVpnEndpointSpec): Association[] {
  const cell = regionData(ctx.scenario, ctx.account.accountId, ctx.region);
  return endpoint.targetNetworks.map((network) => ({
    associationId: stableId('cvpn-assoc', `${endpoint.id}/${network.subnetId}`),
    subnetId: network.subnetId,
    vpcId: subnetVpc(cell, network.subnetId, endpoint.vpcId),
    status: network.status ?? 'associated',
  }));
}

function describeClientVpnTargetNetworks(ctx: CallContext): WireReply {
  const endpoint = endpointOf(ctx);
  const items = applyEc2Filters(ctx, associations(ctx, endpoint), {
    'association-id': (association) => association.associationId,
    'target-network-id': (association) => association.subnetId,
    'vpc-id': (association) => association.vpcId,
  });
  const { page, next } = ec2Page(ctx, 'DescribeClientVpnTargetNetworks', items);
  const body = list(
    'clientVpnTargetNetworks',
    'item',
    page,
    (association) =>
      el('associationId', association.associationId) +
      el('vpcId', association.vpcId) +
      el('targetNetworkId', association.subnetId) +
      el('clientVpnEndpointId', endpoint.id) +
      node('status', el('code', association.status)) +
      list('securityGroups', 'item', endpoint.securityGroupIds, (group) => esc(group)),
  );
  return ec2Reply('DescribeClientVpnTargetNetworks', body + el('nextToken', next));
}

interface RouteRow {
  destinationCidr: string;
  targetSubnet: string;
  origin: 'associate' | 'add-route';
  status: string;
  description: string;
}

/** An associated subnet brings its VPC's CIDR as a route (CVPN-AG cvpn-working-target); the rest were added by hand. */
function routes(ctx: CallContext, endpoint: ClientVpnEndpointSpec): RouteRow[] {
  const cell = regionData(ctx.scenario, ctx.account.accountId, ctx.region);
  const automatic = associations(ctx, endpoint).flatMap((association): RouteRow[] => {
    const cidr = cell.vpcs?.find((vpc) => vpc.id === association.vpcId)?.cidr;
    return cidr && association.status === 'associated'
      ? [{ destinationCidr: cidr, targetSubnet: association.subnetId, origin: 'associate', status: 'active', description: 'Default Route' }]
      : [];
  });
  const added = (endpoint.routes ?? []).map((route): RouteRow => ({
    destinationCidr: route.destinationCidr,
    targetSubnet: route.targetSubnet,
    origin: 'add-route',
    status: route.status ?? 'active',
    description: route.description ?? '',
  }));
  return [...automatic, ...added];
}

function describeClientVpnRoutes(ctx: CallContext): WireReply {
  const endpoint = endpointOf(ctx);
  const items = applyEc2Filters(ctx, routes(ctx, endpoint), {
    'destination-cidr': (route) => route.destinationCidr,
    origin: (route) => route.origin,
    'target-subnet': (route) => route.targetSubnet,
  });
  const { page, next } = ec2Page(ctx, 'DescribeClientVpnRoutes', items);
  const body = list(
    'routes',
    'item',
    page,
    (route) =>
      el('clientVpnEndpointId', endpoint.id) +
      el('destinationCidr', route.destinationCidr) +
      el('targetSubnet', route.targetSubnet) +
      el('type', 'Nat') +
      el('origin', route.origin) +
      node('status', el('code', route.status)) +
      el('description', route.description),
  );
  return ec2Reply('DescribeClientVpnRoutes', body + el('nextToken', next));
}

function describeClientVpnAuthorizationRules(ctx: CallContext): WireReply {
  const endpoint = endpointOf(ctx);
  const items = applyEc2Filters(ctx, endpoint.authorizationRules, {
    description: (rule) => rule.description,
    'destination-cidr': (rule) => rule.destinationCidr,
    'group-id': (rule) => rule.groupId,
  });
  const { page, next } = ec2Page(ctx, 'DescribeClientVpnAuthorizationRules', items);
  const body = list(
    'authorizationRule',
    'item',
    page,
    (rule) =>
      el('clientVpnEndpointId', endpoint.id) +
      el('description', rule.description) +
      el('groupId', rule.accessAll ? undefined : rule.groupId) +
      el('accessAll', rule.accessAll ?? false) +
      el('destinationCidr', rule.destinationCidr) +
      node('status', el('code', rule.status ?? 'active')),
  );
  return ec2Reply('DescribeClientVpnAuthorizationRules', body + el('nextToken', next));
}

/** The configuration AWS's console downloads (CVPN-AG cvpn-working-endpoint-export): no client certificate or key. */
export function clientConfiguration(region: string, endpoint: ClientVpnEndpointSpec): string {
  const types = new Set(endpoint.authentication.map((option) => option.type));
  return [
    'client',
    'dev tun',
    `proto ${endpoint.transportProtocol ?? 'udp'}`,
    `remote ${endpoint.id}.prod.clientvpn.${region}.amazonaws.com ${endpoint.vpnPort ?? 443}`,
    'remote-random-hostname',
    'resolv-retry infinite',
    'nobind',
    'remote-cert-tls server',
    'cipher AES-256-GCM',
    'verb 3',
    '<ca>',
    (endpoint.serverCaPem ?? SANDBOX_SERVER_CA).trim(),
    '</ca>',
    ...(types.has('federated') ? ['auth-federate'] : []),
    ...(types.has('directory') ? ['auth-user-pass'] : []),
    '',
    'reneg-sec 0',
    '',
    'verify-x509-name server name',
    '',
  ].join('\n');
}

function exportClientVpnClientConfiguration(ctx: CallContext): WireReply {
  const endpoint = endpointOf(ctx);
  return ec2Reply('ExportClientVpnClientConfiguration', el('clientConfiguration', clientConfiguration(ctx.region, endpoint)));
}

function exportClientVpnClientCertificateRevocationList(ctx: CallContext): WireReply {
  const endpoint = endpointOf(ctx);
  const crl = endpoint.crlPem;
  return ec2Reply(
    'ExportClientVpnClientCertificateRevocationList',
    el('certificateRevocationList', crl ?? '') + (crl ? node('status', el('code', 'active')) : ''),
  );
}

export const EC2_CLIENT_VPN_HANDLERS: Record<string, Handler> = {
  DescribeClientVpnEndpoints: describeClientVpnEndpoints,
  DescribeClientVpnTargetNetworks: describeClientVpnTargetNetworks,
  DescribeClientVpnRoutes: describeClientVpnRoutes,
  DescribeClientVpnAuthorizationRules: describeClientVpnAuthorizationRules,
  ExportClientVpnClientConfiguration: exportClientVpnClientConfiguration,
  ExportClientVpnClientCertificateRevocationList: exportClientVpnClientCertificateRevocationList,
};
