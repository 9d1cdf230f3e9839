import { Stethoscope } from 'lucide-react';
import type { Tunnel } from '../../../../../shared/api';
import { Hidden } from '../../../components/hidden';

/** Failures a diagnosis can explain show on these states. */
const EXPLAINED: Tunnel['state'][] = ['failed', 'unhealthy', 'reconnecting'];

/** Whether a card offers "Show diagnosis": a discovered database whose tunnel failed or is unhealthy. */
export function offersDiagnosis(t: Tunnel): boolean {
  return (
    EXPLAINED.includes(t.state) && (t.diagnosis !== undefined || (t.target.id !== undefined && (t.state !== 'reconnecting' || !!t.error)))
  );
}

/** The first broken link the automatic diagnosis found, in one line, and the way to the whole diagnosis. */
export function DiagnosisLine({ tunnel: t, onShow }: { tunnel: Tunnel; onShow: () => void }) {
  const broken = t.diagnosis?.firstBroken;
  return (
    <div className="diagnosis-line" data-testid="diagnosis-line">
      {broken ? (
        <p className="small">
          <strong>Broken link: {broken.title}.</strong> {broken.summary}
        </p>
      ) : t.diagnosis ? (
        <p className="small muted">The automatic diagnosis found no broken link it could read.</p>
      ) : null}
      <button type="button" className="btn btn-small" onClick={onShow}>
        <Stethoscope size={14} aria-hidden /> Show diagnosis
        <Hidden>for {t.name}</Hidden>
      </button>
    </div>
  );
}
