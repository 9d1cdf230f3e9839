import { Check, Circle, LoaderCircle } from 'lucide-react';
import type { Tunnel } from '../../../../../shared/api';
import { Hidden } from '../../../components/hidden';
import { formatCountdown, formatDuration, msUntil } from '../../../lib/format';
import { startSteps } from '../lib/tunnel-state';

/** A tunnel on its way up: the steps done and the one it waits for, how long it has waited, the next retry. */
export function StartProgress({ tunnel: t, hostName, now }: { tunnel: Tunnel; hostName: string; now: number }) {
  const steps = startSteps(t, hostName);
  if (!steps) return null;
  const elapsed = Math.max(0, now - Date.parse(t.since));
  const retry = msUntil(t.retryAt, now);
  return (
    <div className="start-progress" data-testid="start-progress">
      <ol className="steps">
        {steps.map((step) => (
          <li key={step.label} className={`step step-${step.status}`}>
            {step.status === 'done' ? (
              <Check size={14} aria-hidden />
            ) : step.status === 'active' ? (
              <LoaderCircle size={14} aria-hidden className="spin" />
            ) : (
              <Circle size={14} aria-hidden />
            )}
            <span>
              {step.label}
              <Hidden>{step.status === 'done' ? '(done)' : step.status === 'active' ? '(in progress)' : '(next)'}</Hidden>
            </span>
          </li>
        ))}
      </ol>
      <p className="muted small" data-testid="start-elapsed">
        {retry !== undefined
          ? `Waiting ${formatDuration(elapsed)} · next attempt ${retry > 0 ? `in ${formatCountdown(retry)}` : 'any moment'}`
          : `Waiting ${formatDuration(elapsed)}`}
      </p>
    </div>
  );
}
