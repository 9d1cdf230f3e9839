import type { Tunnel } from '../../../../../shared/api';
import { CopyButton } from '../../../components/copy-button';
import { formatBytes, formatCountdown, formatDuration, msUntil } from '../../../lib/format';
import { useJumpHostName } from '../../inventory/api/get-inventory';

/** The numbers on a tunnel card; `now` ticks each second while the card is on screen. */
export function TunnelFacts({ tunnel: t, now }: { tunnel: Tunnel; now: number }) {
  // The browser's clock may trail the daemon's by a moment: a just-opened session shows 0 s, not nothing.
  const uptime = t.openedAt ? now - Date.parse(t.openedAt) : undefined;
  const idle = msUntil(t.idleDeadline, now);
  const retry = msUntil(t.retryAt, now);
  const hostName = useJumpHostName(t.profile, t.region, t.jumpHostId);
  return (
    <dl className="facts">
      <div>
        <dt>Local port</dt>
        <dd className="mono">
          localhost:{t.localPort}
          <CopyButton text={`localhost:${t.localPort}`} what={`address of ${t.name}`} compact />
        </dd>
      </div>
      <div>
        <dt>Jump host</dt>
        <dd className="mono truncate" title={t.jumpHostId}>
          {hostName ?? (t.jumpHostId || '—')}
        </dd>
      </div>
      <div>
        <dt>Uptime · restarts</dt>
        <dd>
          {uptime !== undefined ? formatDuration(Math.max(0, uptime)) : '—'}
          <span className="muted" data-testid="restarts">
            {' '}
            · {t.stats.restarts} {t.stats.restarts === 1 ? 'restart' : 'restarts'}
          </span>
        </dd>
      </div>
      <div>
        <dt>Connections</dt>
        <dd>
          {t.stats.activeConnections} active / {t.stats.totalConnections} total
        </dd>
      </div>
      <div>
        <dt>Traffic</dt>
        <dd>
          {formatBytes(t.stats.bytesIn)} in · {formatBytes(t.stats.bytesOut)} out
        </dd>
      </div>
      <div>
        <dt>{retry !== undefined ? 'Next attempt' : 'Idle stop'}</dt>
        <dd data-testid="idle-countdown">
          {retry !== undefined
            ? retry > 0
              ? `in ${formatCountdown(retry)}`
              : 'any moment'
            : idle !== undefined
              ? t.stats.activeConnections > 0
                ? 'not while clients are connected'
                : `in ${formatCountdown(idle)}`
              : t.lazy
                ? 'after the session starts'
                : 'off'}
        </dd>
      </div>
      {t.stats.destinationFailures > 0 ? (
        <div>
          <dt>Destination failures</dt>
          <dd className="warn-text">{t.stats.destinationFailures}</dd>
        </div>
      ) : null}
    </dl>
  );
}
