import { Stethoscope } from 'lucide-react';
import type { Tunnel } from '../../../../../shared/api';
import { ErrorNote } from '../../../components/error-note';
import { formatDateTime } from '../../../lib/format';
import { CertSummary } from './cert-summary';
import { HealthLayers } from './health-layers';

/** Health layers with the failing one and its hint, the certificate, and "Check now". */
export function HealthSection({ t, checking, onCheck }: { t: Tunnel; checking: boolean; onCheck: (id: string) => void }) {
  const h = t.health;
  return (
    <section aria-labelledby="drawer-health-title">
      <div className="section-head">
        <h3 id="drawer-health-title">Health</h3>
        <button type="button" className="btn btn-small" disabled={checking} onClick={() => onCheck(t.id)}>
          <Stethoscope size={14} aria-hidden /> {checking ? 'Checking…' : 'Check now'}
        </button>
      </div>
      <p className="small">
        <span className={`health-word health-${h.status}`}>{h.status}</span>
        {h.latencyMs !== undefined ? ` · ${h.latencyMs} ms` : ''}
        {h.checkedAt ? <span className="muted"> · checked {formatDateTime(h.checkedAt)}</span> : null}
      </p>
      {h.error ? <ErrorNote error={h.error} /> : null}
      <HealthLayers health={h} />
      <h4>Certificate</h4>
      <CertSummary health={h} />
    </section>
  );
}
