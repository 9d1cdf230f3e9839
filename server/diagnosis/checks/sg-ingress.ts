import type { DiagnosisCheck } from '../../../shared/diagnosis.js';
import type { DiagnosisFacts } from '../facts.js';
import { authorizeIngress } from '../fixes.js';
import { admitsTcpPort, describeRule, evaluateSg } from '../net/sg-match.js';
import { check, unknownFrom } from './check-kit.js';
import { dbGroupIds, hostSide, prefixMap } from './peers.js';

/** sg-ingress: a rule on the database's groups admits the jump host (its group, or a CIDR/prefix list with its private address). */
export function sgIngress(facts: DiagnosisFacts): DiagnosisCheck {
  const { target } = facts;
  const groups = dbGroupIds(facts);
  if (!facts.dbRules.ok) return unknownFrom('sg-ingress', facts.dbRules.failure);
  if (groups.length === 0) return check('sg-ingress', 'unknown', `RDS names no security group for ${target.identifier}.`);
  const host = hostSide(facts);
  if (host.cidrs.length === 0 && host.groupIds.length === 0)
    return check('sg-ingress', 'unknown', 'The jump host’s address and groups are not known.');
  const rules = facts.dbRules.value.filter((rule) => !rule.egress && groups.includes(rule.groupId));
  const read = [
    `jump host ${facts.host.id}: ${host.ip ?? 'address unknown'}, groups ${host.groupIds.join(', ') || 'none'}`,
    ...rules.filter((rule) => admitsTcpPort(rule, target.port)).map((rule) => describeRule(rule, facts.groupNames)),
  ];
  const result = evaluateSg(rules, target.port, host, prefixMap(facts));
  if (result.verdict === 'allowed' || result.verdict === 'partial') {
    return check('sg-ingress', 'ok', `${describeRule(result.matching[0]!, facts.groupNames)} admits the jump host.`, { read });
  }
  if (result.verdict === 'unknown') {
    if (!facts.prefixLists.ok) return unknownFrom('sg-ingress', facts.prefixLists.failure, read);
    return check(
      'sg-ingress',
      'unknown',
      `Only prefix lists could admit the jump host, and their entries are unknown: ${result.unreadPrefixLists.join(', ')}.`,
      { read },
    );
  }
  const group = groups[0]!;
  const name = facts.groupNames.get(group);
  const source = host.groupIds[0] ? { groupId: host.groupIds[0] } : { cidr: `${host.ip!}/32` };
  return check('sg-ingress', 'fail', `No rule on ${groups.join(', ')} admits the jump host on TCP ${target.port}.`, {
    read,
    fix: {
      ...authorizeIngress(target.region, group, target.port, source),
      summary: `Add an inbound rule to ${group}${name ? ` (${name})` : ''}: TCP ${target.port} from ${'groupId' in source ? source.groupId : source.cidr}.`,
    },
  });
}
