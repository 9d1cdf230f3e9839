import { RefreshCw } from 'lucide-react';
import { useMemo } from 'react';
import { ErrorNote } from '../../../components/error-note';
import { ProgressBar } from '../../../components/progress-bar';
import { isCredentialError } from '../../../lib/error-home';
import { formatRelative } from '../../../lib/format';
import { useOnline } from '../../../lib/link';
import { sliceKey } from '../../../lib/live-state';
import { useSliceSummary } from '../api/get-inventory';
import { useInventoryProgress } from '../api/inventory-progress';
import { useRefreshInventory } from '../api/refresh-inventory';
import { LiveButton } from '../../../components/live-button';

interface Props {
  profile: string;
  region: string;
  now: number;
}

/**
 * One profile × region in the profiles column: when it was fetched, its progress while fetching, and Refresh.
 * Why a fetch failed is said once, in the databases table (credentials: on the profile), not here.
 */
export function SliceStatus({ profile, region, now }: Props) {
  const online = useOnline();
  const all = useInventoryProgress().data;
  const progress = useMemo(() => all?.find((p) => sliceKey(p.profile, p.region) === sliceKey(profile, region)), [all, profile, region]);
  const summary = useSliceSummary(profile, region);
  const refresh = useRefreshInventory();
  const loading = online && progress?.phase === 'loading';
  const fetchedAt = progress?.fetchedAt ?? summary?.fetchedAt;
  const credentials = summary?.credentialError ?? (isCredentialError(progress?.error) ? progress?.error : undefined);
  const state = !online
    ? 'unknown'
    : loading
      ? `loading ${progress.done}/${progress.total}`
      : credentials
        ? 'needs sign-in (see the profile)'
        : progress?.phase === 'error' || summary?.failed
          ? 'failed (see the databases table)'
          : fetchedAt
            ? `${summary?.cached && progress?.phase !== 'done' ? 'saved' : 'updated'} ${formatRelative(fetchedAt, now)}`
            : '';
  return (
    <li className="slice" data-testid={`slice-${profile}-${region}`}>
      <div className="slice-head">
        <span className="mono small">{region}</span>
        <span className={`small slice-when${credentials ? ' warn-text' : ' muted'}`}>{state}</span>
        <LiveButton
          className="btn btn-icon btn-ghost"
          title={`Fetch the databases and jump hosts of ${profile} in ${region} again`}
          disabled={loading || refresh.isPending}
          onClick={() => refresh.mutate({ profile, region })}
        >
          <RefreshCw size={14} aria-hidden className={loading ? 'spin' : undefined} />
          <span className="visually-hidden">
            Refresh {profile} {region}
          </span>
        </LiveButton>
      </div>
      {loading ? <ProgressBar done={progress.done} total={progress.total} label={`Loading ${profile} ${region}`} /> : null}
      {refresh.error ? <ErrorNote error={refresh.error} title="Not refreshed" onDismiss={() => refresh.reset()} /> : null}
    </li>
  );
}
