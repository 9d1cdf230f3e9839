import type { Tunnel } from '../../../../../shared/api';
import { formatDateTime } from '../../../lib/format';
import { useOnline } from '../../../lib/link';
import { useTunnelHistory } from '../api/tunnel-history';
import { StateBadge } from './state-badge';
import { JumpHostPicker, type HostChoice } from './jump-host-picker';
import { TunnelMessage } from './tunnel-message';

interface Props {
  t: Tunnel;
  hostName?: string;
  hostChoices: HostChoice[];
  savingHost: boolean;
  onChangeHost: (hostId: string) => Promise<unknown>;
}

/** The drawer's first part: why the tunnel is in its state, what it connects through, and the states seen lately. */
export function StateSection({ t, hostName, hostChoices, savingHost, onChangeHost }: Props) {
  const online = useOnline();
  return (
    <section aria-labelledby="drawer-state-title">
      <h3 id="drawer-state-title">State</h3>
      {online ? <TunnelMessage tunnel={t} hostName={hostName} /> : <p className="muted">Unknown while Porthole is not answering.</p>}
      {online ? <p className="muted small">Since {formatDateTime(t.since)}</p> : null}
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
        <dd data-testid="drawer-jump-host">
          {hostName ? `${hostName} ` : ''}
          <span className={hostName ? 'mono small muted' : 'mono small'}>{t.jumpHostId || '—'}</span>
        </dd>
        <dt>Session</dt>
        <dd className="mono small">{online ? (t.sessionId ?? 'none') : 'unknown'}</dd>
        <dt>Mode</dt>
        <dd>
          {t.lazy ? `lazy (session on first connection, ends after ${t.idleMinutes ?? 15} idle minutes)` : 'always on'}
          {t.autoStart ? (t.stoppedByUser ? ' · stays stopped until you start it' : ' · starts with Porthole') : ''}
        </dd>
      </dl>
      <JumpHostPicker key={t.jumpHostId} current={t.jumpHostId} choices={hostChoices} saving={savingHost} onChange={onChangeHost} />
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
            <StateBadge state={h.state} past />
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
