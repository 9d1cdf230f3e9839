// The API calls several commands share: what a name means, a tunnel for a database (made when there is
// none yet), and waiting until a tunnel's port relays to a session. Every wait is bounded.
import type { InventoryResponse, Target, Tunnel } from '../shared/api.js';
import { CliError } from './cli-error.js';
import type { DaemonClient } from './daemon-client.js';
import { resolveName, type Candidates, type Resolved } from './names.js';

const POLL_MS = 250;
/** How long a name lookup waits for databases still being discovered. */
const INVENTORY_WAIT_MS = 30_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function listTunnels(client: DaemonClient): Promise<Tunnel[]> {
  return (await client.get<{ tunnels: Tunnel[] }>('/api/tunnels')).tunnels;
}

/** Every discovered database; slices still loading are waited for up to `waitMs` (they load on first ask). */
export async function listTargets(
  client: DaemonClient,
  waitMs = INVENTORY_WAIT_MS,
): Promise<{ inventory: InventoryResponse; targets: Target[] }> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const inventory = await client.get<InventoryResponse>('/api/inventory');
    const loading = inventory.slices.some((slice) => slice.loading);
    if (!loading || Date.now() >= deadline) return { inventory, targets: inventory.slices.flatMap((slice) => slice.targets) };
    await sleep(POLL_MS);
  }
}

/** What `name` means; the inventory is asked only when no tunnel answers to the name. */
export async function resolve(client: DaemonClient, name: string): Promise<Resolved> {
  const tunnels = await listTunnels(client);
  const quick: Candidates = { tunnels, targets: [] };
  try {
    const found = resolveName(name, quick);
    // A database name that only a tunnel knows may also name other databases: those need the inventory.
    if (found.kind === 'tunnel' && (found.tunnel.id === name || found.tunnel.name === name)) return found;
  } catch {
    // Not a tunnel's name: look among the databases.
  }
  const { targets } = await listTargets(client);
  return resolveName(name, { tunnels, targets });
}

/** The tunnel `name` means; a database without one is an error that says how to make one. */
export async function resolveTunnel(client: DaemonClient, name: string): Promise<Tunnel> {
  const found = await resolve(client, name);
  if (found.kind === 'tunnel') return found.tunnel;
  throw new CliError(`${found.target.name} has no tunnel yet.`, `Open one with \`porthole up ${name}\`.`, 'NO_TUNNEL');
}

export interface UpOptions {
  localPort?: number;
  jumpHostId?: string;
}

/** Starts the tunnel `name` means, creating it for a database that has none; says whether it was created. */
export async function bringUp(
  client: DaemonClient,
  found: Resolved,
  options: UpOptions = {},
): Promise<{ tunnel: Tunnel; created: boolean }> {
  if (found.kind === 'tunnel') {
    const { tunnel } = found;
    if (options.localPort !== undefined && options.localPort !== tunnel.localPort) {
      throw new CliError(
        `${tunnel.name} already listens on port ${tunnel.localPort}.`,
        'Remove the tunnel in the dashboard to pick another port.',
        'PORT_FIXED',
      );
    }
    // A start on a tunnel waiting out its backoff tries again at once.
    if (isOpen(tunnel) || tunnel.state === 'starting') return { tunnel, created: false };
    return { tunnel: await client.post<Tunnel>(`/api/tunnels/${encodeURIComponent(tunnel.id)}/start`), created: false };
  }
  const { target } = found;
  const body = {
    profile: target.profile,
    region: target.region,
    target: { id: target.id },
    ...(options.jumpHostId ? { jumpHostId: options.jumpHostId } : {}),
    ...(options.localPort !== undefined ? { localPort: options.localPort } : {}),
  };
  return { tunnel: await client.post<Tunnel>('/api/tunnels', { body }), created: true };
}

export function isOpen(tunnel: Tunnel): boolean {
  return tunnel.state === 'open' || tunnel.state === 'healthy' || tunnel.state === 'unhealthy';
}

function failed(tunnel: Tunnel): CliError {
  const error = tunnel.error;
  return new CliError(
    `${tunnel.name} failed: ${error?.message ?? tunnel.reason ?? 'no reason given'}`,
    error?.hint,
    error?.code ?? 'TUNNEL_FAILED',
  );
}

/** Polls until the tunnel's port relays to an open session; a failed tunnel or the deadline is an error. */
export async function waitOpen(client: DaemonClient, id: string, timeoutMs: number): Promise<Tunnel> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const tunnel = (await listTunnels(client)).find((t) => t.id === id);
    if (!tunnel) throw new CliError(`The tunnel ${id} was removed while starting.`, undefined, 'TUNNEL_NOT_FOUND');
    if (isOpen(tunnel)) return tunnel;
    if (tunnel.state === 'failed') throw failed(tunnel);
    if (Date.now() >= deadline) {
      const why = [tunnel.state, tunnel.reason].filter(Boolean).join(': ');
      throw new CliError(
        `${tunnel.name} is not open after ${Math.round(timeoutMs / 1000)} s (${why}).`,
        'See `porthole logs ' + tunnel.name + '`.',
        'TIMEOUT',
      );
    }
    await sleep(POLL_MS);
  }
}
