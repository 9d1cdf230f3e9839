import type { CreateTunnelRequest } from '../../shared/api.js';
import type { ConfigStore } from '../config/store.js';
import { PortholeError } from '../errors.js';
import type { EventBus } from '../events/bus.js';
import { bindOnFreePort } from './ports.js';
import type { TunnelEntries, TunnelEntry } from './tunnel-entries.js';
import { buildSpec, lastPortKey, resolveTarget, type ResolvedTarget, type TargetLookup } from './tunnel-spec.js';

export interface CreateDeps {
  entries: TunnelEntries;
  config: ConfigStore;
  bus: EventBus;
  inventory: TargetLookup;
  log: { info(message: string): void };
  /** Whether a local port looks free (default: try to bind it). */
  isPortFree?: (port: number) => Promise<boolean>;
}

/**
 * A new tunnel: its target resolved (an id from a slice never fetched is fetched first), a local port chosen and
 * bound (PORT_IN_USE before any AWS call), started, published and saved. When any step fails nothing of it remains.
 * Callers run one create at a time, so two tunnels never pick the same free port.
 */
export async function createTunnel(request: CreateTunnelRequest, deps: CreateDeps): Promise<TunnelEntry> {
  const resolved = await resolve(request, deps.inventory);
  const holders = deps.entries.all();
  const holder = holders.find((entry) => entry.spec.localPort === request.localPort);
  if (request.localPort !== undefined && holder) {
    throw new PortholeError('PORT_IN_USE', `Local port ${request.localPort} already belongs to the tunnel "${holder.spec.name}".`, {
      hint: 'Choose another local port, or remove that tunnel first.',
      status: 409,
    });
  }
  const key = lastPortKey(resolved.ref);
  const entry = await bindOnFreePort(
    {
      requested: request.localPort,
      lastPort: deps.config.get().settings.lastPorts[key],
      engine: resolved.ref.engine,
      targetPort: resolved.ref.port,
      reserved: new Set(holders.map((other) => other.spec.localPort)),
      isFree: deps.isPortFree,
    },
    (localPort) => startEntry(request, resolved, localPort, deps.entries),
  );
  const { spec } = entry;
  deps.entries.publishNew(entry);
  try {
    await deps.config.update((draft) => {
      draft.tunnels.push(spec);
      draft.settings.lastPorts[key] = spec.localPort;
    });
  } catch (error) {
    await entry.supervisor.stop('could not be saved');
    deps.entries.forget(entry);
    deps.bus.publish({ type: 'tunnel-removed', data: { id: spec.id } });
    throw error;
  }
  deps.log.info(`tunnel ${spec.name} (${spec.id}) created on port ${spec.localPort}`);
  return entry;
}

async function resolve(request: CreateTunnelRequest, inventory: TargetLookup): Promise<ResolvedTarget> {
  if ('id' in request.target && inventory.load && !inventory.findTarget(request.target.id)) {
    await inventory.load(request.profile, request.region);
  }
  return resolveTarget(request, inventory);
}

/** Builds the tunnel on `localPort` and starts it (binding its relay); when that fails nothing of it remains. */
async function startEntry(
  request: CreateTunnelRequest,
  resolved: ResolvedTarget,
  localPort: number,
  entries: TunnelEntries,
): Promise<TunnelEntry> {
  const entry = entries.add(buildSpec(request, resolved, localPort), false);
  try {
    // A click on Connect wants the session now; a request that asks for lazy explicitly only listens until
    // the first client connects.
    await entry.supervisor.start({ immediate: request.lazy !== true });
    return entry;
  } catch (error) {
    await entry.supervisor.stop('not created');
    entries.forget(entry);
    throw error;
  }
}
