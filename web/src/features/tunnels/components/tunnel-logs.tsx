import { RefreshCw } from 'lucide-react';
import { useEffect, useRef } from 'react';
import { ErrorNote } from '../../../components/error-note';
import { useTunnelLogs } from '../api/get-tunnel-logs';

/** The last plugin and supervisor lines, newest at the bottom and scrolled into view. */
export function TunnelLogs({ id }: { id: string }) {
  const logs = useTunnelLogs(id, true);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [logs.data]);
  return (
    <div className="logs-wrap">
      <div className="section-head">
        <span className="muted small">{logs.data ? `${logs.data.length} lines` : ''}</span>
        <button type="button" className="btn btn-small btn-ghost" onClick={() => void logs.refetch()} aria-label="Reload logs">
          <RefreshCw size={14} aria-hidden className={logs.isFetching ? 'spin' : undefined} /> Reload
        </button>
      </div>
      {logs.error ? <ErrorNote error={logs.error} /> : null}
      <div className="logs" ref={box} tabIndex={0} aria-label="Tunnel log" data-testid="tunnel-logs">
        {logs.data?.length === 0 ? <p className="muted">No lines yet.</p> : null}
        {logs.data?.map((l, i) => (
          <div key={i} className={`log-line log-${l.source}`}>
            <time dateTime={l.at}>{new Date(l.at).toLocaleTimeString()}</time>
            <span className="log-source">{l.source}</span>
            <span className="log-text">{l.line}</span>
          </div>
        ))}
      </div>
    </div>
  );
}
