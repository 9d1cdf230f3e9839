// One Client VPN endpoint as a way into one database: every check in path order, the worst status, and what it
// comes to in a sentence.
import type { CheckStatus } from '../../../shared/diagnosis.js';
import type { ClientVpnPath, PathCheck } from '../../../shared/paths.js';
import { routeFor } from './authorization.js';
import { authenticationCheck, authorizationCheck, securityGroupCheck } from './access-checks.js';
import { endpointCheck, networkCheck, routeCheck } from './network-checks.js';
import { endpointLabel, type VpnPathFacts } from './vpn-facts.js';

const RANK: Record<CheckStatus, number> = { ok: 0, warn: 1, unknown: 2, fail: 3 };

/** The worst status of `checks`: a broken link beats not knowing, which beats a caveat. */
export function worstStatus(checks: readonly Pick<PathCheck, 'status'>[]): CheckStatus {
  return checks.reduce<CheckStatus>((worst, check) => (RANK[check.status] > RANK[worst] ? check.status : worst), 'ok');
}

export function evaluateVpnPath(facts: VpnPathFacts): ClientVpnPath {
  const authorization = authorizationCheck(facts);
  const checks = [
    endpointCheck(facts),
    networkCheck(facts),
    routeCheck(facts),
    authorization.check,
    securityGroupCheck(facts),
    authenticationCheck(facts),
  ];
  const status = worstStatus(checks);
  const broken = checks.find((check) => check.status === 'fail');
  const label = endpointLabel(facts.endpoint);
  const summary =
    status === 'fail'
      ? `${label}: ${broken!.summary}`
      : status === 'unknown'
        ? `${label} may carry you to the database; some links could not be checked.`
        : `Connected to ${label}, you reach ${facts.target.host} directly.${status === 'warn' ? ' See the caveats.' : ''}`;
  const route = facts.db.cidrs[0] ? routeFor(facts.endpoint.routes, facts.db.cidrs[0]) : undefined;
  return {
    endpointId: facts.endpoint.id,
    ...(facts.endpoint.name ? { endpointName: facts.endpoint.name } : {}),
    status,
    summary,
    authentication: facts.endpoint.authentication,
    ...(authorization.authorization ? { authorization: authorization.authorization } : {}),
    ...(route ? { routeCidr: route.destinationCidr } : {}),
    checks,
    ...(broken ? { firstBroken: { check: broken.id, title: broken.title, summary: broken.summary } } : {}),
  };
}
