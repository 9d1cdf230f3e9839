import { Stethoscope } from 'lucide-react';
import type { ApiError, Tunnel } from '../../../../../shared/api';
import { ErrorNote, Hint } from '../../../components/error-note';
import { formatDateTime } from '../../../lib/format';
import { useOnline } from '../../../lib/link';
import { isRunning, LAYER_LABEL } from '../lib/tunnel-state';
import { CertSummary } from './cert-summary';
import { HealthLayers } from './health-layers';
import { LiveButton } from '../../../components/live-button';

/** Health: the layers from credentials to the database with the failing one explained, the certificate, "Check now". */
export function HealthSection({
  t,
  checking,
  checkError,
  onCheck,
}: {
  t: Tunnel;
  checking: boolean;
  checkError?: ApiError;
  onCheck: (id: string) => void;
}) {
  const online = useOnline();
  const h = t.health;
  const checked = h.layers.length > 0;
  const root = h.layers.find((layer) => layer.status === 'fail');
  return (
    <section aria-labelledby="drawer-health-title">
      <div className="section-head">
        <h3 id="drawer-health-title">Health</h3>
        <LiveButton
          className="btn btn-small"
          disabled={checking || !isRunning(t)}
          title={isRunning(t) ? 'Probe the database through the tunnel now' : 'Start the tunnel first'}
          onClick={() => onCheck(t.id)}
        >
          <Stethoscope size={14} aria-hidden /> {checking ? 'Checking…' : 'Check now'}
        </LiveButton>
      </div>
      {checkError ? <ErrorNote error={checkError} title="Check failed" /> : null}
      {!online ? (
        <p className="muted small">Unknown while Porthole is not answering.</p>
      ) : !checked ? (
        <p className="muted small">
          {isRunning(t)
            ? 'Not checked yet: the first check runs as soon as the session is open.'
            : 'Checked while the tunnel is open: start it to see each layer.'}
        </p>
      ) : (
        <>
          <p className="small">
            <span className={`health-word health-${h.status}`}>{h.status}</span>
            {h.latencyMs !== undefined ? ` · ${h.latencyMs} ms` : ''}
            {h.checkedAt ? <span className="muted"> · checked {formatDateTime(h.checkedAt)}</span> : null}
          </p>
          {h.error ? (
            <div className="error-note" role="alert">
              <div>
                <p className="error-note-message">
                  {root ? <strong>{LAYER_LABEL[root.name]}: </strong> : null}
                  {h.error.message}
                </p>
                {h.error.hint ? <Hint hint={h.error.hint} /> : null}
              </div>
            </div>
          ) : null}
          <HealthLayers health={{ ...h, layers: h.layers.map((l) => (l === root && h.error ? { name: l.name, status: l.status } : l)) }} />
          <h4>Certificate</h4>
          <CertSummary health={h} />
        </>
      )}
    </section>
  );
}
