import { CircleCheck, CircleQuestionMark, RefreshCw, TriangleExclamationPoint } from 'lucide-react';
import type { PluginStatus } from '../../../../../shared/api';
import { ErrorNote, Hint } from '../../../components/error-note';
import { useOnline } from '../../../lib/link';
import { useRecheckPlugin } from '../api/recheck-plugin';

export const PLUGIN_INSTALL_URL =
  'https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager-working-with-install-plugin.html';

/**
 * The compact header pill: the plugin's version, or that it is missing (linking to the banner that explains).
 * On a phone only its icon and state show; the words stay for screen readers.
 */
export function PluginPill({ plugin }: { plugin: PluginStatus }) {
  const online = useOnline();
  if (!online) {
    return (
      <span className="pill pill-unknown" data-testid="plugin-status">
        <CircleQuestionMark size={14} aria-hidden />
        <span className="pill-long">session-manager-plugin</span> unknown
      </span>
    );
  }
  if (plugin.found) {
    return (
      <span className="pill pill-ok" data-testid="plugin-status" title={plugin.path}>
        <CircleCheck size={14} aria-hidden />
        <span className="pill-long">session-manager-plugin {plugin.version ?? '(version unknown)'}</span>
      </span>
    );
  }
  return (
    <span className="pill pill-warn" data-testid="plugin-status">
      <TriangleExclamationPoint size={14} aria-hidden />
      <span>
        <span className="pill-long">session-manager-plugin</span> not found
        <span className="pill-link">
          {' '}
          · <a href="#plugin-warning">how to install</a>
        </span>
      </span>
    </span>
  );
}

/** The one place that explains a missing plugin: why, how to install it, and "Look again". */
export function PluginWarning({ plugin }: { plugin: PluginStatus }) {
  const online = useOnline();
  const recheck = useRecheckPlugin();
  if (plugin.found || !online) return null;
  return (
    <div className="banner banner-warn" role="alert" data-testid="plugin-warning" id="plugin-warning" tabIndex={-1}>
      <TriangleExclamationPoint size={18} aria-hidden />
      <div>
        <p>
          <strong>Tunnels cannot start: the AWS session-manager-plugin was not found.</strong> {plugin.error?.message}
        </p>
        {plugin.error?.hint ? <Hint hint={plugin.error.hint} /> : null}
        <p>
          Install it following{' '}
          <a href={PLUGIN_INSTALL_URL} target="_blank" rel="noreferrer">
            AWS's install guide
          </a>
          , then look again (or start Porthole with <code>--plugin /path/to/session-manager-plugin</code>).
        </p>
        {recheck.error ? <ErrorNote error={recheck.error} title="Could not look again" /> : null}
        {recheck.data && !recheck.data.plugin.found && !recheck.isPending ? <p className="small">Still not found.</p> : null}
      </div>
      <button type="button" className="btn btn-small" disabled={recheck.isPending} onClick={() => recheck.mutate()}>
        <RefreshCw size={14} aria-hidden className={recheck.isPending ? 'spin' : undefined} /> Look again
      </button>
    </div>
  );
}
