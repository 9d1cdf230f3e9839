import { memo, useDeferredValue, useMemo, useState, type ReactNode } from 'react';
import type { InventorySlice, Target } from '../../../../../shared/api';
import { EmptyState } from '../../../components/empty-state';
import { sliceKey } from '../../../lib/live-state';
import { useStableArray } from '../../../lib/use-stable-array';
import { useInventory, type SliceRef } from '../api/get-inventory';
import { useInventoryProgress } from '../api/inventory-progress';
import { buildRows, tableItems, type Filter, type Sort } from '../lib/targets';
import { JumpHostsPanel } from './jump-hosts-panel';
import { TargetsTable } from './targets-table';
import { TargetsToolbar } from './targets-toolbar';

interface Props {
  refs: SliceRef[];
  tunnelFor: (targetId: string) => string | undefined;
  connecting: (targetId: string) => boolean;
  onConnect: (t: Target) => void;
  onShowTunnel: (tunnelId: string) => void;
  /** Extra content after the table that needs the loaded slices (the custom target form). */
  footer?: (slices: InventorySlice[]) => ReactNode;
}

export const TargetsSection = memo(function TargetsSection({ refs, tunnelFor, connecting, onConnect, onShowTunnel, footer }: Props) {
  const results = useInventory(refs);
  const progress = useInventoryProgress();
  const [filter, setFilter] = useState<Filter>({ query: '', tag: '' });
  const [sort, setSort] = useState<Sort>({ key: 'name', dir: 'asc' });
  const [selectedId, setSelectedId] = useState<string>();
  // Typing stays responsive with thousands of rows: filtering runs at a lower priority than the keystroke.
  const deferredFilter = useDeferredValue(filter);

  // Stable arrays, so that tunnel events (which re-render the page) do not rebuild a 2,000-row table.
  const sliceList = useStableArray(results.map((r) => r.slice));
  const errorList = useStableArray(results.map((r) => (r.error instanceof Error ? r.error.message : undefined)));
  const loadingList = useStableArray(results.map((r) => r.isLoading));
  const slices = useMemo(() => sliceList.filter((s): s is InventorySlice => s !== undefined), [sliceList]);
  const rowsList = useMemo(() => sliceList.map((s) => (s ? buildRows(s) : [])), [sliceList]);
  const items = useMemo(
    () =>
      tableItems(
        refs.map((r, i) => ({ ...r, slice: sliceList[i], rows: rowsList[i], fetchError: errorList[i] })),
        deferredFilter,
        sort,
      ),
    [refs, sliceList, rowsList, errorList, deferredFilter, sort],
  );
  const loadingSlices = useMemo(() => {
    const set = new Set<string>();
    refs.forEach((r, i) => loadingList[i] && set.add(sliceKey(r.profile, r.region)));
    for (const p of progress.data ?? []) if (p.phase === 'loading') set.add(sliceKey(p.profile, p.region));
    return set;
  }, [refs, loadingList, progress.data]);
  const tagOptions = useMemo(() => tagsOf(slices), [slices]);
  const total = slices.reduce((n, s) => n + s.targets.length, 0);
  const shown = items.reduce((n, i) => n + (i.kind === 'target' ? 1 : 0), 0);
  const selected = selectedId ? findTarget(slices, selectedId) : undefined;

  return (
    <>
      <section className="panel targets" data-testid="targets" aria-labelledby="targets-title">
        <div className="section-head">
          <h2 id="targets-title" className="section-title">
            Databases
          </h2>
        </div>
        {refs.length === 0 ? (
          <EmptyState title="No databases yet: pick a region for a profile on the left">
            <p>Porthole then discovers the RDS and Aurora databases and the SSM jump hosts in it.</p>
          </EmptyState>
        ) : (
          <>
            <TargetsToolbar filter={filter} tagOptions={tagOptions} shown={shown} total={total} onChange={setFilter} />
            <TargetsTable
              items={items}
              loadingSlices={loadingSlices}
              sort={sort}
              onSort={setSort}
              tunnelFor={tunnelFor}
              connecting={connecting}
              selectedId={selectedId}
              onConnect={onConnect}
              onShowTunnel={onShowTunnel}
              onSelect={(t) => setSelectedId((cur) => (cur === t.id ? undefined : t.id))}
            />
          </>
        )}
      </section>
      {refs.length > 0 ? <JumpHostsPanel slices={slices} selected={selected} onClear={() => setSelectedId(undefined)} /> : null}
      {footer?.(slices)}
    </>
  );
});

function findTarget(slices: InventorySlice[], id: string): Target | undefined {
  for (const s of slices) {
    const t = s.targets.find((x) => x.id === id);
    if (t) return t;
  }
  return undefined;
}

function tagsOf(slices: InventorySlice[]): string[] {
  const set = new Set<string>();
  for (const s of slices) for (const t of s.targets) for (const [k, v] of Object.entries(t.tags)) set.add(`${k}=${v}`);
  return [...set].sort().slice(0, 200);
}
