// Does this machine reach a database without a tunnel (over a VPN, the LAN, or the internet)? Resolve
// the name the way every other program does (the daemon injects dns.lookup, which honours VPN-pushed
// and split DNS), connect with a short timeout, and for PostgreSQL/MySQL complete the TLS handshake
// against the CA list with the database's real name, using the health probes. facts-aws-paths.md §B3.
import { isIP } from 'node:net';
import pLimit from 'p-limit';
import { engineInfo } from '../../../shared/engines.js';
import { probeDatabase, type ProbeResult } from '../../health/probe.js';
import { ProbeError } from '../../health/probes/probe-error.js';
import { connectRelay } from '../../health/probes/wire.js';
import { addressScope, carrierOf, isInternal, type AddressScope, type KnownNetwork } from './address-scope.js';
import type { RouteInfo } from './route-info.js';

export const DEFAULT_CONNECT_TIMEOUT_MS = 1500;
export const DEFAULT_HANDSHAKE_TIMEOUT_MS = 5000;
/** Names with more addresses (dual stack, several A records) are tried this far, one after another. */
export const MAX_ADDRESSES = 3;
/** dns.lookup runs on libuv's pool of 4 threads: more at once only queue there. */
export const DEFAULT_CONCURRENCY = 4;

export interface DirectTarget {
  /** RDS engine name (postgres, aurora-mysql, …); other engines get a TCP check only. */
  engine?: string;
  /** The database's real name: resolved here, and the name its certificate must carry. */
  host: string;
  port: number;
}

export interface LookupAddress {
  address: string;
  family: number;
}

export type BlockedReason = 'timeout' | 'refused' | 'unreachable';

export interface DirectPathDeps {
  /** `dns.promises.lookup` in the daemon; a test maps names to loopback addresses. */
  lookup: (hostname: string, options: { all: true }) => Promise<LookupAddress[]>;
  /** Trusted CA certificates for the TLS check (the RDS bundle plus the user's). */
  ca: string[];
  /** True when a Porthole tunnel listens on this address and port: never probe it. */
  isTunnelPort?: (address: string, port: number) => boolean;
  /** The OS's route to an address (platform.routeLookupOutput, parsed); optional. */
  routeTo?: (address: string) => Promise<RouteInfo | undefined>;
  /** Networks known to be carried by a VPN, to say which one a blocked address needs. */
  knownNetworks?: readonly KnownNetwork[];
  /** Opens and closes one TCP connection; a unit test may stand in for the network. */
  connect?: (address: string, port: number, timeoutMs: number) => Promise<void>;
  connectTimeoutMs?: number;
  handshakeTimeoutMs?: number;
}

interface Located {
  target: DirectTarget;
  address: string;
  scope: AddressScope;
  route?: RouteInfo;
  message: string;
}

export type DirectPath =
  /** Reachable at a non-public address (VPN, LAN, peering): no tunnel needed. */
  | (Located & { status: 'direct'; handshake?: ProbeResult })
  /** Reachable at a public address. */
  | (Located & { status: 'public'; handshake?: ProbeResult })
  /** Resolves, but nothing answered; `via` names the known network that should carry it. */
  | (Located & { status: 'blocked'; reason: BlockedReason; via?: string })
  /** A Porthole tunnel holds the address and port the name resolves to; not probed. */
  | (Located & { status: 'skipped' })
  /** The name does not resolve here. */
  | { status: 'unresolved'; target: DirectTarget; code?: string; message: string };

export async function connectOnce(address: string, port: number, timeoutMs: number): Promise<void> {
  const socket = await connectRelay(address, port, timeoutMs);
  socket.destroy();
}

/** What a failed connect says about the path: silence (dropped), a reset, or no route at all. */
function blockedReason(error: unknown): BlockedReason {
  if (error instanceof ProbeError && error.code === 'PROBE_TIMEOUT') return 'timeout';
  const code = (error as { cause?: NodeJS.ErrnoException } | undefined)?.cause?.code;
  return code === 'ECONNREFUSED' ? 'refused' : code === 'ETIMEDOUT' ? 'timeout' : 'unreachable';
}

async function resolve(target: DirectTarget, deps: DirectPathDeps): Promise<LookupAddress[] | DirectPath> {
  const family = isIP(target.host);
  if (family !== 0) return [{ address: target.host, family }];
  try {
    const addresses = await deps.lookup(target.host, { all: true });
    if (addresses.length > 0) return addresses.slice(0, MAX_ADDRESSES);
    return { status: 'unresolved', target, message: `${target.host} has no address here.` };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      status: 'unresolved',
      target,
      ...(code ? { code } : {}),
      message: `${target.host} does not resolve on this machine${code ? ` (${code})` : ''}: a VPN that pushes its DNS, or the VPC's resolver, would be needed.`,
    };
  }
}

