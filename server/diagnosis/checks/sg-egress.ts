import type { DiagnosisCheck } from '../../../shared/diagnosis.js';
import type { DiagnosisFacts } from '../facts.js';
import { authorizeEgress } from '../fixes.js';
import { admitsTcpPort, describeRule, evaluateSg } from '../net/sg-match.js';
import { check, unknownFrom } from './check-kit.js';
import { dbSide, describeDb, hostSide, prefixMap } from './peers.js';

/** sg-egress: the jump host's groups let it send to the database port (the default allow-all counts). */
export function sgEgress(facts: DiagnosisFacts): DiagnosisCheck {
  const { target } = facts;
  if (!facts.hostRules.ok) return unknownFrom('sg-egress', facts.hostRules.failure);
  const host = hostSide(facts);
  if (host.groupIds.length === 0) return check('sg-egress', 'unknown', 'The jump host’s security groups are not known.');
  const db = dbSide(facts);
  const rules = facts.hostRules.value.filter((rule) => rule.egress && host.groupIds.includes(rule.groupId));
  const read = [
    describeDb(db),
    ...rules.filter((rule) => admitsTcpPort(rule, target.port)).map((rule) => describeRule(rule, facts.groupNames)),
  ];
  const result = evaluateSg(rules, target.port, db, prefixMap(facts));
  if (result.verdict === 'allowed')
    return check('sg-egress', 'ok', `${describeRule(result.matching[0]!, facts.groupNames)} lets the jump host reach it.`, { read });
  const destination = db.groupIds[0] ? { groupId: db.groupIds[0] } : { cidr: db.cidrs[0] ?? '0.0.0.0/0' };
  const fix = authorizeEgress(target.region, host.groupIds[0]!, target.port, destination);
  if (result.verdict === 'partial') {
    return check('sg-egress', 'warn', `The jump host may reach only some of the database's addresses on TCP ${target.port}.`, {
      read,
      fix,
    });
  }
  if (result.verdict === 'unknown') {
    if (!facts.prefixLists.ok) return unknownFrom('sg-egress', facts.prefixLists.failure, read);
    if (!facts.dbInterfaces.ok && db.source === 'none') return unknownFrom('sg-egress', facts.dbInterfaces.failure, read);
    return check('sg-egress', 'unknown', 'The database’s addresses are not known, and no rule allows every address.', { read });
  }
  return check('sg-egress', 'fail', `No outbound rule on ${host.groupIds.join(', ')} allows TCP ${target.port} to the database.`, {
    read,
    fix,
  });
}
