import { ChevronDown, ChevronUp } from 'lucide-react';
import type { Sort, SortKey } from '../lib/targets';

function SortButton({ label, sortKey, sort, onSort }: { label: string; sortKey: SortKey; sort: Sort; onSort: (s: Sort) => void }) {
  const active = sort.key === sortKey;
  return (
    <button
      type="button"
      className={`sort-button${active ? ' is-active' : ''}`}
      aria-label={`Sort by ${label}${active ? (sort.dir === 'asc' ? ', ascending' : ', descending') : ''}`}
      onClick={() => onSort({ key: sortKey, dir: active && sort.dir === 'asc' ? 'desc' : 'asc' })}
    >
      {label}
      {active ? sort.dir === 'asc' ? <ChevronUp size={14} aria-hidden /> : <ChevronDown size={14} aria-hidden /> : null}
    </button>
  );
}

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

/** Column headers; each is a sort button (Endpoint and VPC share a column). */
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
                <SortButton label={label} sortKey={k} sort={sort} onSort={onSort} />
              </span>
            ))}
          </div>
        );
      })}
      <div role="columnheader" className="col-action">
        <span className="visually-hidden">Actions</span>
      </div>
    </div>
  );
}
