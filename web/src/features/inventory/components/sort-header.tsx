import { ChevronDown, ChevronUp } from 'lucide-react';
import type { Sort, SortKey } from '../lib/targets';

const COLUMNS: { cls: string; keys: [SortKey, string][] }[] = [
  { cls: 'col-name', keys: [['name', 'Name']] },
  { cls: 'col-engine', keys: [['engine', 'Engine']] },
  {
    cls: 'col-endpoint',
    keys: [
      ['endpoint', 'Endpoint'],
      ['vpc', 'VPC'],
    ],
  },
  { cls: 'col-status', keys: [['status', 'Status']] },
  { cls: 'col-jump', keys: [['jump', 'Jump host']] },
];

/**
 * Column headers. A click sorts (as people expect of a table header); for the keyboard the "Sort by" field in
 * the toolbar does the same in one tab stop, so these stay out of the tab order.
 */
export function SortHeader({ sort, onSort }: { sort: Sort; onSort: (s: Sort) => void }) {
  return (
    <div className="table-head" role="row">
      {COLUMNS.map((c) => {
        const active = c.keys.some(([k]) => k === sort.key);
        return (
          <div
            key={c.cls}
            role="columnheader"
            className={c.cls}
            aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
          >
            {c.keys.map(([k, label], i) => (
              <span key={k}>
                {i > 0 ? <span className="muted"> · </span> : null}
                <button
                  type="button"
                  tabIndex={-1}
                  className={`sort-button${sort.key === k ? ' is-active' : ''}`}
                  onClick={() => onSort({ key: k, dir: sort.key === k && sort.dir === 'asc' ? 'desc' : 'asc' })}
                >
                  {label}
                  {sort.key === k ? sort.dir === 'asc' ? <ChevronUp size={14} aria-hidden /> : <ChevronDown size={14} aria-hidden /> : null}
                </button>
              </span>
            ))}
          </div>
        );
      })}
      <div role="columnheader" className="col-action">
        <span className="visually-hidden">Action</span>
      </div>
    </div>
  );
}
