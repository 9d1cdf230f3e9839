import type { ClientVpnEndpoint as SdkEndpoint } from '@aws-sdk/client-ec2';
import type {
  ClientVpnAuthentication,
  ClientVpnAuthorizationRule,
  ClientVpnEndpoint,
  ClientVpnRoute,
  ClientVpnTargetNetwork,
} from '../../../shared/paths.js';
import { PortholeError } from '../../errors.js';
import type { AwsClients } from '../clients.js';
import { AwsError } from '../errors.js';
import { ec2Sdk } from '../sdk-modules.js';
import { allPages, awsCall, defined, withoutUndefined } from './read-kit.js';
import type { ReadScope } from './types.js';

// AWS Client VPN (facts-aws-paths.md §B1): endpoints, their target networks, routes and authorization rules,
// the client configuration and the revocation list. Porthole only reads; it never changes an endpoint.

/** An endpoint as DescribeClientVpnEndpoints has it; the lists come from their own calls. */
export type ClientVpnEndpointInfo = Omit<ClientVpnEndpoint, 'targetNetworks' | 'routes' | 'authorizationRules' | 'errors'>;

function notFound(endpointId: string): PortholeError {
  return new PortholeError('VPN_ENDPOINT_NOT_FOUND', `There is no Client VPN endpoint ${endpointId} here.`, {
    hint: 'Check the profile and region, or list the endpoints again.',
    status: 404,
  });
}

/** Runs a call on one endpoint: an id AWS does not know is VPN_ENDPOINT_NOT_FOUND. */
async function endpointCall<T>(scope: ReadScope, endpointId: string, action: string, run: () => Promise<T>): Promise<T> {
  try {
    return await awsCall(scope, action, run);
  } catch (error) {
    if (error instanceof AwsError && error.awsCode === 'InvalidClientVpnEndpointId.NotFound') throw notFound(endpointId);
    throw error;
  }
}

function authentication(endpoint: SdkEndpoint): ClientVpnAuthentication[] {
  return (endpoint.AuthenticationOptions ?? []).flatMap((option): ClientVpnAuthentication[] => {
    switch (option.Type) {
      case 'certificate-authentication':
        return [
          withoutUndefined({
            type: 'certificate' as const,
            clientRootCertificateChainArn: option.MutualAuthentication?.ClientRootCertificateChain,
          }),
        ];
      case 'federated-authentication':
        return [
          withoutUndefined({
            type: 'federated' as const,
            samlProviderArn: option.FederatedAuthentication?.SamlProviderArn,
            selfServiceSamlProviderArn: option.FederatedAuthentication?.SelfServiceSamlProviderArn,
          }),
        ];
      case 'directory-service-authentication':
        return [withoutUndefined({ type: 'directory' as const, directoryId: option.ActiveDirectory?.DirectoryId })];
      case undefined:
      default:
        return [];
    }
  });
}

function toEndpoint(scope: ReadScope, endpoint: SdkEndpoint): ClientVpnEndpointInfo[] {
  if (!endpoint.ClientVpnEndpointId) return [];
  const name = endpoint.Tags?.find((tag) => tag.Key === 'Name')?.Value;
  return [
    withoutUndefined({
      id: endpoint.ClientVpnEndpointId,
      profile: scope.profile,
      region: scope.region,
      name,
      description: endpoint.Description || undefined,
      status: endpoint.Status?.Code ?? 'unknown',
      statusMessage: endpoint.Status?.Message,
      dnsName: endpoint.DnsName,
      clientCidrBlock: endpoint.ClientCidrBlock,
      dnsServers: defined(endpoint.DnsServers),
      splitTunnel: endpoint.SplitTunnel ?? false,
      transportProtocol: endpoint.TransportProtocol,
      vpnPort: endpoint.VpnPort,
      vpcId: endpoint.VpcId,
      securityGroupIds: defined(endpoint.SecurityGroupIds),
      serverCertificateArn: endpoint.ServerCertificateArn,
      authentication: authentication(endpoint),
      selfServicePortalUrl: endpoint.SelfServicePortalUrl,
      sessionTimeoutHours: endpoint.SessionTimeoutHours,
    }),
  ];
}

/** ec2:DescribeClientVpnEndpoints: every endpoint in the region (or the one asked for). */
export async function readClientVpnEndpoints(aws: AwsClients, scope: ReadScope, endpointId?: string): Promise<ClientVpnEndpointInfo[]> {
  const ec2 = aws.ec2(scope.profile, scope.region);
  const sdk = ec2Sdk();
  const run = () =>
    awsCall(scope, 'ec2:DescribeClientVpnEndpoints', () =>
      allPages(async (token) => {
        const page = await ec2.send(
          new sdk.DescribeClientVpnEndpointsCommand({
            ...(endpointId ? { ClientVpnEndpointIds: [endpointId] } : { MaxResults: 1000 }),
            NextToken: token,
          }),
        );
        return { items: page.ClientVpnEndpoints ?? [], next: page.NextToken };
      }),
    );
  const rows = endpointId ? await endpointCall(scope, endpointId, 'ec2:DescribeClientVpnEndpoints', run) : await run();
  return rows.flatMap((row) => toEndpoint(scope, row));
}

