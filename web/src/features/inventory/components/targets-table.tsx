import { useVirtualizer, useWindowVirtualizer, type VirtualItem } from '@tanstack/react-virtual';
import { useRef, type ReactNode } from 'react';
import { renderWindow } from '../../../lib/first-render';
import { NARROW, useMedia } from '../../../lib/use-media';
import type { Sort, TableItem } from '../lib/targets';
import { SortHeader } from './sort-header';

interface Props {
  items: TableItem[];
  sort: Sort;
  onSort: (s: Sort) => void;
  renderItem: (item: TableItem) => ReactNode;
  /** Shown in the table body when there are no items (e.g. a search with no match). */
  empty?: ReactNode;
}

const estimate = (items: TableItem[]) => (i: number) => (items[i]?.kind === 'group' ? 40 : 56);

/**
 * The box's height before it exists (targets.css: clamp(300px, 100vh - 260px, 900px)). Without it the first
 * render has no rows: the virtualizer learns the box's size only after mounting, and the rows came one render
 * (and, at 2,000 targets, about 100 ms) later.
 */
const firstBoxRect = () => {
  const { width, height } = renderWindow();
  return { width, height: Math.min(900, Math.max(300, height - 260)) };
};

/** What the rows need of either virtualizer (its own box, or the window). */
interface RowSource {
  getTotalSize(): number;
  getVirtualItems(): VirtualItem[];
  measureElement: (el: Element | null) => void;
}

function Rows({
  virtualizer,
  items,
  offset,
  renderItem,
}: {
  virtualizer: RowSource;
  items: TableItem[];
  offset: number;
  renderItem: Props['renderItem'];
}) {
  return (
    <div role="presentation" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
      {virtualizer.getVirtualItems().map((v: VirtualItem) => {
        const item = items[v.index];
        if (!item) return null;
        return (
          <div
            key={v.key}
            data-index={v.index}
            ref={virtualizer.measureElement}
            className="vrow"
            role="presentation"
            style={{ transform: `translateY(${v.start - offset}px)` }}
          >
            {renderItem(item)}
          </div>
        );
      })}
    </div>
  );
}

/** Wide windows: the table scrolls in its own box, so the tunnels above stay in view. */
function BoxBody({ items, renderItem }: Pick<Props, 'items' | 'renderItem'>) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scroller.current,
    initialRect: firstBoxRect(),
    estimateSize: estimate(items),
    getItemKey: (i) => items[i]?.key ?? i,
    overscan: 8,
  });
  return (
    <div ref={scroller} className="table-body" role="rowgroup" data-testid="targets-scroller">
      <Rows virtualizer={virtualizer} items={items} offset={0} renderItem={renderItem} />
    </div>
  );
}

/** Phones: the rows scroll with the page (no scroll box inside the page). */
function WindowBody({ items, renderItem }: Pick<Props, 'items' | 'renderItem'>) {
  const body = useRef<HTMLDivElement>(null);
  // Where the list starts on the page; re-read on every render, and the virtualizer renders on every scroll.
  const margin = body.current ? body.current.getBoundingClientRect().top + window.scrollY : 0;
  const virtualizer = useWindowVirtualizer({
    count: items.length,
    initialRect: renderWindow(),
    estimateSize: estimate(items),
    getItemKey: (i) => items[i]?.key ?? i,
    overscan: 8,
    scrollMargin: margin,
  });
  return (
    <div ref={body} className="table-body table-body-page" role="rowgroup" data-testid="targets-scroller">
      <Rows virtualizer={virtualizer} items={items} offset={margin} renderItem={renderItem} />
    </div>
  );
}

/** Only the visible rows are in the DOM, so thousands of targets scroll smoothly. Rows measure their own height. */
export function TargetsTable({ items, sort, onSort, renderItem, empty }: Props) {
  const narrow = useMedia(NARROW);
  return (
    <div className="table" role="table" aria-label="Databases" aria-rowcount={items.length}>
      {narrow ? null : <SortHeader sort={sort} onSort={onSort} />}
      {items.length === 0 && empty ? (
        <div role="rowgroup">
          <div role="row">
            <div role="cell" className="table-empty">
              {empty}
            </div>
          </div>
        </div>
      ) : narrow ? (
        <WindowBody items={items} renderItem={renderItem} />
      ) : (
        <BoxBody items={items} renderItem={renderItem} />
      )}
    </div>
  );
}
