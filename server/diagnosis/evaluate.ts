import { CHECK_IDS, type CheckId, type DiagnosisCheck, type DiagnosisLink } from '../../shared/diagnosis.js';
import { check } from './checks/check-kit.js';
import { dbStatus } from './checks/db-status.js';
import { dbTls } from './checks/db-tls.js';
import { dns } from './checks/dns.js';
import { agentVersion, hostOnline, hostRunning, hostVpc } from './checks/host-state.js';
import { hostRole } from './checks/host-role.js';
import { iamStartSession } from './checks/iam-start-session.js';
import { nacl } from './checks/nacl.js';
import { sessionPreferences } from './checks/session-preferences.js';
import { sgEgress } from './checks/sg-egress.js';
import { sgIngress } from './checks/sg-ingress.js';
import { ssmReachability } from './checks/ssm-reachability.js';
import type { DiagnosisFacts } from './facts.js';

const EVALUATORS: Record<CheckId, (facts: DiagnosisFacts) => DiagnosisCheck> = {
  'iam-start-session': iamStartSession,
  'session-preferences': sessionPreferences,
  'host-running': hostRunning,
  'host-role': hostRole,
  'ssm-reachability': ssmReachability,
  'host-online': hostOnline,
  'agent-version': agentVersion,
  'host-vpc': hostVpc,
  'sg-egress': sgEgress,
  nacl,
  'sg-ingress': sgIngress,
  'db-status': dbStatus,
  dns,
  'db-tls': dbTls,
};

/** Every check, in CHECK_IDS order; a check that throws (a bug) is `unknown`, never the whole diagnosis. */
export function evaluateAll(facts: DiagnosisFacts): DiagnosisCheck[] {
  return CHECK_IDS.map((id) => {
    try {
      return EVALUATORS[id](facts);
    } catch (error) {
      return check(id, 'unknown', `Porthole could not evaluate this check (${error instanceof Error ? error.message : String(error)}).`);
    }
  });
}

/** The first `fail` along the path (CHECK_IDS order). */
export function firstBroken(checks: readonly DiagnosisCheck[]): DiagnosisLink | undefined {
  const broken = checks.find((candidate) => candidate.status === 'fail');
  return broken ? { check: broken.id, title: broken.title, summary: broken.summary } : undefined;
}
