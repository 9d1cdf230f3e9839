import { Search, X } from 'lucide-react';
import { useEffect, useId, useRef } from 'react';
import type { Filter } from '../lib/targets';

interface Props {
  filter: Filter;
  tagOptions: string[];
  shown: number;
  total: number;
  onChange: (f: Filter) => void;
}

function isTyping(el: Element | null): boolean {
  if (!el) return false;
  const tag = el.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || (el as HTMLElement).isContentEditable;
}

/** Search and tag filter; `/` anywhere (outside a text field) focuses the search box. */
export function TargetsToolbar({ filter, tagOptions, shown, total, onChange }: Props) {
  const search = useRef<HTMLInputElement>(null);
  const tagList = useId();
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

  return (
    <div className="toolbar" role="search">
      <label className="search">
        <Search size={16} aria-hidden />
        <input
          ref={search}
          type="search"
          value={filter.query}
          placeholder="Search name, engine, endpoint, VPC, tag…"
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
      <label className="tag-filter">
        <span className="visually-hidden">Filter by tag</span>
        <input
          type="text"
          list={tagList}
          value={filter.tag}
          placeholder="tag or key=value"
          aria-label="Filter by tag"
          onChange={(e) => onChange({ ...filter, tag: e.target.value })}
        />
        <datalist id={tagList}>
          {tagOptions.map((t) => (
            <option key={t} value={t} />
          ))}
        </datalist>
      </label>
      {filter.query || filter.tag ? (
        <button type="button" className="btn btn-small btn-ghost" onClick={() => onChange({ query: '', tag: '' })}>
          <X size={14} aria-hidden /> Clear
        </button>
      ) : null}
      <span className="muted small toolbar-count" aria-live="polite">
        {shown === total ? `${total} databases` : `${shown} of ${total} databases`}
      </span>
    </div>
  );
}
