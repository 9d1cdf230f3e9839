import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import type { Target } from '../../../../../shared/api';
import type { Sort, TableItem } from '../lib/targets';
import { GroupRow } from './group-row';
import { SortHeader } from './sort-header';
import { TargetRowView } from './target-row';

interface Props {
  items: TableItem[];
  loadingSlices: Set<string>;
  sort: Sort;
  onSort: (s: Sort) => void;
  tunnelFor: (targetId: string) => string | undefined;
  connecting: (targetId: string) => boolean;
  selectedId?: string;
  onConnect: (t: Target) => void;
  onShowTunnel: (tunnelId: string) => void;
  onSelect: (t: Target) => void;
}

/** Only the visible rows are in the DOM, so thousands of targets scroll smoothly. Rows measure their own height. */
export function TargetsTable(props: Props) {
  const { items, sort } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scroller.current,
    estimateSize: (i) => (items[i]?.kind === 'group' ? 40 : 52),
    getItemKey: (i) => items[i]?.key ?? i,
    overscan: 8,
  });

  return (
    <div className="table" role="table" aria-label="Databases" aria-rowcount={items.length}>
      <SortHeader sort={sort} onSort={props.onSort} />
      <div ref={scroller} className="table-body" role="rowgroup" data-testid="targets-scroller">
        <div role="presentation" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((v) => {
            const item = items[v.index];
            if (!item) return null;
            return (
              <div
                key={v.key}
                data-index={v.index}
                ref={virtualizer.measureElement}
                className="vrow"
                role="presentation"
                style={{ transform: `translateY(${v.start}px)` }}
              >
                {item.kind === 'group' ? (
                  <GroupRow group={item} loading={props.loadingSlices.has(`${item.profile}\u0000${item.region}`)} />
                ) : (
                  <TargetRowView
                    row={item.row}
                    tunnelId={props.tunnelFor(item.row.target.id)}
                    connecting={props.connecting(item.row.target.id)}
                    selected={props.selectedId === item.row.target.id}
                    onConnect={() => props.onConnect(item.row.target)}
                    onShowTunnel={props.onShowTunnel}
                    onSelect={() => props.onSelect(item.row.target)}
                  />
                )}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
