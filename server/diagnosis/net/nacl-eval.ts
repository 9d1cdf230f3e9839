// Network ACL evaluation (facts-aws-paths.md A1): stateless, per subnet and direction, lowest rule number
// first, first match wins, and `32767 *` denies. A port range is cut where rules begin and end so each piece
// is judged exactly; a peer known only as a whole subnet that a rule covers in part cannot be judged.
import type { NaclEntry, NetworkAcl } from '../../aws/reads/types.js';
import { coverage } from './cidr.js';

export interface Flow {
  /** Outbound from the subnet (true) or inbound to it. */
  egress: boolean;
  /** The other end's address (/32) or subnet. */
  peerCidr: string;
  /** Destination ports of the flow (the database port, or the ephemeral range for replies). */
  fromPort: number;
  toPort: number;
}

export type NaclVerdict = 'allow' | 'deny' | 'partial' | 'uncertain';

export interface NaclEvaluation {
  verdict: NaclVerdict;
  /** The rule that denies (part of) the flow, or that could not be judged. */
  rule?: NaclEntry;
}

function tcp(entry: NaclEntry): boolean {
  return entry.protocol === '-1' || entry.protocol === '6';
}

function portsOf(entry: NaclEntry): [number, number] {
  return entry.protocol === '-1' || entry.fromPort === undefined ? [0, 65535] : [entry.fromPort, entry.toPort ?? entry.fromPort];
}

export function evaluateNacl(acl: NetworkAcl, flow: Flow): NaclEvaluation {
  const entries = acl.entries
    .filter((entry) => entry.egress === flow.egress && tcp(entry) && entry.cidr)
    .sort((a, b) => a.ruleNumber - b.ruleNumber);
  // Cut the flow's ports wherever a rule's range starts or ends: inside a piece every rule matches all or nothing.
  const cuts = new Set<number>([flow.fromPort, flow.toPort + 1]);
  for (const entry of entries) {
    const [from, to] = portsOf(entry);
    if (from > flow.fromPort && from <= flow.toPort) cuts.add(from);
    if (to + 1 > flow.fromPort && to + 1 <= flow.toPort) cuts.add(to + 1);
  }
  const points = [...cuts].sort((a, b) => a - b);
  let allowed = 0;
  let denied: NaclEntry | undefined;
  for (let index = 0; index + 1 < points.length; index++) {
    const port = points[index]!;
    const decision = firstMatch(entries, port, flow.peerCidr);
    if (decision.uncertain) return { verdict: 'uncertain', rule: decision.entry };
    if (decision.entry?.action === 'allow') allowed++;
    else denied ??= decision.entry;
  }
  if (!denied) return { verdict: 'allow' };
  return { verdict: allowed > 0 ? 'partial' : 'deny', rule: denied };
}

function firstMatch(entries: NaclEntry[], port: number, peer: string): { entry?: NaclEntry; uncertain?: boolean } {
  for (const entry of entries) {
    const [from, to] = portsOf(entry);
    if (port < from || port > to) continue;
    const covered = coverage(entry.cidr!, peer);
    if (covered === 'all') return { entry };
    if (covered === 'some') return { entry, uncertain: true };
  }
  return {};
}
