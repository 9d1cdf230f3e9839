// Who talks to whom, for the network checks: the jump host's address and groups, and the database's
// addresses (its RDS interfaces, narrowed by what its name resolves to; else its subnets) and groups.
import type { NetworkInterfaceInfo } from '../../aws/reads/types.js';
import { contains } from '../net/cidr.js';
import type { Peer } from '../net/sg-match.js';
import type { DiagnosisFacts } from '../facts.js';

export interface HostSide extends Peer {
  ip?: string;
  subnetId?: string;
}

export function hostSide(facts: DiagnosisFacts): HostSide {
  const detail = facts.instance.ok ? facts.instance.value : undefined;
  const ip = detail?.privateIp ?? facts.host.privateIp;
  const groupIds = detail?.groupIds.length ? detail.groupIds : facts.host.securityGroups;
  const subnetId = detail?.subnetId ?? facts.host.subnetId;
  return { cidrs: ip ? [`${ip}/32`] : [], groupIds, ...(ip ? { ip } : {}), ...(subnetId ? { subnetId } : {}) };
}

export interface DbSide extends Peer {
  /** Where the addresses came from: its network interfaces, its resolved name, or (IP unknown) whole subnets. */
  source: 'interfaces' | 'dns' | 'subnets' | 'none';
  /** The subnets the database's addresses are in. */
  subnetIds: string[];
  /** Subnet id → the database's addresses (/32) in it, or the subnet's CIDR. */
  bySubnet: Map<string, string[]>;
}

/** What the database's side needs (the paths room builds it without a whole diagnosis). */
export type DbSideFacts = Pick<DiagnosisFacts, 'target' | 'db' | 'dbInterfaces' | 'dns' | 'subnets'>;

export function dbGroupIds(facts: Pick<DiagnosisFacts, 'target' | 'db'>): string[] {
  const detail = facts.db.ok ? facts.db.value : undefined;
  return detail?.groupIds.length ? detail.groupIds : facts.target.securityGroups;
}

function isRds(eni: NetworkInterfaceInfo): boolean {
  return eni.requesterId === 'amazon-rds' || eni.description === 'RDSNetworkInterface';
}

export function dbSide(facts: DbSideFacts): DbSide {
  const groupIds = dbGroupIds(facts);
  const detail = facts.db.ok ? facts.db.value : undefined;
  const groupSubnets = detail?.subnetIds ?? [];
  let enis = facts.dbInterfaces.ok ? facts.dbInterfaces.value.filter(isRds) : [];
  if (groupSubnets.length > 0) enis = enis.filter((eni) => !eni.subnetId || groupSubnets.includes(eni.subnetId));
  // Other databases may share the groups: what the endpoint resolves to picks this one's interface.
  const resolved = facts.dns.addresses ?? [];
  const named = enis.filter((eni) => eni.privateIps.some((ip) => resolved.includes(ip)));
  if (named.length > 0) enis = named;
  const bySubnet = new Map<string, string[]>();
  if (enis.length > 0) {
    for (const eni of enis) {
      const key = eni.subnetId ?? '';
      bySubnet.set(key, [...(bySubnet.get(key) ?? []), ...eni.privateIps.map((ip) => `${ip}/32`)]);
    }
    return {
      cidrs: [...bySubnet.values()].flat(),
      groupIds,
      source: named.length > 0 ? 'dns' : 'interfaces',
      subnetIds: [...bySubnet.keys()].filter(Boolean),
      bySubnet,
    };
  }
  const subnets = facts.subnets.ok ? facts.subnets.value.filter((subnet) => groupSubnets.includes(subnet.id) && subnet.cidr) : [];
  const inVpc = resolved.filter((ip) => subnets.some((subnet) => contains(subnet.cidr!, ip)));
  if (inVpc.length > 0) {
    for (const ip of inVpc) {
      const subnet = subnets.find((candidate) => contains(candidate.cidr!, ip))!;
      bySubnet.set(subnet.id, [...(bySubnet.get(subnet.id) ?? []), `${ip}/32`]);
    }
    return { cidrs: inVpc.map((ip) => `${ip}/32`), groupIds, source: 'dns', subnetIds: [...bySubnet.keys()], bySubnet };
  }
  for (const subnet of subnets) bySubnet.set(subnet.id, [subnet.cidr!]);
  return {
    cidrs: subnets.map((subnet) => subnet.cidr!),
    groupIds,
    source: subnets.length > 0 ? 'subnets' : 'none',
    subnetIds: [...bySubnet.keys()],
    bySubnet,
  };
}

export function prefixMap(facts: DiagnosisFacts): Map<string, string[]> {
  return new Map((facts.prefixLists.ok ? facts.prefixLists.value : []).map((list) => [list.id, list.cidrs]));
}

/** "10.0.2.15 (its network interface)" and the like, for the `read` lines. */
export function describeDb(db: DbSide): string {
  const what = {
    interfaces: 'its RDS network interfaces',
    dns: 'its endpoint name',
    subnets: 'its subnets (address unknown)',
    none: 'nothing',
  }[db.source];
  return `database addresses from ${what}: ${db.cidrs.join(', ') || 'unknown'}; groups ${db.groupIds.join(', ') || 'none'}`;
}
