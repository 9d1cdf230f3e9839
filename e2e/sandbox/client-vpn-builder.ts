// Two AWS Client VPN endpoints into one VPC of a cell built by withHealthyNetwork, as the guides set them up:
// one with mutual TLS (its root CA from a certificate kit the test or demo made) that admits every user to the
// VPC, and one with SAML single sign-on and group rules, where `dba` holds the database subnet and `dev-team`
// only the whole VPC, so dev-team loses the databases to dba (facts-aws-paths.md §B1, scenario 3).
import { dbSubnetIds } from './network-builder.js';
import type { ClientVpnEndpointSpec, RegionData, SecurityGroupSpec } from './scenario.js';

export interface ClientVpnOptions {
  vpcId: string;
  region: string;
  accountId: string;
  /** The endpoints' server CA chain (the exported .ovpn's <ca>): a kit's CA, else the sandbox's placeholder. */
  caPem?: string;
  /** The mutual-TLS endpoint's imported revocation list. */
  crlPem?: string;
  /** Database groups of the VPC that admit the endpoints' security group (default: all of them). */
  admitGroups?: string[];
}

export interface ClientVpnWorld {
  mtls: ClientVpnEndpointSpec;
  saml: ClientVpnEndpointSpec;
  /** The endpoints' security group and associated subnet. */
  groupId: string;
  subnetId: string;
  vpcCidr: string;
  dbSubnetCidr: string;
}

function suffix(vpcId: string): string {
  return vpcId.replace(/^vpc-/, '');
}

/** `cvpn-endpoint-` and 17 characters, from a label and the VPC. */
export function endpointId(label: string, vpcId: string): string {
  return `cvpn-endpoint-0${`${label}${suffix(vpcId)}`
    .replace(/[^0-9a-z]/g, '')
    .padEnd(16, '0')
    .slice(0, 16)}`;
}

/** Adds the subnet, the security group and both endpoints to `cell` (which withHealthyNetwork built). */
export function withClientVpn(cell: RegionData, options: ClientVpnOptions): ClientVpnWorld {
  const { vpcId, region, accountId } = options;
  const vpcCidr = cell.vpcs?.find((vpc) => vpc.id === vpcId)?.cidr;
  const dbSubnetCidr = cell.subnets?.find((subnet) => subnet.id === dbSubnetIds(vpcId)[0])?.cidr;
  if (!vpcCidr || !dbSubnetCidr) throw new Error(`withClientVpn: ${vpcId} has no healthy network (run withHealthyNetwork first)`);
  const base = vpcCidr.split('.').slice(0, 2).join('.');
  const subnetId = `subnet-v${suffix(vpcId)}`;
  const groupId = `sg-0cvpn${suffix(vpcId)}`.slice(0, 20);
  cell.subnets = [...(cell.subnets ?? []), { id: subnetId, vpcId, cidr: `${base}.9.0/24`, availabilityZone: `${region}a` }];
  const group: SecurityGroupSpec = { id: groupId, name: 'client-vpn', vpcId, ingress: [] };
  cell.securityGroups = [...(cell.securityGroups ?? []), group];
  const dbs = (cell.dbInstances ?? []).filter((db) => db.vpcId === vpcId);
  const admit = new Set(options.admitGroups ?? dbs.flatMap((db) => db.securityGroups ?? []));
  for (const db of dbs) {
    for (const id of db.securityGroups ?? []) {
      const dbGroup = cell.securityGroups.find((candidate) => candidate.id === id);
      const port = db.port ?? 5432;
      if (!dbGroup || !admit.has(id) || dbGroup.ingress?.some((rule) => rule.groupId === groupId && rule.port === port)) continue;
      dbGroup.ingress = [...(dbGroup.ingress ?? []), { protocol: 'tcp', port, groupId, description: 'from Client VPN' }];
    }
  }
  const common = {
    vpcId,
    securityGroupIds: [groupId],
    targetNetworks: [{ subnetId }],
    ...(options.caPem ? { serverCaPem: options.caPem } : {}),
  };
  const mtls: ClientVpnEndpointSpec = {
    ...common,
    id: endpointId('mtls', vpcId),
    name: 'engineering-mtls',
    description: 'mutual TLS, certificates from the team kit',
    clientCidrBlock: '10.20.0.0/22',
    splitTunnel: true,
    transportProtocol: 'udp',
    vpnPort: 443,
    authentication: [
      {
        type: 'certificate',
        clientRootCertificateChainArn: `arn:aws:acm:${region}:${accountId}:certificate/0a11ce00-c11e-4a7e-9000-000000000001`,
      },
    ],
    authorizationRules: [{ destinationCidr: vpcCidr, accessAll: true, description: 'everyone with a certificate to the VPC' }],
    ...(options.crlPem ? { crlPem: options.crlPem } : {}),
  };
  const saml: ClientVpnEndpointSpec = {
    ...common,
    id: endpointId('saml', vpcId),
    name: 'engineering-sso',
    description: 'SAML single sign-on with group rules',
    clientCidrBlock: '10.30.0.0/22',
    dnsServers: [`${base}.0.2`],
    splitTunnel: true,
    transportProtocol: 'tcp',
    vpnPort: 443,
    authentication: [{ type: 'federated', samlProviderArn: `arn:aws:iam::${accountId}:saml-provider/okta-cvpn` }],
    authorizationRules: [
      { destinationCidr: vpcCidr, groupId: 'dev-team', description: 'devs to the whole VPC' },
      { destinationCidr: dbSubnetCidr, groupId: 'dba', description: 'DBAs to the database subnet' },
      { destinationCidr: '0.0.0.0/0', accessAll: true, description: 'everyone to the internet' },
    ],
  };
  cell.clientVpnEndpoints = [...(cell.clientVpnEndpoints ?? []), mtls, saml];
  return { mtls, saml, groupId, subnetId, vpcCidr, dbSubnetCidr };
}
