import type { Tunnel } from '../../../../../shared/api';
import { ErrorNote } from '../../../components/error-note';
import { OFFLINE_TITLE, useOnline } from '../../../lib/link';
import { useUpdateTunnel } from '../api/update-tunnel';
import { isRunning } from '../lib/tunnel-state';

const CHOICES = [1, 2, 3, 4];
const WHY =
  'Parallel sessions: new client connections are spread over this many sessions to the same database (each carries about 1 MB/s). ' +
  "Each is a separate session in your account's audit log and counts against its service limits.";

/**
 * Issue 17, on the card: how many sessions the tunnel spreads its clients over (opt-in, 1–4), how many are open,
 * and the setting itself, which an open tunnel applies at once.
 */
export function ParallelSessionsFact({ tunnel: t }: { tunnel: Tunnel }) {
  const online = useOnline();
  const update = useUpdateTunnel();
  const wanted = t.parallelSessions ?? 1;
  const id = `sessions-${t.id}`;
  return (
    <div>
      <dt>
        <label htmlFor={id}>Sessions</label>
      </dt>
      <dd data-testid="parallel-sessions">
        <span className="inline-form" title={online ? WHY : OFFLINE_TITLE}>
          <select
            id={id}
            value={wanted}
            disabled={!online || update.isPending}
            aria-describedby={`${id}-open`}
            onChange={(e) => update.mutate({ id: t.id, patch: { parallelSessions: Number(e.target.value) } })}
          >
            {CHOICES.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </span>
        <span id={`${id}-open`} className="muted small">
          {online && wanted > 1 && isRunning(t) && t.parallel ? `${t.parallel.open} of ${wanted} open` : ''}
        </span>
        {update.error ? <ErrorNote error={update.error} title="Sessions not changed" onDismiss={() => update.reset()} /> : null}
      </dd>
    </div>
  );
}
