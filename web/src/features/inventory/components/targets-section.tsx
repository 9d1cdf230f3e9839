import { memo, useDeferredValue, useMemo, useState, type ReactNode } from 'react';
import type { ApiError, InventorySlice, Target } from '../../../../../shared/api';
import { EmptyState } from '../../../components/empty-state';
import { sliceKey } from '../../../lib/live-state';
import { useStableArray } from '../../../lib/use-stable-array';
import { useInventory, type SliceRef } from '../api/get-inventory';
import { useInventoryProgress } from '../api/inventory-progress';
import { buildRows, tableItems, type Filter, type Sort, type TableItem } from '../lib/targets';
import { GroupRow } from './group-row';
import { JumpHostsPanel } from './jump-hosts-panel';
import { TargetRowView, type RowTunnel } from './target-row';
import { TargetsTable } from './targets-table';
import { TargetsToolbar } from './targets-toolbar';

interface Props {
  refs: SliceRef[];
  tunnelFor: (targetId: string) => RowTunnel | undefined;
  connecting: (targetId: string) => boolean;
  /** Why opening a tunnel to this target failed; shown on its row until dismissed or retried. */
  connectError: (targetId: string) => ApiError | undefined;
  onConnect: (t: Target) => void;
  onUseHost: (t: Target, hostId: string) => void;
  onDismissConnectError: (targetId: string) => void;
  onShowTunnel: (tunnelId: string) => void;
  /** "Why can't I connect?" for a database, through a given jump host or the one Porthole would pick. */
  onDiagnose: (t: Target, jumpHostId?: string) => void;
  /** Extra content after the table that needs the loaded slices (the custom target form). */
  footer?: (slices: InventorySlice[]) => ReactNode;
}

export const TargetsSection = memo(function TargetsSection(props: Props) {
  const { refs, tunnelFor, connecting, connectError } = props;
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
  const total = slices.reduce((n, s) => n + s.targets.length, 0);
  const shown = items.reduce((n, i) => n + (i.kind === 'target' ? 1 : 0), 0);
  const selected = selectedId ? findTarget(slices, selectedId) : undefined;
  const select = (t: Target) => setSelectedId((cur) => (cur === t.id ? undefined : t.id));

  const renderItem = (item: TableItem) =>
    item.kind === 'group' ? (
      <GroupRow group={item} loading={loadingSlices.has(sliceKey(item.profile, item.region))} />
    ) : (
      <TargetRowView
        row={item.row}
        tunnel={tunnelFor(item.row.target.id)}
        connecting={connecting(item.row.target.id)}
        selected={selectedId === item.row.target.id}
        error={connectError(item.row.target.id)}
        onConnect={() => props.onConnect(item.row.target)}
        onShowTunnel={props.onShowTunnel}
        onSelect={() => select(item.row.target)}
        onChoose={() => setSelectedId(item.row.target.id)}
        onDiagnose={() => props.onDiagnose(item.row.target)}
        onDismissError={() => props.onDismissConnectError(item.row.target.id)}
      />
    );

  return (
    <>
      <section className="panel targets" data-testid="targets" aria-labelledby="targets-title">
        <div className="section-head">
          <h2 id="targets-title" className="section-title" tabIndex={-1}>
            Databases
          </h2>
        </div>
        {refs.length === 0 ? (
          <EmptyState title="No databases yet: pick a region for a profile">
            <p>Porthole then discovers the RDS and Aurora databases and the SSM jump hosts in it.</p>
          </EmptyState>
        ) : (
          <>
            <TargetsToolbar filter={filter} sort={sort} shown={shown} total={total} onChange={setFilter} onSort={setSort} />
            <TargetsTable
              items={items}
              sort={sort}
              onSort={setSort}
              renderItem={renderItem}
              empty={
                <EmptyState title={`No database matches “${filter.query || filter.tag}”`}>
                  <p>
                    Searched {total} databases in {refs.length} {refs.length === 1 ? 'region' : 'regions'} by name, engine, endpoint, VPC
                    and tags (key=value).
                  </p>
                  <button type="button" className="btn btn-small" onClick={() => setFilter({ query: '', tag: '' })}>
                    Clear search
                  </button>
                </EmptyState>
              }
            />
          </>
        )}
      </section>
      {refs.length > 0 ? (
        <JumpHostsPanel
          slices={slices}
          selected={selected}
          tunnel={selected ? tunnelFor(selected.id) : undefined}
          busy={selected ? connecting(selected.id) : false}
          error={selected ? connectError(selected.id) : undefined}
          onClear={() => setSelectedId(undefined)}
          onUseHost={props.onUseHost}
          onDiagnose={props.onDiagnose}
        />
      ) : null}
      {props.footer?.(slices)}
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
