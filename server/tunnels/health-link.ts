import type { Health, HealthLayer, HealthLayerName, TunnelSpec } from '../../shared/api.js';
import type { TunnelSupervisor } from './supervisor.js';

/** What the manager needs from server/health's HealthMonitor (structural, so tests can use a fake). */
export interface ProbeContext {
  port: number;
  engine?: string;
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
