// What kind of address a database name resolved to, and which known network (a VPN's routes) would
// carry it. Private space per RFC 1918, shared address space per RFC 6598 (carrier-grade NAT, also
// what some VPNs hand out), unique local IPv6 per RFC 4193.
import { BlockList, isIP } from 'node:net';

export type AddressScope = 'private' | 'shared' | 'unique-local' | 'loopback' | 'link-local' | 'public';

function blockList(entries: Array<[string, number, 'ipv4' | 'ipv6']>): BlockList {
  const list = new BlockList();
  for (const [network, prefix, family] of entries) list.addSubnet(network, prefix, family);
  return list;
}

const SCOPES: Array<[Exclude<AddressScope, 'public'>, BlockList]> = [
  [
    'loopback',
    blockList([
      ['127.0.0.0', 8, 'ipv4'],
      ['::1', 128, 'ipv6'],
    ]),
  ],
  [
    'private',
    blockList([
      ['10.0.0.0', 8, 'ipv4'],
      ['172.16.0.0', 12, 'ipv4'],
      ['192.168.0.0', 16, 'ipv4'],
    ]),
  ],
  ['shared', blockList([['100.64.0.0', 10, 'ipv4']])],
  ['unique-local', blockList([['fc00::', 7, 'ipv6']])],
  [
    'link-local',
    blockList([
      ['169.254.0.0', 16, 'ipv4'],
      ['fe80::', 10, 'ipv6'],
    ]),
  ],
];

/** IPv4-mapped IPv6 (::ffff:10.0.0.1) counts as the IPv4 address it carries. */
function unmapped(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped?.[1] ?? address;
}

function family(address: string): 'ipv4' | 'ipv6' {
  return isIP(address) === 6 ? 'ipv6' : 'ipv4';
}

export function addressScope(raw: string): AddressScope {
  const address = unmapped(raw);
  for (const [scope, list] of SCOPES) if (list.check(address, family(address))) return scope;
  return 'public';
}

/** Reachable only from inside some network: what a VPN (or the LAN) must carry. */
export function isInternal(scope: AddressScope): boolean {
  return scope !== 'public';
}

/** A network Porthole knows something about, e.g. a Client VPN endpoint's route. */
export interface KnownNetwork {
  /** CIDR, e.g. 10.0.0.0/16. */
  cidr: string;
  /** What carries it, in words, e.g. `Client VPN "orders" (cvpn-endpoint-0123…)`. */
  via: string;
}

function parseCidr(cidr: string): { network: string; prefix: number; family: 'ipv4' | 'ipv6' } | undefined {
  const [network = '', prefixText = ''] = cidr.split('/');
  const version = isIP(network);
  const prefix = Number(prefixText);
  if (version === 0 || !/^\d{1,3}$/.test(prefixText) || prefix > (version === 4 ? 32 : 128)) return undefined;
  return { network, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}

/** The known network with the longest prefix that contains `address` (how routes are chosen). */
export function carrierOf(address: string, networks: readonly KnownNetwork[]): KnownNetwork | undefined {
  const target = unmapped(address);
  let best: { network: KnownNetwork; prefix: number } | undefined;
  for (const network of networks) {
    const cidr = parseCidr(network.cidr);
    if (!cidr || (best && best.prefix >= cidr.prefix)) continue;
    if (blockList([[cidr.network, cidr.prefix, cidr.family]]).check(target, family(target))) best = { network, prefix: cidr.prefix };
  }
  return best?.network;
}
