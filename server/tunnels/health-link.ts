import type { Health, HealthLayer, HealthLayerName, TunnelSpec } from '../../shared/api.js';
import type { SupervisorDeps, TunnelSupervisor } from './supervisor.js';
import { isOpen } from './transitions.js';

/** What the manager needs from server/health's HealthMonitor (structural, so tests can use a fake). */
export interface ProbeContext {
  port: number;
  engine?: string;
  databasePort?: number;
  serverName: string;
  activeConnections: number;
  /** What the supervisor knows now (relay listening, session up). */
  layers?: Partial<Record<HealthLayerName, HealthLayer>>;
}
export interface HealthMonitorLike {
  watch(id: string, context: () => ProbeContext | undefined, onResult: (health: Health) => void): void;
  unwatch(id: string): void;
  checkNow(id: string): Promise<Health | undefined>;
  noteClientSuccess?(id: string): void;
  noteDestinationFailure?(id: string): void;
}

/** What a probe needs to know about an open tunnel, with the layers the supervisor can vouch for. */
export function probeContext(spec: TunnelSpec, supervisor: Pick<TunnelSupervisor, 'stats' | 'sessionId'>): ProbeContext {
  const context: ProbeContext = {
    port: spec.localPort,
    databasePort: spec.target.port,
    serverName: spec.target.host,
    activeConnections: supervisor.stats.activeConnections,
    layers: {
      relay: { name: 'relay', status: 'ok', detail: `listening on 127.0.0.1:${spec.localPort}` },
      session: { name: 'session', status: 'ok', detail: `session ${supervisor.sessionId ?? '?'} via ${spec.jumpHostId}` },
    },
  };
  if (spec.target.engine) context.engine = spec.target.engine;
  return context;
}

/**
 * The supervisor callbacks that keep the health monitor in step with one tunnel: watched while a session is
 * open, told of clients the database answered and of destinations the jump host could not reach.
 */
export function healthHooks(
  health: HealthMonitorLike | undefined,
  id: string,
  tunnel: () => { spec: TunnelSpec; supervisor: TunnelSupervisor },
): Pick<SupervisorDeps, 'onOpen' | 'onClose' | 'onClientReply' | 'onDestinationFailure'> {
  if (!health) return {};
  const context = (): ProbeContext | undefined => {
    const { spec, supervisor } = tunnel();
    return isOpen(supervisor.state) ? probeContext(spec, supervisor) : undefined;
  };
  return {
    onOpen: () => health.watch(id, context, (result) => tunnel().supervisor.applyHealth(result)),
    onClose: () => health.unwatch(id),
    onClientReply: () => health.noteClientSuccess?.(id),
    onDestinationFailure: () => health.noteDestinationFailure?.(id),
  };
}
