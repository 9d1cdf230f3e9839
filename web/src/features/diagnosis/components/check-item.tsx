import { CircleCheck, CircleDashed, CircleX, TriangleExclamationPoint } from 'lucide-react';
import type { CheckStatus, DiagnosisCheck } from '../../../../../shared/api';
import { Command } from '../../../components/command';
import { needsReading, STATUS_WORD } from '../lib/checks';

const ICON: Record<CheckStatus, typeof CircleCheck> = {
  ok: CircleCheck,
  warn: TriangleExclamationPoint,
  fail: CircleX,
  unknown: CircleDashed,
};

/**
 * One link of the chain: its status in words, what was found; opened, what was read, why it matters and the
 * fix (copyable AWS CLI commands, and where the same change is in the console).
 */
export function CheckItem({ check }: { check: DiagnosisCheck }) {
  const Icon = ICON[check.status];
  return (
    <li className={`check check-${check.status}`} data-testid={`check-${check.id}`}>
      <details open={needsReading(check)}>
        <summary>
          <Icon size={16} aria-hidden className="check-icon" />
          <span className="check-title">{check.title}</span>
          <span className="check-status" data-testid="check-status">
            {STATUS_WORD[check.status]}
          </span>
          <span className="check-summary small">{check.summary}</span>
        </summary>
        <div className="check-body">
          {check.missingPermission ? (
            <p className="small warn-text">
              AWS refused the read: give your role <code>{check.missingPermission}</code> to let Porthole check this link.
            </p>
          ) : null}
          {check.read.length > 0 ? (
            <>
              <h4>What was read</h4>
              <ul className="check-read">
                {check.read.map((line, i) => (
                  <li key={i} className="mono small ident">
                    {line}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          <h4>Why it matters</h4>
          <p className="small">{check.why}</p>
          {check.fix ? (
            <div className="check-fix" data-testid="check-fix">
              <h4>Fix</h4>
              <p className="small">{check.fix.summary}</p>
              {check.fix.commands?.map((command) => (
                <Command key={command} value={command} what="AWS CLI command" />
              ))}
              {check.fix.console ? (
                <p className="small">
                  <span className="muted">In the AWS console: </span>
                  {check.fix.console}
                </p>
              ) : null}
            </div>
          ) : null}
        </div>
      </details>
    </li>
  );
}
