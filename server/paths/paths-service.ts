// Every way into one database, side by side (GET /api/targets/:id/paths): the SSM tunnel as its diagnosis
// found it (the diagnosis is reused, with its cache, never read again here), the direct path, and each Client VPN
// endpoint of the region with its checks; and which to take.
import type { ApiError, Diagnosis, Target } from '../../shared/api.js';
import { buildDirectConnectionStrings } from '../../shared/connect/direct-strings.js';
import { engineInfo } from '../../shared/engines.js';
import type { DirectConnectionInfo, DirectPathResult, TargetPaths } from '../../shared/paths.js';
import type { AwsClients } from '../aws/clients.js';
import { PortholeError, isPortholeError, toApiError } from '../errors.js';
import type { DirectPathService } from './direct/direct-path-service.js';
import { recommend, ssmPath } from './recommend.js';
import { readDbNetwork, vpnFacts } from './vpn/db-network.js';
import { evaluateVpnPath } from './vpn/vpn-path.js';
import type { ClientVpnService } from './vpn/vpn-service.js';

export interface PathsServiceDeps {
  aws: AwsClients;
  /** The diagnosis room: it also fetches a slice never seen and says TARGET_NOT_FOUND. */
  diagnosis: { diagnose(targetId: string, options: { refresh?: boolean }): Promise<Diagnosis> };
  findTarget: (id: string) => Target | undefined;
  direct: DirectPathService;
  vpn: ClientVpnService;
  /** The trusted CA bundle clients are pointed at (read each time: it may move with the settings). */
  caBundlePath: () => string;
  now?: () => Date;
}

export interface PathsOptions {
  /** Read everything again: the diagnosis, the endpoints, the direct path. */
  refresh?: boolean;
  /** The user's groups (SAML or directory), to decide group-based authorization rules. */
  groups?: string[];
}

export class PathsService {
  private readonly now: () => Date;

  constructor(private readonly deps: PathsServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  async paths(targetId: string, options: PathsOptions = {}): Promise<TargetPaths> {
    let diagnosis: Diagnosis | undefined;
    let diagnosisError: ApiError | undefined;
    try {
      diagnosis = await this.deps.diagnosis.diagnose(targetId, { refresh: options.refresh ?? false });
    } catch (error) {
      if (!isPortholeError(error) || error.code === 'TARGET_NOT_FOUND') throw error;
      diagnosisError = toApiError(error);
    }
    const target = this.target(targetId);
    const scope = { profile: target.profile, region: target.region };
    const [direct, listed] = await Promise.all([
      this.direct(target, options.refresh),
      this.deps.vpn.endpoints(scope, { refresh: options.refresh }),
    ]);
    const endpoints = listed.endpoints;
    const resolved = direct.address && direct.status !== 'skipped' ? [direct.address] : [];
    const network = endpoints.length > 0 ? await readDbNetwork(this.deps.aws, target, endpoints, resolved) : undefined;
    const vpn = network ? endpoints.map((endpoint) => evaluateVpnPath(vpnFacts(target, endpoint, network, options.groups ?? []))) : [];
    const ssm = ssmPath(target, diagnosis, diagnosisError);
    return {
      targetId: target.id,
      profile: target.profile,
      region: target.region,
      host: target.host,
      port: target.port,
      engine: target.engine,
      checkedAt: this.now().toISOString(),
      recommendation: recommend(target, direct, ssm, vpn),
      direct,
      ssm,
      vpn,
      databaseAddresses: { cidrs: network?.db.cidrs ?? [], source: network?.db.source ?? 'none' },
      errors: [...listed.errors, ...endpoints.flatMap((endpoint) => endpoint.errors), ...(network?.errors ?? [])],
    };
  }

  /**
   * Connection strings with the real host name, for a database reached without a tunnel (no session), and the
   * direct path they depend on (checked now if it never was, or when asked).
   */
  async directConnection(
    targetId: string,
    options: { user?: string; database?: string; refresh?: boolean } = {},
  ): Promise<DirectConnectionInfo> {
    const target = this.target(targetId);
    const path = await this.direct(target, options.refresh);
    const engine = engineInfo(target.engine, target.port);
    const user = options.user || target.masterUsername || engine.defaultUser;
    const database = options.database || target.dbName || engine.defaultDatabase;
    const caBundlePath = this.deps.caBundlePath();
    return {
      targetId: target.id,
      engine: target.engine,
      host: target.host,
      port: target.port,
      user,
      database,
      caBundlePath,
      iamAuth: target.iamAuth,
      path,
      strings: buildDirectConnectionStrings({
        engine: target.engine,
        rdsHost: target.host,
        rdsPort: target.port,
        user,
        database,
        caBundlePath,
        name: target.name,
        id: target.id,
        iamAuth: target.iamAuth,
        region: target.region,
        profile: target.profile,
      }),
    };
  }

  /** Checks the direct path of one target now. */
  async checkDirect(targetId: string): Promise<DirectPathResult> {
    return this.direct(this.target(targetId), true);
  }

  private target(targetId: string): Target {
    const target = this.deps.findTarget(targetId);
    if (!target) {
      throw new PortholeError('TARGET_NOT_FOUND', `No database ${targetId} in the inventory.`, {
        hint: 'Refresh the inventory and pick it again.',
        status: 404,
      });
    }
    return target;
  }

  /** The direct path: the last result, else (or when refreshing) a check now. */
  private async direct(target: Target, refresh = false): Promise<DirectPathResult> {
    const known = this.deps.direct.result(target.id);
    if (known && !refresh) return known;
    const [result] = await this.deps.direct.check([target]);
    return result!;
  }
}
