// What the Client VPN checks of one endpoint and one database are decided from, each read with its own outcome,
// and the small kit the checks share (a check in the diagnosis's style, `unknown` naming a refused permission).
import type { Target } from '../../../shared/api.js';
import type { CheckStatus, DiagnosisFix } from '../../../shared/diagnosis.js';
import type { ClientVpnEndpoint, PathCheck, PathReadError, VpnCheckId } from '../../../shared/paths.js';
import type { RouteTableInfo, SgRule, SubnetInfo } from '../../aws/reads/types.js';
import type { DbSide } from '../../diagnosis/checks/peers.js';
import type { Read, ReadFailure } from '../../diagnosis/read-result.js';

export interface VpnPathFacts {
  target: Target;
  endpoint: ClientVpnEndpoint;
  /** The database's addresses (its RDS interfaces, its resolved name, or its subnets) and groups. */
  db: DbSide;
  /** The database's VPC as RDS says now (else the inventory's). */
  dbVpcId?: string;
  /** Inbound rules of the database's groups. */
  dbRules: Read<SgRule[]>;
  prefixLists: ReadonlyMap<string, string[]>;
  groupNames: ReadonlyMap<string, string>;
  /** The endpoint's associated subnets (their CIDRs are where its network interfaces live). */
  subnets: Read<SubnetInfo[]>;
  /** Route tables of associated subnets in another VPC than the database's (peering or transit gateway). */
  routeTables: ReadonlyMap<string, Read<RouteTableInfo | undefined>>;
  /** The user's groups (SAML assertion or directory), when they said; decides group rules. */
  userGroups: string[];
}

export const VPN_CHECK_INFO: Record<VpnCheckId, { title: string; why: string }> = {
  'vpn-endpoint': {
    title: 'Endpoint available',
    why: 'An endpoint carries traffic only once it is available, which needs at least one associated subnet.',
  },
  'vpn-network': {
    title: 'Endpoint reaches the database’s VPC',
    why: 'Client traffic leaves through the endpoint’s network interfaces in its associated subnets; they must be in the database’s VPC or route to it (peering, transit gateway).',
  },
  'vpn-route': {
    title: 'Client VPN route to the database',
    why: 'The endpoint’s route table must hold an active route covering the database’s addresses; with split tunnel on, only these routes are pushed to your computer.',
  },
  'vpn-authorization': {
    title: 'Authorization rule admits you',
    why: 'Only the longest-prefix authorization rules covering the address count (there is no deny rule): a broader rule for your group loses to a more specific one for another group.',
  },
  'vpn-security-group': {
    title: 'Database admits the endpoint',
    why: 'Client VPN translates client addresses to its network interfaces, which carry the endpoint’s security groups: the database’s groups must admit those groups (or the associated subnets).',
  },
  'vpn-authentication': {
    title: 'How you sign in',
    why: 'Mutual TLS needs a client certificate and key in the .ovpn; SAML needs the AWS VPN Client; Active Directory asks for a user name and password.',
  },
};

export interface CheckExtras {
  read?: string[];
  fix?: DiagnosisFix;
  missingPermission?: string;
}

export function vpnCheck(id: VpnCheckId, status: CheckStatus, summary: string, extras: CheckExtras = {}): PathCheck {
  const result: PathCheck = { id, ...VPN_CHECK_INFO[id], status, summary, read: extras.read ?? [] };
  if (extras.fix) result.fix = extras.fix;
  if (extras.missingPermission) result.missingPermission = extras.missingPermission;
  return result;
}

/** `unknown` because a read failed, naming the refused permission as the diagnosis does. */
export function vpnUnknown(id: VpnCheckId, failure: ReadFailure | PathReadError, read: string[] = []): PathCheck {
  const { permission, action, message } =
    'call' in failure
      ? { permission: failure.missingPermission, action: failure.call, message: failure.error.message }
      : { permission: failure.permission, action: failure.action, message: failure.message };
  if (permission) {
    return vpnCheck(id, 'unknown', `Porthole could not check this: AWS refused ${permission}.`, {
      read,
      missingPermission: permission,
      fix: { summary: `Allow ${permission} for your role to check this.` },
    });
  }
  return vpnCheck(id, 'unknown', `Porthole could not check this: ${action} failed (${message}).`, { read });
}

/** The failure of one of the endpoint's own lists (target networks, routes, rules), if reading it failed. */
export function listFailure(endpoint: ClientVpnEndpoint, call: string): PathReadError | undefined {
  return endpoint.errors.find((error) => error.call === call);
}

/** "cvpn-endpoint-0123… (engineering VPN)" */
export function endpointLabel(endpoint: ClientVpnEndpoint): string {
  return endpoint.name ? `${endpoint.id} (${endpoint.name})` : endpoint.id;
}
