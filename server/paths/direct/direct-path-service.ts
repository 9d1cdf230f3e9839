// Direct paths for the daemon: checks targets on demand, a few at a time across every caller, keeps the latest
// result per target, and checks again what it checked before when this machine's network addresses change (a
// VPN connected or dropped). Never probes an address and port a Porthole tunnel listens on.
import pLimit from 'p-limit';
import type { Target } from '../../../shared/api.js';
import type { DirectPathResult, DirectPathsResponse } from '../../../shared/paths.js';
import type { KnownNetwork } from './address-scope.js';
import { DEFAULT_CONCURRENCY, findDirectPath, type DirectPath, type DirectPathDeps } from './find-direct-path.js';
import { watchInterfaces, type InterfaceChange, type InterfaceWatcher } from './interface-watcher.js';

export interface DirectPathServiceDeps {
  /** `dns.promises.lookup` in the daemon (it honours VPN-pushed DNS); tests map names to loopback addresses. */
  lookup: DirectPathDeps['lookup'];
  /** The trusted CAs, read at each check (the bundle may change with the settings). */
  ca: () => string[];
  /** The local ports Porthole's tunnels listen on (127.0.0.1): never probed. */
  tunnelPorts: () => number[];
  findTarget: (id: string) => Target | undefined;
  routeTo?: DirectPathDeps['routeTo'];
  /** Networks a VPN would carry (Client VPN routes), to name it for a blocked address. */
  knownNetworks?: () => KnownNetwork[];
  /** Starts the interface watcher (default: watchInterfaces); tests pass one on a fake timer. */
  watch?: (onChange: (change: InterfaceChange) => void) => InterfaceWatcher;
  concurrency?: number;
  connectTimeoutMs?: number;
  handshakeTimeoutMs?: number;
  now?: () => Date;
  onError?: (error: unknown) => void;
}

/** Loopback addresses a tunnel's listener (127.0.0.1) answers on, as a resolver may spell them. */
const TUNNEL_ADDRESSES = new Set(['127.0.0.1', '::ffff:127.0.0.1']);

export function toDirectResult(target: Target, path: DirectPath, checkedAt: string): DirectPathResult {
  const base = { targetId: target.id, host: target.host, port: target.port, status: path.status, message: path.message, checkedAt };
  if (path.status === 'unresolved') return { ...base, usable: false, ...(path.code ? { code: path.code } : {}) };
  const handshake = path.status === 'direct' || path.status === 'public' ? path.handshake : undefined;
  const result: DirectPathResult = {
    ...base,
    usable: (path.status === 'direct' || path.status === 'public') && (handshake?.ok ?? true),
    address: path.address,
    scope: path.scope,
    ...(path.route ? { route: path.route } : {}),
  };
  if (path.status === 'blocked') {
    result.reason = path.reason;
    if (path.via) result.via = path.via;
  }
  if (handshake) {
    result.health = {
      ok: handshake.ok,
      checkedAt: handshake.checkedAt,
      latencyMs: handshake.latencyMs,
      ...(handshake.database ? { database: handshake.database } : {}),
      ...(handshake.tls ? { tls: handshake.tls } : {}),
      ...(handshake.error ? { error: handshake.error } : {}),
    };
  }
  return result;
}

export function uncheckedResult(target: Target): DirectPathResult {
  return {
    targetId: target.id,
    host: target.host,
    port: target.port,
    status: 'unchecked',
    usable: false,
    message: `Porthole has not yet checked whether this computer reaches ${target.host} directly.`,
  };
}

export class DirectPathService {
  private readonly results = new Map<string, DirectPathResult>();
  private readonly running = new Map<string, Promise<DirectPathResult>>();
  private readonly limit: ReturnType<typeof pLimit>;
  private readonly watcher: InterfaceWatcher;
  private readonly now: () => Date;
  private generationCount = 0;
  private networkChangedAt: string | undefined;
  private closed = false;

  constructor(private readonly deps: DirectPathServiceDeps) {
    this.limit = pLimit(deps.concurrency ?? DEFAULT_CONCURRENCY);
    this.now = deps.now ?? (() => new Date());
    this.watcher = (deps.watch ?? ((onChange) => watchInterfaces({ onChange })))((change) => this.onNetworkChange(change));
  }

  /** The latest result for a target, if it was ever checked. */
  result(targetId: string): DirectPathResult | undefined {
    return this.results.get(targetId);
  }

  /** The latest results for these targets (`unchecked` for the ones never checked). */
  snapshot(targets: readonly Target[]): DirectPathsResponse {
    return {
      generation: this.generationCount,
      ...(this.networkChangedAt ? { networkChangedAt: this.networkChangedAt } : {}),
      paths: targets.map((target) => this.results.get(target.id) ?? uncheckedResult(target)),
    };
  }

  get generation(): number {
    return this.generationCount;
  }

  /** Checks these targets now (a check under way for one of them is joined), results in the same order. */
  check(targets: readonly Target[]): Promise<DirectPathResult[]> {
    return Promise.all(targets.map((target) => this.checkOne(target)));
  }

  /** Stops watching the network; checks under way finish, none starts. */
  close(): void {
    this.closed = true;
    this.watcher.stop();
  }

  private checkOne(target: Target): Promise<DirectPathResult> {
    const running = this.running.get(target.id);
    if (running) return running;
    const run = this.limit(async () => {
      const path = await findDirectPath(
        { engine: target.engine, host: target.host, port: target.port },
        {
          lookup: this.deps.lookup,
          ca: this.deps.ca(),
          isTunnelPort: (address, port) => TUNNEL_ADDRESSES.has(address) && this.deps.tunnelPorts().includes(port),
          ...(this.deps.routeTo ? { routeTo: this.deps.routeTo } : {}),
          ...(this.deps.knownNetworks ? { knownNetworks: this.deps.knownNetworks() } : {}),
          ...(this.deps.connectTimeoutMs ? { connectTimeoutMs: this.deps.connectTimeoutMs } : {}),
          ...(this.deps.handshakeTimeoutMs ? { handshakeTimeoutMs: this.deps.handshakeTimeoutMs } : {}),
        },
      );
      const result = toDirectResult(target, path, this.now().toISOString());
      this.results.set(target.id, result);
      this.generationCount += 1;
      return result;
    });
    this.running.set(target.id, run);
    const forget = () => {
      if (this.running.get(target.id) === run) this.running.delete(target.id);
    };
    run.then(forget, forget);
    return run;
  }

  /** A VPN came up or went down: what was reachable may not be, and the other way round. */
  private onNetworkChange(_change: InterfaceChange): void {
    if (this.closed) return;
    this.networkChangedAt = this.now().toISOString();
    this.generationCount += 1;
    const targets = [...this.results.keys()].flatMap((id) => {
      const target = this.deps.findTarget(id);
      return target ? [target] : [];
    });
    if (targets.length === 0) return;
    this.check(targets).catch((error: unknown) => this.deps.onError?.(error));
  }
}
