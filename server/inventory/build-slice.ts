import type { InventorySlice } from '../../shared/api.js';
import type { DiscoveredSlice } from '../aws/discovery/read-slice.js';
import type { SliceKey } from '../aws/discovery/convert.js';
import { applyEligibility } from './eligibility.js';

/** A discovered (profile, region) as the API shows it: sorted, with each host's eligibility for each target. */
export function buildSlice(key: SliceKey, found: DiscoveredSlice, fetchedAt: Date): InventorySlice {
  const targets = [...found.targets].sort((a, b) => byText(a.name, b.name) || byText(a.id, b.id));
  const hosts = [...found.hosts].sort((a, b) => byText(a.name ?? a.id, b.name ?? b.id) || byText(a.id, b.id));
  const eligibility = applyEligibility(targets, hosts);
  return {
    profile: key.profile,
    region: key.region,
    fetchedAt: fetchedAt.toISOString(),
    loading: false,
    targets,
    hosts,
    eligibility,
    errors: found.errors,
  };
}

/** Plain code-unit order: stable and far cheaper than localeCompare for thousands of names. */
function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
