import type { Tunnel } from '../../../../../shared/api';
import { ErrorNote } from '../../../components/error-note';
import { formatDateTime } from '../../../lib/format';
import { useTunnelHistory } from '../api/tunnel-history';
import { stateReason } from '../lib/tunnel-state';
import { StateBadge } from './state-badge';

/** The drawer's first part: why the tunnel is in its state, what it connects, and the states seen lately. */
export function StateSection({ t }: { t: Tunnel }) {
  return (
    <section aria-labelledby="drawer-state-title">
      <h3 id="drawer-state-title">State</h3>
      <p>{stateReason(t)}</p>
      <p className="muted small">Since {formatDateTime(t.since)}</p>
      {t.error ? <ErrorNote error={t.error} /> : null}
      <dl className="kv">
        <dt>Database</dt>
        <dd className="mono small">
          {t.target.host}:{t.target.port}
        </dd>
        <dt>Local port</dt>
        <dd className="mono">localhost:{t.localPort}</dd>
        <dt>Profile</dt>
        <dd>
          {t.profile} / {t.region}
        </dd>
        <dt>Jump host</dt>
        <dd className="mono small">{t.jumpHostId || '—'}</dd>
        <dt>Session</dt>
        <dd className="mono small">{t.sessionId ?? 'none'}</dd>
        <dt>Mode</dt>
        <dd>
          {t.lazy ? `lazy (session on first connection, ends after ${t.idleMinutes ?? 15} idle minutes)` : 'always on'}
          {t.autoStart ? ' · starts with Porthole' : ''}
        </dd>
      </dl>
      <StateHistory id={t.id} />
    </section>
  );
}

function StateHistory({ id }: { id: string }) {
  const history = useTunnelHistory(id);
  if (history.length < 2) return null;
  return (
    <details className="history">
      <summary>Recent states ({history.length})</summary>
      <ol data-testid="state-history">
        {[...history].reverse().map((h) => (
          <li key={`${h.state}:${h.since}`}>
            <StateBadge state={h.state} />
            <time dateTime={h.since} className="muted small">
              {new Date(h.since).toLocaleTimeString()}
            </time>
            {h.reason ? <span className="small">{h.reason}</span> : null}
          </li>
        ))}
      </ol>
    </details>
  );
}
