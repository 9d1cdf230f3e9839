import type { HostEligibility, IneligibleReason, JumpHost, Target } from '../../shared/api.js';

/** The first SSM agent release that forwards to a remote host (AWS-StartPortForwardingSessionToRemoteHost). */
export const MIN_AGENT_VERSION = '3.1.1374.0';

/**
 * Every reason `host` cannot forward to `target`. A check is skipped when the fact it needs is
 * unknown (EC2 call failed, target still creating): we do not claim a failure we cannot see.
 */
export function hostEligibility(host: JumpHost, target: Pick<Target, 'vpcId'>): HostEligibility {
  return withVpc(host, hostReasons(host), target.vpcId);
}

/** The reasons that do not depend on the target. */
function hostReasons(host: JumpHost): IneligibleReason[] {
  const reasons: IneligibleReason[] = [];
  if (host.pingStatus !== 'Online') {
    reasons.push({ code: 'NOT_ONLINE', message: `The SSM agent is ${host.pingStatus}, not Online.` });
  }
  if (!host.agentVersion || compareAgentVersions(host.agentVersion, MIN_AGENT_VERSION) < 0) {
    reasons.push({
      code: 'AGENT_TOO_OLD',
      message: `SSM agent ${host.agentVersion ?? '(unknown version)'} is older than ${MIN_AGENT_VERSION}, needed to forward to a remote host.`,
    });
  }
  if (host.state && host.state !== 'running') {
    reasons.push({ code: 'NOT_RUNNING', message: `The instance is ${host.state}, not running.` });
  }
  return reasons;
}

function withVpc(host: JumpHost, hostOnly: IneligibleReason[], vpcId: string | undefined): HostEligibility {
  const reasons = [...hostOnly];
  if (host.vpcId && vpcId && host.vpcId !== vpcId) {
    // Keep the documented order: NOT_ONLINE, AGENT_TOO_OLD, OTHER_VPC, NOT_RUNNING.
    const at = reasons.findIndex((reason) => reason.code === 'NOT_RUNNING');
    const reason: IneligibleReason = { code: 'OTHER_VPC', message: `The host is in ${host.vpcId}; the database is in ${vpcId}.` };
    if (at === -1) reasons.push(reason);
    else reasons.splice(at, 0, reason);
  }
  return { hostId: host.id, eligible: reasons.length === 0, reasons };
}

/**
 * Eligible hosts, best first: a Name containing "bastion" or "jump" (case-insensitive), then the
 * newest agent, then the id so the order is stable.
 */
export function rankHosts(hosts: JumpHost[]): JumpHost[] {
  const keyed = hosts.map((host) => ({
    host,
    preferred: /bastion|jump/i.test(host.name ?? '') ? 0 : 1,
    version: host.agentVersion ?? '0',
  }));
  keyed.sort(
    (a, b) =>
      a.preferred - b.preferred ||
      compareAgentVersions(b.version, a.version) ||
      (a.host.id < b.host.id ? -1 : a.host.id > b.host.id ? 1 : 0),
  );
  return keyed.map((entry) => entry.host);
}

/**
 * Fills each target's eligibleHostIds / recommendedHostId and returns targetId → every host's
 * eligibility for it. Only the VPC check depends on the target, so results are computed once per
 * VPC and shared by the targets in it (thousands of targets × hundreds of hosts stay cheap).
 */
export function applyEligibility(targets: Target[], hosts: JumpHost[]): Record<string, HostEligibility[]> {
  const ranked = rankHosts(hosts).map((host) => ({ host, reasons: hostReasons(host) }));
  const perVpc = new Map<string, { results: HostEligibility[]; eligibleIds: string[] }>();
  const eligibility: Record<string, HostEligibility[]> = {};
  for (const target of targets) {
    const vpcKey = target.vpcId ?? '';
    let computed = perVpc.get(vpcKey);
    if (!computed) {
      const results = ranked.map(({ host, reasons }) => withVpc(host, reasons, target.vpcId));
      computed = { results, eligibleIds: results.filter((result) => result.eligible).map((result) => result.hostId) };
      perVpc.set(vpcKey, computed);
    }
    eligibility[target.id] = computed.results;
    target.eligibleHostIds = [...computed.eligibleIds];
    const recommended = target.eligibleHostIds[0];
    if (recommended) target.recommendedHostId = recommended;
    else delete target.recommendedHostId;
  }
  return eligibility;
}

/** Compares dotted numeric versions; a non-numeric part counts as 0. Negative when a < b. */
export function compareAgentVersions(a: string, b: string): number {
  const left = a.split('.').map((part) => Number.parseInt(part, 10) || 0);
  const right = b.split('.').map((part) => Number.parseInt(part, 10) || 0);
  for (let index = 0; index < Math.max(left.length, right.length); index++) {
    const difference = (left[index] ?? 0) - (right[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}
