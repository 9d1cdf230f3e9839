import { RefreshCw } from 'lucide-react';
import type { InventoryProgress } from '../../../../../shared/api';
import { ProgressBar } from '../../../components/progress-bar';
import { formatRelative } from '../../../lib/format';
import { useSliceFetchedAt } from '../../inventory/api/get-inventory';

interface Props {
  profile: string;
  region: string;
  progress?: InventoryProgress;
  now: number;
  onRefresh: () => void;
}

/** One profile × region: its refresh progress (from `inventory` events) and a Refresh button. */
export function SliceStatus({ profile, region, progress, now, onRefresh }: Props) {
  const loading = progress?.phase === 'loading';
  const sliceFetchedAt = useSliceFetchedAt(profile, region);
  const fetchedAt = progress?.fetchedAt ?? sliceFetchedAt;
  return (
    <li className="slice" data-testid={`slice-${profile}-${region}`}>
      <div className="slice-head">
        <span className="mono small">{region}</span>
        <span className="muted small slice-when">
          {loading
            ? `loading ${progress.done}/${progress.total}`
            : progress?.phase === 'error'
              ? 'failed'
              : fetchedAt
                ? `updated ${formatRelative(fetchedAt, now)}`
                : ''}
        </span>
        <button
          type="button"
          className="btn btn-icon btn-ghost"
          aria-label={`Refresh ${profile} ${region}`}
          title="Fetch databases and jump hosts again"
          disabled={loading}
          onClick={onRefresh}
        >
          <RefreshCw size={14} aria-hidden className={loading ? 'spin' : undefined} />
        </button>
      </div>
      {loading ? <ProgressBar done={progress.done} total={progress.total} label={`Loading ${profile} ${region}`} /> : null}
      {progress?.phase === 'error' && progress.error ? <p className="field-error small">{progress.error.message}</p> : null}
    </li>
  );
}
