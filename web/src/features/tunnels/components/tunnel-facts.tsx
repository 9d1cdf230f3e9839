import type { ReactNode } from 'react';
import type { Tunnel } from '../../../../../shared/api';
import { CopyButton } from '../../../components/copy-button';
import { formatBytes, formatCountdown, formatDuration, msUntil } from '../../../lib/format';
import { useOnline } from '../../../lib/link';
import { isRunning } from '../lib/tunnel-state';
import { ParallelSessionsFact } from './parallel-sessions';

function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </div>
  );
}

/** When a lazy tunnel ends its session, in words that fit its state. */
function idleStop(t: Tunnel, now: number): string {
  if (t.state === 'idle') return 'no session now; the next client starts one';
  if (t.stats.activeConnections > 0) return 'not while clients are connected';
  const idle = msUntil(t.idleDeadline, now);
  return idle !== undefined ? `in ${formatCountdown(idle)}` : 'after the session opens';
}

/** What the account's Session Manager preferences do to this session: its idle timeout, and when it ends. */
function serviceLimits(t: Tunnel, now: number): string | undefined {
  const limits = t.sessionLimits;
  if (!limits) return undefined;
  const idle = `ends after ${limits.idleTimeoutMinutes} min without data`;
  const end = msUntil(t.sessionEndsAt, now);
  if (end !== undefined)
    return `${idle}; this session ends in ${formatCountdown(end)} (maximum ${limits.maxDurationMinutes} min), then a new one starts`;
  return limits.maxDurationMinutes ? `${idle}; at most ${limits.maxDurationMinutes} min` : idle;
}

/**
 * The facts of a tunnel that fit its state: a stopped tunnel has no uptime or idle stop, a live one shows its
 * counters. While Porthole is not answering only what the tunnel is saved as (port, jump host) is shown.
 */
export function TunnelFacts({ tunnel: t, hostName, now }: { tunnel: Tunnel; hostName?: string; now: number }) {
  const online = useOnline();
  const running = online && isRunning(t);
  // The browser's clock may trail the daemon's by a moment: a just-opened session shows 0 s, not nothing.
  const uptime = t.openedAt ? Math.max(0, now - Date.parse(t.openedAt)) : undefined;
  return (
    <dl className="facts">
      <Fact label="Local port">
        <span className="mono">localhost:{t.localPort}</span>
        <CopyButton text={`localhost:${t.localPort}`} what={`address of ${t.name}`} compact />
      </Fact>
      <Fact label="Jump host">
        <span className="ident">
          {hostName ? <span>{hostName} </span> : null}
          <span className={hostName ? 'mono muted small' : 'mono'}>{t.jumpHostId || '—'}</span>
        </span>
      </Fact>
      <ParallelSessionsFact tunnel={t} />
      {running ? (
        <>
          <Fact label="Uptime">{uptime !== undefined ? formatDuration(uptime) : 'no session'}</Fact>
          <Fact label="Restarts" testId="restarts">
            {t.stats.restarts}
          </Fact>
          <Fact label="Connections">
            {t.stats.activeConnections} active / {t.stats.totalConnections} total
          </Fact>
          <Fact label="Traffic">
            {formatBytes(t.stats.bytesIn)} in · {formatBytes(t.stats.bytesOut)} out
          </Fact>
          {t.lazy ? (
            <Fact label="Idle stop" testId="idle-countdown">
              {idleStop(t, now)}
            </Fact>
          ) : null}
          {serviceLimits(t, now) ? (
            <Fact label="AWS session limits" testId="session-limits">
              {serviceLimits(t, now)}
            </Fact>
          ) : null}
          {t.stats.destinationFailures > 0 ? (
            <Fact label="Destination failures">
              <span className="warn-text">{t.stats.destinationFailures}</span>
            </Fact>
          ) : null}
        </>
      ) : null}
    </dl>
  );
}
