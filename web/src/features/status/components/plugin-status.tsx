import { CircleCheck, RefreshCw, TriangleExclamationPoint } from 'lucide-react';
import type { PluginStatus } from '../../../../../shared/api';
import { Hint } from '../../../components/error-note';
import { useRecheckPlugin } from '../api/recheck-plugin';

export const PLUGIN_INSTALL_URL =
  'https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager-working-with-install-plugin.html';

/** The compact header pill: the plugin's version, or that it is missing with the install link. */
export function PluginPill({ plugin }: { plugin: PluginStatus }) {
  if (plugin.found) {
    return (
      <span className="pill pill-ok" data-testid="plugin-status" title={plugin.path}>
        <CircleCheck size={14} aria-hidden />
        session-manager-plugin {plugin.version ?? '(version unknown)'}
      </span>
    );
  }
  return (
    <span className="pill pill-warn" data-testid="plugin-status" title={plugin.error?.message}>
      <TriangleExclamationPoint size={14} aria-hidden />
      session-manager-plugin not found ·{' '}
      <a href={PLUGIN_INSTALL_URL} target="_blank" rel="noreferrer">
        how to install
      </a>
    </span>
  );
}

/** The banner when the plugin is missing: why, and how to install it. */
export function PluginWarning({ plugin }: { plugin: PluginStatus }) {
  const recheck = useRecheckPlugin();
  if (plugin.found) return null;
  return (
    <div className="banner banner-warn" role="alert" data-testid="plugin-warning">
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
        {recheck.error ? <p className="field-error">{recheck.error.message}</p> : null}
      </div>
      <button type="button" className="btn btn-small" disabled={recheck.isPending} onClick={() => recheck.mutate()}>
        <RefreshCw size={14} aria-hidden className={recheck.isPending ? 'spin' : undefined} /> Look again
      </button>
    </div>
  );
}
