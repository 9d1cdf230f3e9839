// Security-group rule matching (facts-aws-paths.md A1): a rule lets tcp/<port> through when its protocol is
// tcp, 6 or -1 and its range holds the port, and its peer is a referenced group the other side is in, a CIDR
// holding the other side's address, or a prefix list with such a CIDR. Rules only allow; any match is enough.
import type { SgRule } from '../../aws/reads/types.js';
import { coverage } from './cidr.js';

/** The other side of the connection: its addresses (an IP as /32, or whole subnets when the IP is unknown) and groups. */
export interface Peer {
  cidrs: string[];
  groupIds: string[];
}

export type SgVerdict = 'allowed' | 'partial' | 'blocked' | 'unknown';

export interface SgEvaluation {
  verdict: SgVerdict;
  /** The rules that let (some of) the traffic through. */
  matching: SgRule[];
  /** Prefix lists whose entries could not be read, when they might have decided. */
  unreadPrefixLists: string[];
}

export function admitsTcpPort(rule: SgRule, port: number): boolean {
  if (rule.protocol === '-1') return true;
  if (rule.protocol !== 'tcp' && rule.protocol !== '6') return false;
  if (rule.fromPort === undefined || rule.fromPort === -1) return true;
  return rule.fromPort <= port && port <= (rule.toPort ?? rule.fromPort);
}

type Coverage = 'all' | 'some' | 'none' | 'unknown';

function ruleCoverage(rule: SgRule, cidr: string, peer: Peer, prefixLists: ReadonlyMap<string, string[]>): Coverage {
  if (rule.referencedGroupId) return peer.groupIds.includes(rule.referencedGroupId) ? 'all' : 'none';
  if (rule.cidrIpv4) return coverage(rule.cidrIpv4, cidr);
  if (rule.prefixListId) {
    const entries = prefixLists.get(rule.prefixListId);
    if (!entries) return 'unknown';
    const each = entries.map((entry) => coverage(entry, cidr));
    return each.includes('all') ? 'all' : each.includes('some') ? 'some' : 'none';
  }
  return 'none';
}

/** Whether `rules` (one direction, already filtered to the groups that apply) let tcp/`port` reach every address of `peer`. */
export function evaluateSg(rules: readonly SgRule[], port: number, peer: Peer, prefixLists: ReadonlyMap<string, string[]>): SgEvaluation {
  const candidates = rules.filter((rule) => admitsTcpPort(rule, port));
  const matching = new Set<SgRule>();
  const unread = new Set<string>();
  // Without known addresses only a group reference or an everything-CIDR can be judged.
  const targets = peer.cidrs.length > 0 ? peer.cidrs : ['0.0.0.0/0'];
  const perTarget = targets.map((cidr) => {
    let best: Coverage = 'none';
    for (const rule of candidates) {
      const found =
        peer.cidrs.length > 0 || rule.referencedGroupId || rule.cidrIpv4 === '0.0.0.0/0'
          ? ruleCoverage(rule, cidr, peer, prefixLists)
          : 'unknown';
      if (found === 'all' || found === 'some') matching.add(rule);
      if (found === 'unknown' && rule.prefixListId) unread.add(rule.prefixListId);
      if (found === 'all') best = 'all';
      else if (found === 'some' && best !== 'all') best = 'some';
      else if (found === 'unknown' && best === 'none') best = 'unknown';
    }
    return best;
  });
  const verdict: SgVerdict = perTarget.every((c) => c === 'all')
    ? 'allowed'
    : perTarget.some((c) => c === 'all' || c === 'some')
      ? 'partial'
      : perTarget.some((c) => c === 'unknown')
        ? 'unknown'
        : 'blocked';
  return { verdict, matching: [...matching], unreadPrefixLists: [...unread] };
}

/** A rule as one readable line, e.g. "sg-0db… inbound tcp 5432 from sg-0bastion1 (sgr-…)". */
export function describeRule(rule: SgRule, names: ReadonlyMap<string, string> = new Map()): string {
  const ports = rule.protocol === '-1' ? 'all traffic' : `${rule.protocol === '6' ? 'tcp' : rule.protocol} ${portText(rule)}`;
  const peer = rule.referencedGroupId ?? rule.cidrIpv4 ?? rule.cidrIpv6 ?? rule.prefixListId ?? '?';
  const named = (id: string) => (names.get(id) ? `${id} (${names.get(id)})` : id);
  const id = rule.ruleId ? ` [${rule.ruleId}]` : '';
  return `${named(rule.groupId)} ${rule.egress ? 'outbound' : 'inbound'} ${ports} ${rule.egress ? 'to' : 'from'} ${named(peer)}${id}`;
}

function portText(rule: SgRule): string {
  if (rule.fromPort === undefined || rule.fromPort === -1) return 'all ports';
  return rule.fromPort === rule.toPort || rule.toPort === undefined ? String(rule.fromPort) : `${rule.fromPort}-${rule.toPort}`;
}
