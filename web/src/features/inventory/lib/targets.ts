import type { ApiError, CallError, IneligibleCode, InventorySlice, JumpHost, Target } from '../../../../../shared/api';
import { onlyOtherVpc } from './hosts';

/** A target with what the table needs from its slice: the recommended host and why none, if none. */
export interface TargetRow {
  target: Target;
  recommended?: JumpHost;
  eligibleCount: number;
  hostCount: number;
  /** Set when no host is eligible: why, in words. */
  whyNone?: string;
  /** Hosts not eligible only because they are in another VPC: the user may pick one (it works if the VPCs are connected). */
  mayWorkCount: number;
}

export type SortKey = 'name' | 'engine' | 'endpoint' | 'vpc' | 'status' | 'jump';
export interface Sort {
  key: SortKey;
  dir: 'asc' | 'desc';
}

export type TableItem =
  | {
      kind: 'group';
      key: string;
      profile: string;
      region: string;
      count: number;
      total: number;
      slice?: InventorySlice;
      /** The slice could not be fetched at all. */
      fetchError?: string;
    }
  | { kind: 'target'; key: string; row: TargetRow };

const REASON_WORDS: Record<IneligibleCode, [string, string]> = {
  NOT_ONLINE: ['is not Online in SSM', 'are not Online in SSM'],
  AGENT_TOO_OLD: ['has an SSM agent older than 3.1.1374.0', 'have an SSM agent older than 3.1.1374.0'],
  OTHER_VPC: ['is in another VPC', 'are in another VPC'],
  NOT_RUNNING: ['is not running', 'are not running'],
};

/** "No eligible jump host: 2 hosts are in another VPC; 1 host is not Online in SSM." */
export function whyNoHost(slice: InventorySlice, targetId: string): string {
  if (slice.hosts.length === 0) return 'No SSM-managed instances in this region';
  const counts = new Map<IneligibleCode, number>();
  for (const e of slice.eligibility[targetId] ?? []) {
    for (const r of e.reasons) counts.set(r.code, (counts.get(r.code) ?? 0) + 1);
  }
  if (counts.size === 0) return 'No eligible jump host';
  const parts = [...counts].map(([code, n]) => `${n} ${n === 1 ? 'host' : 'hosts'} ${REASON_WORDS[code][n === 1 ? 0 : 1]}`);
  return `No eligible jump host: ${parts.join('; ')}`;
}

export function buildRows(slice: InventorySlice): TargetRow[] {
  const hosts = new Map(slice.hosts.map((h) => [h.id, h]));
  return slice.targets.map((target) => {
    const recommendedId = target.recommendedHostId ?? target.eligibleHostIds[0];
    const recommended = recommendedId ? hosts.get(recommendedId) : undefined;
    const row: TargetRow = {
      target,
      eligibleCount: target.eligibleHostIds.length,
      hostCount: slice.hosts.length,
      mayWorkCount: (slice.eligibility[target.id] ?? []).filter((e) => !e.eligible && onlyOtherVpc(e.reasons)).length,
    };
    if (recommended) row.recommended = recommended;
    if (target.eligibleHostIds.length === 0) row.whyNone = whyNoHost(slice, target.id);
    return row;
  });
}

export interface Filter {
  query: string;
  /** "key" (has the tag) or "key=value". */
  tag: string;
}

function haystack(t: Target): string {
  const tags = Object.entries(t.tags).map(([k, v]) => `${k}=${v}`);
  return [t.name, t.identifier, t.engine, t.engineVersion, t.host, t.vpcId, t.status, t.profile, t.region, ...tags]
    .filter(Boolean)
    .join(' ')
    .toLowerCase();
}

export function matchesTag(tags: Record<string, string>, filter: string): boolean {
  const f = filter.trim().toLowerCase();
  if (!f) return true;
  const eq = f.indexOf('=');
  const key = eq === -1 ? f : f.slice(0, eq).trim();
  const value = eq === -1 ? undefined : f.slice(eq + 1).trim();
  return Object.entries(tags).some(([k, v]) => k.toLowerCase() === key && (value === undefined || v.toLowerCase() === value));
}

/** Every word of the query must appear somewhere in the target (name, engine, endpoint, VPC, tags …). */
export function filterRows(rows: TargetRow[], filter: Filter): TargetRow[] {
  const words = filter.query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0 && !filter.tag.trim()) return rows;
  return rows.filter((r) => {
    if (!matchesTag(r.target.tags, filter.tag)) return false;
    if (words.length === 0) return true;
    const text = haystack(r.target);
    return words.every((w) => text.includes(w));
  });
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

function sortValue(r: TargetRow, key: SortKey): string | number {
  switch (key) {
    case 'name':
      return r.target.name;
    case 'engine':
      return `${r.target.engine} ${r.target.engineVersion ?? ''}`;
    case 'endpoint':
      return r.target.host;
    case 'vpc':
      return r.target.vpcId ?? '';
    case 'status':
      return r.target.status;
    case 'jump':
      return r.eligibleCount;
  }
}

export function sortRows(rows: TargetRow[], sort: Sort): TargetRow[] {
  const sign = sort.dir === 'asc' ? 1 : -1;
  return rows.slice().sort((a, b) => {
    const va = sortValue(a, sort.key);
    const vb = sortValue(b, sort.key);
    const c = typeof va === 'number' && typeof vb === 'number' ? va - vb : collator.compare(String(va), String(vb));
    return c !== 0 ? c * sign : collator.compare(a.target.name, b.target.name);
  });
}

export interface SliceRows {
  profile: string;
  region: string;
  slice?: InventorySlice | undefined;
  /** buildRows(slice), computed once per fetched slice rather than per keystroke. */
  rows?: TargetRow[] | undefined;
  fetchError?: string | undefined;
}

export function isFiltering(filter: Filter): boolean {
  return filter.query.trim() !== '' || filter.tag.trim() !== '';
}

/**
 * Group header then its rows, per slice in the given order. Without a filter every slice keeps its header (it
 * says "loading", "empty" or why it failed); while filtering, a slice with nothing matching is left out, so a
 * search without any match leaves no rows at all (the table then says so).
 */
export function tableItems(slices: SliceRows[], filter: Filter, sort: Sort): TableItem[] {
  const items: TableItem[] = [];
  const filtering = isFiltering(filter);
  for (const s of slices) {
    const all = s.rows ?? (s.slice ? buildRows(s.slice) : []);
    const rows = sortRows(filterRows(all, filter), sort);
    if (filtering && rows.length === 0) continue;
    const group: TableItem = {
      kind: 'group',
      key: `g:${s.profile}:${s.region}`,
      profile: s.profile,
      region: s.region,
      count: rows.length,
      total: all.length,
    };
    if (s.slice) group.slice = s.slice;
    if (s.fetchError) group.fetchError = s.fetchError;
    items.push(group);
    for (const row of rows) items.push({ kind: 'target', key: row.target.id, row });
  }
  return items;
}

/** One note per distinct failure: several calls failing the same way (e.g. no credentials) are said once. */
export function mergeCallErrors(errors: CallError[]): { calls: string; error: ApiError }[] {
  const byText = new Map<string, { calls: string[]; error: ApiError }>();
  for (const e of errors) {
    const key = `${e.error.code}\u0000${e.error.message}\u0000${e.error.hint ?? ''}`;
    const seen = byText.get(key);
    if (seen) seen.calls.push(e.call);
    else byText.set(key, { calls: [e.call], error: e.error });
  }
  return [...byText.values()].map((v) => ({ calls: v.calls.join(', '), error: v.error }));
}
