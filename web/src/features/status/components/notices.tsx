import { Info, TriangleExclamationPoint, X } from 'lucide-react';
import { useState } from 'react';
import type { DaemonStatus } from '../../../../../shared/api';

/** The config-file notice (kept until fixed) and one-off daemon notices (dismissible). */
export function Notices({ status }: { status: DaemonStatus }) {
  const [dismissed, setDismissed] = useState<string[]>([]);
  const notices = status.notices.filter((n) => !dismissed.includes(n));
  return (
    <>
      {status.configNotice ? (
        <div className="banner banner-warn" role="alert" data-testid="config-notice">
          <TriangleExclamationPoint size={18} aria-hidden />
          <div>
            <p>
              <strong>{status.configNotice.message}</strong>
            </p>
            {status.configNotice.brokenPath ? (
              <p>
                The unreadable file was kept at <code>{status.configNotice.brokenPath}</code>; settings now save to{' '}
                <code>{status.configPath}</code>.
              </p>
            ) : null}
          </div>
        </div>
      ) : null}
      {notices.map((n) => (
        <div className="banner banner-info" role="status" key={n} data-testid="notice">
          <Info size={18} aria-hidden />
          <p>{n}</p>
          <button
            type="button"
            className="btn btn-icon btn-ghost banner-close"
            aria-label="Dismiss notice"
            onClick={() => setDismissed((d) => [...d, n])}
          >
            <X size={16} aria-hidden />
          </button>
        </div>
      ))}
    </>
  );
}
