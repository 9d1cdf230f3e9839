// The AWS Client VPN endpoints of a profile and region, each with its target networks, routes and authorization
// rules, read at once (bounded) and kept a few minutes: the paths of every database in the region use them.
// A refused call never sinks the answer: it becomes an error naming the permission, and the checks that needed
// it say `unknown`.
import pLimit from 'p-limit';
import type { ClientVpnEndpoint, ClientVpnEndpointsResponse, PathReadError } from '../../../shared/paths.js';
import type { AwsClients } from '../../aws/clients.js';
import type { KnownNetwork } from '../direct/address-scope.js';
import {
  readClientVpnAuthorizationRules,
  readClientVpnEndpoints,
  readClientVpnRoutes,
  readClientVpnTargetNetworks,
} from '../../aws/reads/client-vpn.js';
import type { ReadScope } from '../../aws/reads/types.js';
import { PortholeError } from '../../errors.js';
import { settle, type Read, type ReadFailure } from '../../diagnosis/read-result.js';

export interface ClientVpnServiceDeps {
  aws: AwsClients;
  now?: () => Date;
  /** How long a region's endpoints are served from memory (default 5 minutes). */
  ttlMs?: number;
  /** AWS calls in flight at once per region (default 4: Describe APIs throttle per account). */
  concurrency?: number;
}

export const DEFAULT_VPN_TTL_MS = 5 * 60_000;
/** Regions kept at most (oldest first out). */
const MAX_ENTRIES = 200;

export function toReadError(failure: ReadFailure): PathReadError {
  return {
    call: failure.action,
    error: { code: failure.code, message: failure.message },
    ...(failure.permission ? { missingPermission: failure.permission } : {}),
  };
}

function valueOr<T>(read: Read<T>, fallback: T, errors: PathReadError[]): T {
  if (read.ok) return read.value;
  errors.push(toReadError(read.failure));
  return fallback;
}

interface Entry {
  at: number;
  result: Promise<Omit<ClientVpnEndpointsResponse, 'cached'>>;
}

export class ClientVpnService {
  private readonly cache = new Map<string, Entry>();
  /** The last complete answer per region, for what needs it without waiting (knownNetworks). */
  private readonly latest = new Map<string, ClientVpnEndpoint[]>();
  private readonly now: () => Date;

  constructor(private readonly deps: ClientVpnServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /** The region's endpoints, from memory unless `refresh` or older than the TTL; one read at a time per region. */
  async endpoints(scope: ReadScope, options: { refresh?: boolean } = {}): Promise<ClientVpnEndpointsResponse> {
    const key = `${scope.profile}\u0000${scope.region}`;
    const cached = this.cache.get(key);
    const fresh = cached && this.now().getTime() - cached.at < (this.deps.ttlMs ?? DEFAULT_VPN_TTL_MS);
    if (cached && fresh && !options.refresh) return { ...(await cached.result), cached: true };
    const result = this.read(scope);
    result.then(
      (answer) => {
        this.latest.delete(key);
        this.latest.set(key, answer.endpoints);
        while (this.latest.size > MAX_ENTRIES) this.latest.delete(this.latest.keys().next().value!);
      },
      () => undefined,
    );
    this.cache.delete(key);
    this.cache.set(key, { at: this.now().getTime(), result });
    while (this.cache.size > MAX_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
    result.catch(() => this.cache.get(key)?.result === result && this.cache.delete(key));
    return { ...(await result), cached: false };
  }

  /** One endpoint of the region, as listed; VPN_ENDPOINT_NOT_FOUND when the region has none by that id. */
  async endpoint(scope: ReadScope, id: string, options: { refresh?: boolean } = {}): Promise<ClientVpnEndpoint> {
    let listed = await this.endpoints(scope, options);
    // A remembered list may predate the endpoint: look once more before saying it does not exist.
    if (listed.cached && !listed.endpoints.some((endpoint) => endpoint.id === id)) listed = await this.endpoints(scope, { refresh: true });
    const found = listed.endpoints.find((endpoint) => endpoint.id === id);
    if (found) return found;
    const failure = listed.errors[0];
    if (failure) {
      throw new PortholeError(
        failure.missingPermission ? 'ACCESS_DENIED' : 'AWS_ERROR',
        `Porthole could not list the Client VPN endpoints: ${failure.error.message}`,
        {
          hint: failure.missingPermission ? `Ask your AWS administrator to allow ${failure.missingPermission}.` : 'Try again in a moment.',
          status: failure.missingPermission ? 403 : 502,
        },
      );
    }
    throw new PortholeError('VPN_ENDPOINT_NOT_FOUND', `There is no Client VPN endpoint ${id} in ${scope.profile} ${scope.region}.`, {
      hint: 'Check the profile and region, or list the endpoints again.',
      status: 404,
    });
  }

  /**
   * The networks the endpoints seen so far carry (their active routes, but not a full tunnel's 0.0.0.0/0), so a
   * blocked direct path can name the VPN it needs.
   */
  knownNetworks(): KnownNetwork[] {
    return [...this.latest.values()].flat().flatMap((endpoint) =>
      endpoint.routes
        .filter((route) => route.status === 'active' && !route.destinationCidr.endsWith('/0'))
        .map((route) => ({
          cidr: route.destinationCidr,
          via: `Client VPN ${endpoint.name ? `"${endpoint.name}" (${endpoint.id})` : endpoint.id}`,
        })),
    );
  }

  private async read(scope: ReadScope): Promise<Omit<ClientVpnEndpointsResponse, 'cached'>> {
    const { aws } = this.deps;
    const limit = pLimit(this.deps.concurrency ?? 4);
    const read = <T>(action: string, run: () => Promise<T>): Promise<Read<T>> => limit(() => settle(action, run));
    const errors: PathReadError[] = [];
    const listed = await read('ec2:DescribeClientVpnEndpoints', () => readClientVpnEndpoints(aws, scope));
    const infos = valueOr(listed, [], errors);
    const endpoints = await Promise.all(
      infos.map(async (info): Promise<ClientVpnEndpoint> => {
        const [networks, routes, rules] = await Promise.all([
          read('ec2:DescribeClientVpnTargetNetworks', () => readClientVpnTargetNetworks(aws, scope, info.id)),
          read('ec2:DescribeClientVpnRoutes', () => readClientVpnRoutes(aws, scope, info.id)),
          read('ec2:DescribeClientVpnAuthorizationRules', () => readClientVpnAuthorizationRules(aws, scope, info.id)),
        ]);
        const own: PathReadError[] = [];
        return {
          ...info,
          targetNetworks: valueOr(networks, [], own),
          routes: valueOr(routes, [], own),
          authorizationRules: valueOr(rules, [], own),
          errors: own,
        };
      }),
    );
    return { profile: scope.profile, region: scope.region, fetchedAt: this.now().toISOString(), endpoints, errors };
  }
}
