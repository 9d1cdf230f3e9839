import type { ApiError } from '../../../../../shared/api';
import { ErrorNote } from '../../../components/error-note';
import { credentialWords, isCredentialError } from '../../../lib/error-home';
import { formatRelative } from '../../../lib/format';
import { useNow } from '../../../lib/use-now';
import { reveal } from '../../../lib/reveal';
import { mergeCallErrors, type TableItem } from '../lib/targets';

type Group = Extract<TableItem, { kind: 'group' }>;

/** The first credential failure among a slice's call errors: said on the profile, only pointed at here. */
export function credentialFailure(group: Pick<Group, 'slice'>): ApiError | undefined {
  return group.slice?.errors.find((e) => isCredentialError(e.error))?.error;
}

/**
 * Issue 17: rows shown from the disk cache of an earlier run say how old they are (and that a fresh look is under
 * way) until a fetch replaces them.
 */
function CachedAge({ fetchedAt, loading }: { fetchedAt: string | undefined; loading: boolean }) {
  const now = useNow(30_000);
  return (
    <span className="muted small group-count" data-testid="slice-age">
      {' · '}saved {formatRelative(fetchedAt, now)}
      {loading ? ', refreshing…' : ''}
    </span>
  );
}

/** A profile × region heading inside the table, with that slice's failures (credentials: a link to the profile). */
export function GroupRow({ group, loading }: { group: Group; loading: boolean }) {
  const credentials = credentialFailure(group);
  const errors = mergeCallErrors((group.slice?.errors ?? []).filter((e) => !isCredentialError(e.error)));
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
          {group.slice?.cached ? <CachedAge fetchedAt={group.slice.fetchedAt} loading={loading} /> : null}
        </div>
        {credentials ? (
          <p className="small group-note">
            Cannot list this region: profile {group.profile} {credentialWords(credentials)}.{' '}
            <button type="button" className="link" onClick={() => reveal({ kind: 'profile', name: group.profile })}>
              Show profile {group.profile}
            </button>
          </p>
        ) : null}
        {group.fetchError ? <ErrorNote error={{ message: group.fetchError }} title="Could not load" /> : null}
        {errors.map((e) => (
          <ErrorNote key={e.calls} error={e.error} title={e.calls} />
        ))}
        {group.slice && group.total === 0 && !credentials && errors.length === 0 && !group.slice.loading ? (
          <p className="muted small group-empty">
            {group.slice.fetchedAt ? 'No RDS or Aurora databases in this region.' : 'Not loaded yet: use Refresh next to this region.'}
          </p>
        ) : null}
      </div>
    </div>
  );
}
