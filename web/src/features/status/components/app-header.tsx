import { Settings } from 'lucide-react';
import type { DaemonStatus } from '../../../../../shared/api';
import type { StreamStatus } from '../../../lib/events';
import { PluginPill } from './plugin-status';
import { StreamIndicator } from './stream-indicator';

/** One row at every width: name, version and label; the plugin, the live link and the settings button. */
export function AppHeader({ status, stream, onSettings }: { status?: DaemonStatus; stream: StreamStatus; onSettings: () => void }) {
  return (
    <header className="header" data-testid="header">
      <div className="brand">
        <svg className="logo" viewBox="0 0 32 32" aria-hidden>
          <circle cx="16" cy="16" r="14" />
          <circle cx="16" cy="16" r="8" className="logo-ring" />
          <circle cx="16" cy="16" r="3" className="logo-core" />
        </svg>
        <h1>Porthole</h1>
        {status ? (
          <span className="muted version" data-testid="daemon-version" title={`pid ${status.pid}, config ${status.configPath}`}>
            v{status.version}
          </span>
        ) : null}
        {status?.label ? (
          <span className="tag tag-accent daemon-label" data-testid="daemon-label">
            {status.label}
          </span>
        ) : null}
      </div>
      <div className="header-right">
        {status ? <PluginPill plugin={status.plugin} /> : null}
        <StreamIndicator status={stream} />
        <button type="button" className="btn btn-icon btn-ghost" title="Settings" onClick={onSettings}>
          <Settings size={16} aria-hidden />
          <span className="visually-hidden">Settings</span>
        </button>
      </div>
    </header>
  );
}
