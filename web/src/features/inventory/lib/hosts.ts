import type { HostEligibility, IneligibleReason, InventorySlice, JumpHost } from '../../../../../shared/api';

export interface HostView {
  host: JumpHost;
  eligible: boolean;
  recommended: boolean;
  reasons: IneligibleReason[];
  /**
   * Worth trying although not eligible: its only problem is another VPC, which peering or a transit gateway
   * may bridge (Porthole cannot see routes between VPCs). Offline, old-agent or stopped hosts never work.
   */
  mayWork: boolean;
}

/** A host whose only reason is "another VPC" can still reach the database when the VPCs are connected. */
export function onlyOtherVpc(reasons: IneligibleReason[]): boolean {
  return reasons.length > 0 && reasons.every((r) => r.code === 'OTHER_VPC');
}

/** Each host of the slice as seen from one target: eligible (recommended first) or with its reasons. */
export function hostsForTarget(slice: InventorySlice, targetId: string): HostView[] {
  const target = slice.targets.find((t) => t.id === targetId);
  const elig = new Map((slice.eligibility[targetId] ?? []).map((e: HostEligibility) => [e.hostId, e]));
  const order = new Map((target?.eligibleHostIds ?? []).map((id, i) => [id, i]));
  return slice.hosts
    .map((host) => {
      const e = elig.get(host.id);
      const eligible = e ? e.eligible : order.has(host.id);
      const reasons = e?.reasons ?? [];
      return { host, eligible, recommended: target?.recommendedHostId === host.id, reasons, mayWork: !eligible && onlyOtherVpc(reasons) };
    })
    .sort((a, b) => {
      if (a.eligible !== b.eligible) return a.eligible ? -1 : 1;
      if (a.mayWork !== b.mayWork) return a.mayWork ? -1 : 1;
      return (order.get(a.host.id) ?? 1e9) - (order.get(b.host.id) ?? 1e9);
    });
}

/**
 * Problems a host has whatever the target (not Online, old agent, not running): the reasons the slice's
 * eligibility reports for it, without "another VPC", which depends on the target.
 */
export function hostProblems(slice: InventorySlice, hostId: string): IneligibleReason[] {
  return hostProblemsByHost(slice).get(hostId) ?? [];
}

/** `hostProblems` for every host of the slice in one pass over its eligibility (2,000 targets × 500 hosts). */
export function hostProblemsByHost(slice: InventorySlice): Map<string, IneligibleReason[]> {
  const seen = new Map<string, Map<string, IneligibleReason>>();
  for (const list of Object.values(slice.eligibility)) {
    for (const e of list) {
      for (const r of e.reasons) {
        if (r.code === 'OTHER_VPC') continue;
        let codes = seen.get(e.hostId);
        if (!codes) seen.set(e.hostId, (codes = new Map()));
        if (!codes.has(r.code)) codes.set(r.code, r);
      }
    }
  }
  return new Map([...seen].map(([hostId, codes]) => [hostId, [...codes.values()]]));
}
