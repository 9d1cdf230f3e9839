import { randomBytes } from 'node:crypto';
import type { CreateTunnelRequest, Target, TunnelSpec, TunnelTargetRef, UpdateTunnelRequest } from '../../shared/api.js';
import { PortholeError } from '../errors.js';
import type { LaunchRequest } from './session-launcher.js';

// Turns a create request into what is saved: the destination copied from the inventory (so a saved tunnel
// works offline), the jump host (default: the recommended eligible one) and the defaults.

export interface TargetLookup {
  findTarget(id: string): Target | undefined;
  /** Fetches a profile × region that was never fetched (a script may create a tunnel right after start). */
  load?(profile: string, region: string): Promise<unknown>;
}

export interface ResolvedTarget {
  ref: TunnelTargetRef;
  jumpHostId: string;
}

export function resolveTarget(request: CreateTunnelRequest, inventory: TargetLookup): ResolvedTarget {
  if ('id' in request.target) {
    const found = inventory.findTarget(request.target.id);
    if (!found) {
      throw new PortholeError('TARGET_NOT_FOUND', `No database ${request.target.id} is known.`, {
        hint: 'Refresh the inventory for this profile and region, then try again.',
        status: 404,
      });
    }
    const ref: TunnelTargetRef = {
      id: found.id,
      host: found.host,
      port: found.port,
      name: found.name,
      engine: found.engine,
      iamAuth: found.iamAuth,
    };
    if (found.masterUsername) ref.masterUsername = found.masterUsername;
    if (found.dbName) ref.dbName = found.dbName;
    if (found.masterSecretArn) ref.masterSecretArn = found.masterSecretArn;
    const jumpHostId = request.jumpHostId ?? found.recommendedHostId ?? found.eligibleHostIds[0];
    if (!jumpHostId) {
      throw new PortholeError('NO_JUMP_HOST', `No jump host can reach ${found.name}.`, {
        hint: "Pick a jump host yourself, or start an SSM-managed instance in the database's VPC.",
        status: 400,
      });
    }
    return { ref, jumpHostId };
  }
  const { host, port, name, engine } = request.target;
  if (!request.jumpHostId) {
    throw new PortholeError('NO_JUMP_HOST', `A jump host is needed for ${name}.`, {
      hint: 'Choose the SSM-managed instance to tunnel through.',
      status: 400,
    });
  }
  const ref: TunnelTargetRef = { host, port, name };
  if (engine) ref.engine = engine;
  return { ref, jumpHostId: request.jumpHostId };
}

/** The key under which settings.lastPorts remembers a target's port. */
export function lastPortKey(ref: TunnelTargetRef): string {
  return ref.id ?? `custom:${ref.host}:${ref.port}`;
}

export function newTunnelId(): string {
  return `t-${randomBytes(5).toString('hex')}`;
}

export function buildSpec(request: CreateTunnelRequest, resolved: ResolvedTarget, localPort: number, id = newTunnelId()): TunnelSpec {
  const spec: TunnelSpec = {
    id,
    name: resolved.ref.name,
    profile: request.profile,
    region: request.region,
    target: resolved.ref,
    jumpHostId: resolved.jumpHostId,
    localPort,
    // Lazy by default: the first start opens a session at once; later starts wait for a client.
    lazy: request.lazy ?? true,
    autoStart: request.autoStart ?? true,
  };
  if (request.idleMinutes !== undefined) spec.idleMinutes = request.idleMinutes;
  if (request.parallelSessions !== undefined && request.parallelSessions > 1) spec.parallelSessions = request.parallelSessions;
  return spec;
}

/** What a session start needs to know about the tunnel. */
export function launchRequest(spec: TunnelSpec): LaunchRequest {
  const { id, profile, region, jumpHostId, target } = spec;
  return { tunnelId: id, profile, region, jumpHostId, host: target.host, port: target.port };
}

/** The spec after a user's change: `''` drops user or database (back to the defaults), one session is the default. */
export function patchedSpec(spec: TunnelSpec, patch: UpdateTunnelRequest): TunnelSpec {
  const { user: _user, database: _database, parallelSessions: _parallel, ...rest } = spec;
  const next: TunnelSpec = { ...rest, jumpHostId: patch.jumpHostId ?? spec.jumpHostId };
  const user = patch.user ?? spec.user;
  const database = patch.database ?? spec.database;
  const parallelSessions = patch.parallelSessions ?? spec.parallelSessions ?? 1;
  if (user) next.user = user;
  if (database) next.database = database;
  if (parallelSessions > 1) next.parallelSessions = parallelSessions;
  return next;
}

/** The spec with "stopped by the user" set or cleared. */
export function withStoppedByUser(spec: TunnelSpec, stopped: boolean): TunnelSpec {
  const { stoppedByUser: _dropped, ...rest } = spec;
  return stopped ? { ...rest, stoppedByUser: true } : rest;
}