const SCOPE_WORDS: Record<AddressScope, string> = {
  private: 'a private address',
  shared: 'a shared (RFC 6598) address',
  'unique-local': 'a unique local IPv6 address',
  loopback: 'a loopback address',
  'link-local': 'a link-local address',
  public: 'a public address',
};

function blockedMessage(
  target: DirectTarget,
  address: string,
  scope: AddressScope,
  reason: BlockedReason,
  via: string | undefined,
  timeoutMs: number,
): string {
  const where = `${target.host} resolves to ${address}`;
  if (reason === 'refused') {
    return `${where}, and something there refused port ${target.port}: nothing listens on it, or the address belongs to another network with the same range (home LAN, Docker).`;
  }
  const silence =
    reason === 'timeout' ? `nothing answered on port ${target.port} within ${timeoutMs} ms` : 'this machine has no route to it';
  if (!isInternal(scope)) {
    return `${where}, ${SCOPE_WORDS.public}, but ${silence}: the database's security group probably does not admit your IP.`;
  }
  if (via) {
    return `${where}, which ${via} carries, but ${silence}: check that it is connected and that its authorization rules and the database's security group admit you.`;
  }
  return `${where}, ${SCOPE_WORDS[scope]}, and ${silence}: connect the VPN that serves this VPC, or use a tunnel.`;
}

async function routeOf(address: string, deps: DirectPathDeps): Promise<{ route?: RouteInfo }> {
  try {
    const route = await deps.routeTo?.(address);
    return route ? { route } : {};
  } catch {
    return {};
  }
}

/** Finds whether `target` is reachable directly; never throws. */
export async function findDirectPath(target: DirectTarget, deps: DirectPathDeps): Promise<DirectPath> {
  const resolved = await resolve(target, deps);
  if (!Array.isArray(resolved)) return resolved;
  const connect = deps.connect ?? connectOnce;
  const connectTimeoutMs = deps.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  let firstFailure: { address: string; reason: BlockedReason } | undefined;
  let skipped: string | undefined;
  for (const { address } of resolved) {
    if (deps.isTunnelPort?.(address, target.port)) {
      skipped ??= address;
      continue;
    }
    try {
      await connect(address, target.port, connectTimeoutMs);
    } catch (error) {
      firstFailure ??= { address, reason: blockedReason(error) };
      continue;
    }
    return reached(target, address, deps);
  }
  if (firstFailure) {
    const { address, reason } = firstFailure;
    const scope = addressScope(address);
    const via = isInternal(scope) ? carrierOf(address, deps.knownNetworks ?? [])?.via : undefined;
    const route = await routeOf(address, deps);
    const carrier = via ?? (route.route?.vpnInterface ? `the VPN on ${route.route.interface}` : undefined);
    return {
      status: 'blocked',
      target,
      address,
      scope,
      reason,
      ...route,
      ...(carrier ? { via: carrier } : {}),
      message: blockedMessage(target, address, scope, reason, carrier, connectTimeoutMs),
    };
  }
  const address = skipped ?? target.host;
  return {
    status: 'skipped',
    target,
    address,
    scope: addressScope(address),
    message: `${target.host} resolves to ${address}:${target.port}, where a Porthole tunnel listens; it was not probed.`,
  };
}

async function reached(target: DirectTarget, address: string, deps: DirectPathDeps): Promise<DirectPath> {
  const scope = addressScope(address);
  const status = isInternal(scope) ? 'direct' : 'public';
  const [route, handshake] = await Promise.all([routeOf(address, deps), handshakeWith(target, address, deps)]);
  const over = route.route?.interface ? ` over ${route.route.interface}` : '';
  let message = `${target.host} answers at ${address}${over} without a tunnel.`;
  if (handshake?.ok && handshake.tls?.verified) message += ` TLS verified for ${target.host}.`;
  else if (handshake?.error) message += ` The database check failed: ${handshake.error.message}`;
  return { status, target, address, scope, ...route, ...(handshake ? { handshake } : {}), message };
}

/** PostgreSQL and MySQL: the protocol probe, verify-full against the real name while connecting to the address. */
async function handshakeWith(target: DirectTarget, address: string, deps: DirectPathDeps): Promise<ProbeResult | undefined> {
  if (engineInfo(target.engine, target.port).probe === 'tcp') return undefined;
  return probeDatabase({
    host: address,
    port: target.port,
    ...(target.engine ? { engine: target.engine } : {}),
    serverName: target.host,
    ca: deps.ca,
    timeoutMs: deps.handshakeTimeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS,
  });
}

/** Checks many targets, a few at a time; results come back in the order of `targets`. */
export function findDirectPaths(
  targets: readonly DirectTarget[],
  deps: DirectPathDeps,
  concurrency = DEFAULT_CONCURRENCY,
): Promise<DirectPath[]> {
  const limit = pLimit(concurrency);
  return Promise.all(targets.map((target) => limit(() => findDirectPath(target, deps))));
}
