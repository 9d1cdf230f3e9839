import { ErrorNote } from '../../../components/error-note';
import { mergeCallErrors, type TableItem } from '../lib/targets';

type Group = Extract<TableItem, { kind: 'group' }>;

/** A profile × region heading inside the table, with that slice's per-call errors. */
export function GroupRow({ group, loading }: { group: Group; loading: boolean }) {
  const errors = mergeCallErrors(group.slice?.errors ?? []);
  return (
    <div role="row">
      <div className="group-row" role="rowheader">
        <div className="group-title">
          <strong>{group.profile}</strong>
          <span className="muted"> / {group.region}</span>
          <span className="muted small group-count">
            {loading && !group.slice
              ? 'loading…'
              : group.count === group.total
                ? `${group.total} ${group.total === 1 ? 'database' : 'databases'}`
                : `${group.count} of ${group.total} match`}
          </span>
        </div>
        {group.fetchError ? <ErrorNote error={{ message: group.fetchError }} title="Could not load" /> : null}
        {errors.map((e) => (
          <ErrorNote key={e.calls} error={e.error} title={e.calls} />
        ))}
        {group.slice && group.total === 0 && errors.length === 0 && !group.slice.loading ? (
          <p className="muted small group-empty">
            {group.slice.fetchedAt
              ? 'No RDS or Aurora databases in this region.'
              : 'Not loaded yet: use Refresh next to this region on the left.'}
          </p>
        ) : null}
      </div>
    </div>
  );
}
