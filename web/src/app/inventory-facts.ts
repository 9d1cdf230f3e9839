import { useCallback, useMemo } from 'react';
import type { ApiError, InventoryProgress, InventorySlice, Tunnel } from '../../../shared/api';
import { useInventory, type SliceRef } from '../features/inventory/api/get-inventory';
import { useInventoryProgress } from '../features/inventory/api/inventory-progress';
import { hostsForTarget } from '../features/inventory/lib/hosts';
import type { CredentialEvidence } from '../features/profiles/lib/credential-view';
import type { HostChoice } from '../features/tunnels/components/jump-host-picker';
import { isCredentialError } from '../lib/error-home';
import { sliceKey } from '../lib/live-state';
import { useStableArray } from '../lib/use-stable-array';

const later = (a: string | undefined, b: string) => (a === undefined || b > a ? b : a);

/**
 * What the profiles' credentials look like from their region fetches (newest success and newest refusal): the
 * fetched slices, and the progress of fetches whose slice never arrived.
 */
export function evidenceFrom(slices: InventorySlice[], progress: InventoryProgress[] = []): Map<string, CredentialEvidence> {
  const out = new Map<string, CredentialEvidence>();
  const seen = new Set(slices.map((s) => sliceKey(s.profile, s.region)));
  const fetches: Pick<InventorySlice, 'profile' | 'region' | 'fetchedAt' | 'errors'>[] = [
    ...slices,
    ...progress
      .filter((p) => !seen.has(sliceKey(p.profile, p.region)) && isCredentialError(p.error))
      .map((p) => ({ profile: p.profile, region: p.region, errors: [{ call: 'fetch', error: p.error as ApiError }] })),
  ];
  for (const s of fetches) {
    const e = out.get(s.profile) ?? {};
    const refused = s.errors.find((c) => isCredentialError(c.error))?.error;
    // A fetch refused for its credentials may have no time (nothing was ever fetched): it still counts, as the oldest.
    const at = s.fetchedAt ?? '';
    if (refused) {
      if (!e.failed || later(e.failed.at, at) === at) e.failed = { region: s.region, at, error: refused };
    } else if (s.fetchedAt && later(e.worked?.at, s.fetchedAt) === s.fetchedAt) {
      e.worked = { region: s.region, at: s.fetchedAt };
    }
    out.set(s.profile, e);
  }
  return out;
}

/** The jump hosts a tunnel could use: for a discovered database the eligible ones and those in another VPC. */
export function hostChoicesFor(t: Tunnel, slice: InventorySlice | undefined): HostChoice[] {
  if (!slice) return [];
  const label = (name: string | undefined, id: string) => (name ? `${name} (${id})` : id);
  if (t.target.id && slice.targets.some((x) => x.id === t.target.id)) {
    return hostsForTarget(slice, t.target.id)
      .filter((v) => v.eligible || v.mayWork || v.host.id === t.jumpHostId)
      .map((v) => ({
        id: v.host.id,
        label: label(v.host.name, v.host.id),
        ...(v.mayWork ? { note: `in another VPC (${v.host.vpcId ?? 'unknown'}): works only if it can route to the database` } : {}),
      }));
  }
  return slice.hosts
    .filter((h) => h.pingStatus === 'Online' || h.id === t.jumpHostId)
    .map((h) => ({ id: h.id, label: label(h.name, h.id) }));
}

/**
 * The inventory as the rest of the page needs it: jump host names for tunnel cards and the drawer, credential
 * evidence for the profiles, host choices for the drawer. Reads the same cached queries as the table.
 */
export function useInventoryFacts(refs: SliceRef[]) {
  const results = useInventory(refs);
  const slices = useStableArray(results.flatMap((r) => (r.slice ? [r.slice] : [])));
  const bySlice = useMemo(() => new Map(slices.map((s) => [sliceKey(s.profile, s.region), s])), [slices]);
  const progress = useInventoryProgress().data;
  const evidence = useMemo(() => evidenceFrom(slices, progress), [slices, progress]);
  const hostName = useCallback(
    (t: Pick<Tunnel, 'profile' | 'region' | 'jumpHostId'>) =>
      bySlice.get(sliceKey(t.profile, t.region))?.hosts.find((h) => h.id === t.jumpHostId)?.name,
    [bySlice],
  );
  const hostChoices = useCallback((t: Tunnel) => hostChoicesFor(t, bySlice.get(sliceKey(t.profile, t.region))), [bySlice]);
  const evidenceFor = useCallback((profile: string) => evidence.get(profile) ?? {}, [evidence]);
  return { hostName, hostChoices, evidenceFor };
}
