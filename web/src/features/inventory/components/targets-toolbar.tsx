import { Search, X } from 'lucide-react';
import { useEffect, useId, useRef } from 'react';
import type { Filter, Sort, SortKey } from '../lib/targets';

interface Props {
  filter: Filter;
  sort: Sort;
  shown: number;
  total: number;
  onChange: (f: Filter) => void;
  onSort: (s: Sort) => void;
}

function isTyping(el: Element | null): boolean {
  if (!el) return false;
  const tag = el.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || (el as HTMLElement).isContentEditable;
}

const SORTS: [string, string][] = [
  ['name:asc', 'Name, A to Z'],
  ['name:desc', 'Name, Z to A'],
  ['engine:asc', 'Engine'],
  ['endpoint:asc', 'Endpoint'],
  ['vpc:asc', 'VPC'],
  ['status:asc', 'Status'],
  ['jump:desc', 'Most eligible jump hosts'],
  ['jump:asc', 'Fewest eligible jump hosts'],
];

/**
 * Search (name, engine, endpoint, VPC, tag as key=value) and sort: two tab stops before the first row's
 * action. `/` anywhere outside a text field focuses the search box.
 */
export function TargetsToolbar({ filter, sort, shown, total, onChange, onSort }: Props) {
  const search = useRef<HTMLInputElement>(null);
  const sortId = useId();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || isTyping(document.activeElement)) return;
      if (document.querySelector('[role="dialog"]')) return; // the drawer is open: the table is behind it
      e.preventDefault();
      search.current?.focus();
      search.current?.select();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  const sortValue = `${sort.key}:${sort.dir}`;
  const options = SORTS.some(([v]) => v === sortValue)
    ? SORTS
    : [...SORTS, [sortValue, `${sort.key}, ${sort.dir === 'asc' ? 'ascending' : 'descending'}`]];

  return (
    <div className="toolbar" role="search">
      <label className="search">
        <Search size={16} aria-hidden />
        <input
          ref={search}
          type="search"
          value={filter.query}
          placeholder="Search name, engine, endpoint, VPC, env=prod…"
          aria-label="Search databases"
          aria-keyshortcuts="/"
          data-testid="target-search"
          onChange={(e) => onChange({ ...filter, query: e.target.value })}
          onKeyDown={(e) => {
            if (e.key === 'Escape') onChange({ ...filter, query: '' });
          }}
        />
        <kbd className="kbd" aria-hidden>
          /
        </kbd>
      </label>
      {filter.query || filter.tag ? (
        <button type="button" className="btn btn-small btn-ghost" onClick={() => onChange({ query: '', tag: '' })}>
          <X size={14} aria-hidden /> Clear search
        </button>
      ) : null}
      <span className="sort">
        <label htmlFor={sortId} className="muted small">
          Sort by
        </label>
        <select
          id={sortId}
          value={sortValue}
          onChange={(e) => {
            const [key, dir] = e.target.value.split(':') as [SortKey, Sort['dir']];
            onSort({ key, dir });
          }}
        >
          {options.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </span>
      <span className="muted small toolbar-count" aria-live="polite">
        {shown === total ? `${total} databases` : `${shown} of ${total} databases`}
      </span>
    </div>
  );
}
