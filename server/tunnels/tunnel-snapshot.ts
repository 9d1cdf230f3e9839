import type { Tunnel, TunnelSpec } from '../../shared/api.js';
import type { TunnelSupervisor } from './supervisor.js';

/** The API's view of one tunnel: its saved spec plus the supervisor's live state (absent fields left out). */
export function tunnelSnapshot(spec: TunnelSpec, supervisor: TunnelSupervisor): Tunnel {
  const iso = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString());
  const tunnel: Tunnel = {
    ...spec,
    state: supervisor.state,
    since: new Date(supervisor.cell.since).toISOString(),
    stats: supervisor.stats,
    health: supervisor.health,
  };
  const optional = {
    reason: supervisor.cell.reason,
    error: supervisor.cell.error,
    sessionId: supervisor.sessionId,
    openedAt: iso(supervisor.openedAt),
    idleDeadline: iso(supervisor.idleDeadline),
    retryAt: iso(supervisor.retryAt),
    failedStarts: supervisor.failedStarts > 0 ? supervisor.failedStarts : undefined,
    parallel: supervisor.pool.view(supervisor.sessionId),
    sessionLimits: supervisor.limits,
    sessionEndsAt: iso(sessionEndsAt(supervisor.openedAt, supervisor.limits?.maxDurationMinutes)),
  };
  for (const [key, value] of Object.entries(optional)) if (value !== undefined) Object.assign(tunnel, { [key]: value });
  return tunnel;
}

/** When the service ends the current session by its maximum duration, if the account sets one. */
function sessionEndsAt(openedAt: number | undefined, maxMinutes: number | undefined): number | undefined {
  return maxMinutes && openedAt !== undefined ? openedAt + maxMinutes * 60_000 : undefined;
}
