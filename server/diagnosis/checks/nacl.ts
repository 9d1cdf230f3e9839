import type { CheckStatus, DiagnosisCheck, DiagnosisFix } from '../../../shared/diagnosis.js';
import type { NaclEntry, NetworkAcl } from '../../aws/reads/types.js';
import type { DiagnosisFacts } from '../facts.js';
import { naclAllow } from '../fixes.js';
import { evaluateNacl, type Flow } from '../net/nacl-eval.js';
import { check, unknownFrom } from './check-kit.js';
import { dbSide, hostSide } from './peers.js';

/** Replies go to the client's ephemeral port; AWS's guidance is to allow 1024–65535 (VPC-UG VPC_ACLs). */
export const EPHEMERAL: [number, number] = [1024, 65535];

interface Finding {
  status: CheckStatus;
  line: string;
  fix?: DiagnosisFix;
}

/** nacl: both subnets' ACLs pass the database port one way and the ephemeral replies back. */
export function nacl(facts: DiagnosisFacts): DiagnosisCheck {
  const host = hostSide(facts);
  if (!host.subnetId || !host.ip) return check('nacl', 'unknown', 'The jump host’s subnet and address are not known.');
  const db = dbSide(facts);
  if (db.subnetIds.length === 0) {
    if (!facts.db.ok) return unknownFrom('nacl', facts.db.failure);
    return check('nacl', 'unknown', 'The database’s subnets are not known.');
  }
  if (!facts.nacls.ok) return unknownFrom('nacl', facts.nacls.failure);
  const acls = facts.nacls.value;
  const aclOf = (subnetId: string) => acls.find((acl) => acl.subnetIds.includes(subnetId));
  const port = facts.target.port;
  const region = facts.target.region;
  const findings: Finding[] = [];
  const read: string[] = [];
  const judge = (acl: NetworkAcl | undefined, flow: Flow, what: string) => {
    if (!acl) {
      findings.push({ status: 'unknown', line: `no ACL found for ${what}` });
      return;
    }
    const result = evaluateNacl(acl, flow);
    const ports = flow.fromPort === flow.toPort ? String(flow.fromPort) : `${flow.fromPort}-${flow.toPort}`;
    const line = `${acl.id} ${what} ${flow.egress ? 'outbound to' : 'inbound from'} ${flow.peerCidr} tcp ${ports}: ${result.verdict}${result.rule ? ` (rule ${result.rule.ruleNumber} ${result.rule.action} ${result.rule.cidr})` : ''}`;
    read.push(line);
    if (result.verdict === 'allow') return;
    const fix = result.rule
      ? naclAllow(region, acl.id, freeRuleNumber(acl, result.rule, flow.egress), flow.egress, flow.peerCidr, flow.fromPort, flow.toPort)
      : undefined;
    const status: CheckStatus = result.verdict === 'deny' ? 'fail' : 'warn';
    findings.push({ status, line, ...(fix ? { fix } : {}) });
  };
  const hostAcl = aclOf(host.subnetId);
  const hostCidr = `${host.ip}/32`;
  for (const subnetId of db.subnetIds) {
    if (subnetId === host.subnetId) {
      read.push(`${subnetId}: the jump host and the database share this subnet; ACLs do not filter inside it`);
      continue;
    }
    const dbAcl = aclOf(subnetId);
    for (const peer of db.bySubnet.get(subnetId) ?? []) {
      judge(hostAcl, { egress: true, peerCidr: peer, fromPort: port, toPort: port }, `(host subnet ${host.subnetId})`);
      judge(hostAcl, { egress: false, peerCidr: peer, fromPort: EPHEMERAL[0], toPort: EPHEMERAL[1] }, `(host subnet ${host.subnetId})`);
    }
    judge(dbAcl, { egress: false, peerCidr: hostCidr, fromPort: port, toPort: port }, `(database subnet ${subnetId})`);
    judge(dbAcl, { egress: true, peerCidr: hostCidr, fromPort: EPHEMERAL[0], toPort: EPHEMERAL[1] }, `(database subnet ${subnetId})`);
  }
  const worst =
    findings.find((finding) => finding.status === 'fail') ?? findings.find((finding) => finding.status === 'warn') ?? findings[0];
  if (!worst) return check('nacl', 'ok', 'The network ACLs of both subnets pass the database port and the replies.', { read });
  const summary =
    worst.status === 'fail'
      ? `A network ACL blocks the tunnel: ${worst.line}.`
      : `A network ACL may block part of the traffic: ${worst.line}.`;
  return check('nacl', worst.status, summary, { read, ...(worst.fix ? { fix: worst.fix } : {}) });
}

/** A free rule number just below the blocking rule, so the new allow is evaluated first. */
export function freeRuleNumber(acl: NetworkAcl, blocking: NaclEntry, egress: boolean): number {
  const taken = new Set(acl.entries.filter((entry) => entry.egress === egress).map((entry) => entry.ruleNumber));
  for (let candidate = blocking.ruleNumber - 1; candidate >= 1; candidate--) if (!taken.has(candidate)) return candidate;
  return Math.max(1, blocking.ruleNumber - 1);
}
