// Which way in to recommend, and the SSM path in brief. Pure: the dashboard shows the paths side by side and
// says which one to take. A direct path that works wins (no session, full TLS verification for every client);
// else the SSM tunnel when its checks pass (nothing to install, no inbound port); else a Client VPN endpoint
// that would carry the user.
import type { ApiError, Diagnosis, Target } from '../../shared/api.js';
import type { CheckStatus } from '../../shared/diagnosis.js';
import type { ClientVpnPath, DirectPathResult, PathRecommendation, SsmPath } from '../../shared/paths.js';
import { worstStatus } from './vpn/vpn-path.js';

/** The SSM tunnel's path from its diagnosis (or why there is none, e.g. no jump host in the region). */
export function ssmPath(target: Target, diagnosis: Diagnosis | undefined, error?: ApiError): SsmPath {
  const eligibleHostIds = target.eligibleHostIds;
  if (!diagnosis) {
    return {
      status: 'fail',
      summary: error?.message ?? 'Porthole could not check the SSM path.',
      eligibleHostIds,
      checks: [],
      ...(error ? { error } : {}),
    };
  }
  const checks = diagnosis.checks.map(({ id, title, status, summary }) => ({ id, title, status, summary }));
  const status: CheckStatus = diagnosis.firstBroken ? 'fail' : worstStatus(checks);
  const host = diagnosis.jumpHostId;
  const summary = diagnosis.firstBroken
    ? `Through ${host}: ${diagnosis.firstBroken.title} is broken: ${diagnosis.firstBroken.summary}`
    : status === 'unknown'
      ? `Through ${host}: no link is broken, but some could not be checked.`
      : `Through ${host}: every link checks out${status === 'warn' ? ', with caveats' : ''}.`;
  return {
    status,
    summary,
    jumpHostId: host,
    eligibleHostIds,
    diagnosisCheckedAt: diagnosis.checkedAt,
    ...(diagnosis.firstBroken ? { firstBroken: diagnosis.firstBroken } : {}),
    checks,
  };
}

const WORKS = new Set<CheckStatus>(['ok', 'warn']);

export function recommend(target: Target, direct: DirectPathResult, ssm: SsmPath, vpn: readonly ClientVpnPath[]): PathRecommendation {
  if (direct.usable) {
    const over = direct.route?.interface ? ` over ${direct.route.interface}` : '';
    return {
      kind: 'direct',
      message: `Connect directly: this computer reaches ${target.host} at ${direct.address ?? '?'}${over}, with TLS verified for the real name. No tunnel or session needed.`,
    };
  }
  if (WORKS.has(ssm.status)) {
    return { kind: 'ssm', message: `Open an SSM tunnel through ${ssm.jumpHostId ?? 'the recommended jump host'}: no VPN needed.` };
  }
  const endpoint = vpn.find((path) => path.status === 'ok') ?? vpn.find((path) => path.status === 'warn');
  if (endpoint) return vpnRecommendation(target, endpoint, '');
  // Nothing known to work: a path with no broken link, only links that could not be checked, may still.
  if (ssm.status === 'unknown') {
    return {
      kind: 'ssm',
      message: `Try an SSM tunnel through ${ssm.jumpHostId ?? 'the recommended jump host'}: no link is broken, though some could not be checked.`,
    };
  }
  const maybe = vpn.find((path) => path.status === 'unknown');
  if (maybe) return vpnRecommendation(target, maybe, ' Some of its links could not be checked.');
  return { kind: 'none', message: 'No way in works yet: see the first broken link of each path.' };
}

function vpnRecommendation(target: Target, path: ClientVpnPath, caveat: string): PathRecommendation {
  const name = path.endpointName ? `${path.endpointName} (${path.endpointId})` : path.endpointId;
  return {
    kind: 'client-vpn',
    endpointId: path.endpointId,
    message: `Connect the Client VPN ${name}, then connect directly to ${target.host}.${caveat}`,
  };
}
