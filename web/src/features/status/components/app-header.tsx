import { Settings } from 'lucide-react';
import { useState } from 'react';
import type { DaemonStatus } from '../../../../../shared/api';
import { SettingsDrawer } from '../../settings/components/settings-drawer';
import type { StreamStatus } from '../../../lib/events';
import { PluginPill } from './plugin-status';
import { StreamIndicator } from './stream-indicator';

export function AppHeader({ status, stream }: { status?: DaemonStatus; stream: StreamStatus }) {
  const [settingsOpen, setSettingsOpen] = useState(false);
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
        <button
          type="button"
          className="btn btn-icon btn-ghost"
          aria-label="Settings"
          title="Settings"
          onClick={() => setSettingsOpen(true)}
        >
          <Settings size={16} aria-hidden />
        </button>
      </div>
      <SettingsDrawer open={settingsOpen} onClose={() => setSettingsOpen(false)} />
    </header>
  );
}