/** ec2:DescribeClientVpnTargetNetworks: the subnets the endpoint is associated with, and their groups. */
export async function readClientVpnTargetNetworks(
  aws: AwsClients,
  scope: ReadScope,
  endpointId: string,
): Promise<ClientVpnTargetNetwork[]> {
  const ec2 = aws.ec2(scope.profile, scope.region);
  const sdk = ec2Sdk();
  const rows = await endpointCall(scope, endpointId, 'ec2:DescribeClientVpnTargetNetworks', () =>
    allPages(async (token) => {
      const page = await ec2.send(
        new sdk.DescribeClientVpnTargetNetworksCommand({ ClientVpnEndpointId: endpointId, MaxResults: 1000, NextToken: token }),
      );
      return { items: page.ClientVpnTargetNetworks ?? [], next: page.NextToken };
    }),
  );
  return rows.flatMap((row) =>
    row.AssociationId && row.TargetNetworkId
      ? [
          withoutUndefined({
            associationId: row.AssociationId,
            subnetId: row.TargetNetworkId,
            vpcId: row.VpcId,
            status: row.Status?.Code ?? 'unknown',
            securityGroupIds: defined(row.SecurityGroups),
          }),
        ]
      : [],
  );
}

/** ec2:DescribeClientVpnRoutes: where client traffic may go, and through which target subnet. */
export async function readClientVpnRoutes(aws: AwsClients, scope: ReadScope, endpointId: string): Promise<ClientVpnRoute[]> {
  const ec2 = aws.ec2(scope.profile, scope.region);
  const sdk = ec2Sdk();
  const rows = await endpointCall(scope, endpointId, 'ec2:DescribeClientVpnRoutes', () =>
    allPages(async (token) => {
      const page = await ec2.send(
        new sdk.DescribeClientVpnRoutesCommand({ ClientVpnEndpointId: endpointId, MaxResults: 1000, NextToken: token }),
      );
      return { items: page.Routes ?? [], next: page.NextToken };
    }),
  );
  return rows.flatMap((row) =>
    row.DestinationCidr
      ? [
          withoutUndefined({
            destinationCidr: row.DestinationCidr,
            targetSubnet: row.TargetSubnet,
            type: row.Type,
            origin: row.Origin,
            status: row.Status?.Code ?? 'unknown',
            description: row.Description || undefined,
            transitGatewayAttachmentId: row.TransitGatewayAttachmentId,
          }),
        ]
      : [],
  );
}

/** ec2:DescribeClientVpnAuthorizationRules: which group (or everyone) may reach which CIDR. */
export async function readClientVpnAuthorizationRules(
  aws: AwsClients,
  scope: ReadScope,
  endpointId: string,
): Promise<ClientVpnAuthorizationRule[]> {
  const ec2 = aws.ec2(scope.profile, scope.region);
  const sdk = ec2Sdk();
  const rows = await endpointCall(scope, endpointId, 'ec2:DescribeClientVpnAuthorizationRules', () =>
    allPages(async (token) => {
      const page = await ec2.send(
        new sdk.DescribeClientVpnAuthorizationRulesCommand({ ClientVpnEndpointId: endpointId, MaxResults: 1000, NextToken: token }),
      );
      return { items: page.AuthorizationRules ?? [], next: page.NextToken };
    }),
  );
  return rows.flatMap((row) =>
    row.DestinationCidr
      ? [
          withoutUndefined({
            destinationCidr: row.DestinationCidr,
            groupId: row.GroupId || undefined,
            accessAll: row.AccessAll ?? false,
            status: row.Status?.Code ?? 'unknown',
            description: row.Description || undefined,
          }),
        ]
      : [],
  );
}

/** ec2:ExportClientVpnClientConfiguration: the .ovpn text, without any client certificate or key. */
export async function exportClientVpnConfiguration(aws: AwsClients, scope: ReadScope, endpointId: string): Promise<string> {
  const ec2 = aws.ec2(scope.profile, scope.region);
  const sdk = ec2Sdk();
  const answer = await endpointCall(scope, endpointId, 'ec2:ExportClientVpnClientConfiguration', () =>
    ec2.send(new sdk.ExportClientVpnClientConfigurationCommand({ ClientVpnEndpointId: endpointId })),
  );
  return answer.ClientConfiguration ?? '';
}

/** ec2:ExportClientVpnClientCertificateRevocationList: the endpoint's CRL as PEM ('' when it has none). */
export async function exportClientVpnCrl(aws: AwsClients, scope: ReadScope, endpointId: string): Promise<string> {
  const ec2 = aws.ec2(scope.profile, scope.region);
  const sdk = ec2Sdk();
  const answer = await endpointCall(scope, endpointId, 'ec2:ExportClientVpnClientCertificateRevocationList', () =>
    ec2.send(new sdk.ExportClientVpnClientCertificateRevocationListCommand({ ClientVpnEndpointId: endpointId })),
  );
  return answer.CertificateRevocationList ?? '';
}
