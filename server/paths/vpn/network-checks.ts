// The network half of a Client VPN path: the endpoint is available, it reaches the database's VPC, and its route
// table covers the database's addresses (facts-aws-paths.md §B1 steps 0–1).
import type { PathCheck } from '../../../shared/paths.js';
import { contains } from '../../diagnosis/net/cidr.js';
import { cli, command } from '../../diagnosis/fixes.js';
import { routeFor } from './authorization.js';
import { endpointLabel, listFailure, vpnCheck, vpnUnknown, type VpnPathFacts } from './vpn-facts.js';

function associateFix(facts: VpnPathFacts): PathCheck['fix'] {
  const subnet = facts.db.subnetIds[0] ?? '<a subnet in the database’s VPC>';
  return command(
    `Associate ${facts.endpoint.id} with a subnet in the database’s VPC${facts.dbVpcId ? ` (${facts.dbVpcId})` : ''}.`,
    [
      cli(
        'ec2',
        'associate-client-vpn-target-network',
        '--region',
        facts.target.region,
        '--client-vpn-endpoint-id',
        facts.endpoint.id,
        '--subnet-id',
        subnet,
      ),
    ],
    `VPC → Client VPN endpoints → ${facts.endpoint.id} → Target network associations → Associate target network.`,
  );
}

/** vpn-endpoint: the endpoint is available. */
export function endpointCheck(facts: VpnPathFacts): PathCheck {
  const { endpoint } = facts;
  const transport = `${endpoint.transportProtocol ?? 'udp'} ${endpoint.vpnPort ?? 443}`;
  const read = [
    `${endpointLabel(endpoint)}: ${endpoint.status}${endpoint.statusMessage ? ` (${endpoint.statusMessage})` : ''}`,
    `clients ${endpoint.clientCidrBlock ?? '?'}, ${transport}, split tunnel ${endpoint.splitTunnel ? 'on' : 'off'}, DNS ${endpoint.dnsServers.join(', ') || 'your own resolver'}`,
  ];
  if (endpoint.status === 'available') return vpnCheck('vpn-endpoint', 'ok', `${endpointLabel(endpoint)} is available.`, { read });
  if (endpoint.status === 'pending-associate') {
    return vpnCheck('vpn-endpoint', 'fail', `${endpointLabel(endpoint)} has no associated subnet, so it carries no traffic.`, {
      read,
      fix: associateFix(facts),
    });
  }
  return vpnCheck('vpn-endpoint', 'fail', `${endpointLabel(endpoint)} is ${endpoint.status}, not available.`, { read });
}

/** vpn-network: an associated subnet in the database's VPC, or one whose route table reaches it. */
export function networkCheck(facts: VpnPathFacts): PathCheck {
  const { endpoint, db } = facts;
  const failure = listFailure(endpoint, 'ec2:DescribeClientVpnTargetNetworks');
  if (failure) return vpnUnknown('vpn-network', failure);
  const associated = endpoint.targetNetworks.filter((network) => network.status === 'associated');
  const read = endpoint.targetNetworks.map(
    (network) => `${network.subnetId} in ${network.vpcId ?? endpoint.vpcId ?? '?'}: ${network.status}`,
  );
  if (associated.length === 0) {
    return vpnCheck('vpn-network', 'fail', 'No subnet is associated with the endpoint.', { read, fix: associateFix(facts) });
  }
  if (!facts.dbVpcId) return vpnCheck('vpn-network', 'unknown', 'The database’s VPC is not known.', { read });
  const same = associated.find((network) => (network.vpcId ?? endpoint.vpcId) === facts.dbVpcId);
  if (same) return vpnCheck('vpn-network', 'ok', `Associated with ${same.subnetId} in the database’s VPC ${facts.dbVpcId}.`, { read });
  if (db.cidrs.length === 0) return vpnCheck('vpn-network', 'unknown', 'The database’s addresses are not known.', { read });
  for (const network of associated) {
    const table = facts.routeTables.get(network.subnetId);
    if (!table) continue;
    if (!table.ok) return vpnUnknown('vpn-network', table.failure, read);
    const routes = table.value?.routes ?? [];
    read.push(
      ...routes
        .filter((route) => route.destinationCidr)
        .map((route) => `${table.value?.id ?? '?'}: ${route.destinationCidr} → ${route.target} (${route.state})`),
    );
    const carrier = routes.find(
      (route) =>
        route.state === 'active' &&
        (route.targetKind === 'pcx' || route.targetKind === 'tgw') &&
        route.destinationCidr &&
        db.cidrs.every((cidr) => contains(route.destinationCidr!, cidr)),
    );
    if (carrier) {
      return vpnCheck(
        'vpn-network',
        'ok',
        `${network.subnetId} (${network.vpcId ?? endpoint.vpcId}) reaches the database’s VPC ${facts.dbVpcId} through ${carrier.target}.`,
        { read },
      );
    }
  }
  return vpnCheck(
    'vpn-network',
    'fail',
    `The endpoint’s subnets are in ${endpoint.vpcId ?? 'another VPC'}, which has no peering or transit gateway route to the database’s VPC ${facts.dbVpcId}.`,
    { read, fix: associateFix(facts) },
  );
}

/** vpn-route: an active Client VPN route covers every address of the database. */
export function routeCheck(facts: VpnPathFacts): PathCheck {
  const { endpoint, db, target } = facts;
  const failure = listFailure(endpoint, 'ec2:DescribeClientVpnRoutes');
  if (failure) return vpnUnknown('vpn-route', failure);
  const read = endpoint.routes.map(
    (route) =>
      `${route.destinationCidr} → ${route.targetSubnet ?? route.transitGatewayAttachmentId ?? '?'} (${route.origin ?? '?'}, ${route.status})`,
  );
  if (db.cidrs.length === 0) return vpnCheck('vpn-route', 'unknown', 'The database’s addresses are not known.', { read });
  const chosen = db.cidrs.map((cidr) => ({ cidr, route: routeFor(endpoint.routes, cidr) }));
  const missing = chosen.filter((entry) => !entry.route);
  if (missing.length > 0) {
    const subnet = endpoint.targetNetworks.find((network) => network.status === 'associated')?.subnetId ?? '<associated subnet>';
    // The database's own address (or subnet): no wider than needed.
    const destination = missing[0]!.cidr;
    return vpnCheck('vpn-route', 'fail', `No active route of the endpoint covers ${missing.map((entry) => entry.cidr).join(', ')}.`, {
      read,
      fix: command(
        `Add a route for ${destination} through ${subnet}.`,
        [
          cli(
            'ec2',
            'create-client-vpn-route',
            '--region',
            target.region,
            '--client-vpn-endpoint-id',
            endpoint.id,
            '--destination-cidr-block',
            destination,
            '--target-vpc-subnet-id',
            subnet,
          ),
        ],
        `VPC → Client VPN endpoints → ${endpoint.id} → Route table → Create route.`,
      ),
    });
  }
  const route = chosen[0]!.route!;
  const split = endpoint.splitTunnel ? ' (split tunnel: only the endpoint’s routes use the VPN)' : '';
  return vpnCheck('vpn-route', 'ok', `Route ${route.destinationCidr} through ${route.targetSubnet ?? '?'} covers the database${split}.`, {
    read,
  });
}
