import type { Diagnosis, InventorySlice, JumpHost, SessionPreferences, Target } from '../../shared/api.js';
import type { AwsClients } from '../aws/clients.js';
import { readSessionPreferences } from '../aws/reads/ssm-preferences.js';
import { PortholeError } from '../errors.js';
import { hostEligibility } from '../inventory/eligibility.js';
import { systemResolve, type Resolve } from './dns-lookup.js';
import { evaluateAll, firstBroken } from './evaluate.js';
import { gatherFacts } from './gather.js';

/** What the diagnosis needs of the inventory (InventoryService has it). */
export interface InventoryLookup {
  findTarget(id: string): Target | undefined;
  slices(filter: { profile?: string; region?: string }): InventorySlice[];
  refresh(pairs: { profile: string; region: string }[]): Promise<InventorySlice[]>;
}

export interface DiagnosisServiceDeps {
  aws: AwsClients;
  inventory: InventoryLookup;
  resolve?: Resolve;
  now?: () => Date;
  /** AWS calls in flight at once per diagnosis. */
  concurrency?: number;
  /**
   * Whether a profile is one Porthole lists: only then may a target id of a slice never fetched start a fetch
   * (an id is client input; its profile must not make Porthole call AWS with any name).
   */
  profileExists?: (name: string) => Promise<boolean>;
}

interface CacheEntry {
  /** The inventory fetch the result belongs to: a newer fetch makes it stale. */
  fetchedAt: string | undefined;
  result: Promise<Diagnosis>;
}

/** Results kept at most (oldest first out): one per target × jump host a user looked at. */
const MAX_ENTRIES = 500;

/**
 * Runs diagnoses for an inventory target and a jump host, and keeps each result with the inventory slice it
 * was made from: it is served again (`cached: true`) until that slice is fetched again, or `refresh` asks.
 * Concurrent requests for the same pair share one run.
 */
export class DiagnosisService {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly preferenceCache = new Map<string, CacheEntry & { result: Promise<SessionPreferences> }>();
  private readonly now: () => Date;

  constructor(private readonly deps: DiagnosisServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  async diagnose(targetId: string, options: { jumpHostId?: string; refresh?: boolean } = {}): Promise<Diagnosis> {
    const target = await this.target(targetId);
    const slice = this.deps.inventory.slices({ profile: target.profile, region: target.region })[0];
    const host = pickHost(target, slice?.hosts ?? [], options.jumpHostId);
    const key = `${target.id}\u0000${host.id}`;
    const fetchedAt = slice?.fetchedAt;
    const cached = this.cache.get(key);
    if (cached && cached.fetchedAt === fetchedAt && !options.refresh) {
      const result = await cached.result;
      return { ...result, cached: true };
    }
    const result = this.run(target, host, slice);
    this.remember(this.cache, key, { fetchedAt, result });
    // A failed run (a bug) must not stay cached.
    result.catch(() => this.cache.get(key)?.result === result && this.cache.delete(key));
    return result;
  }

  /**
   * The Session Manager preferences of a profile and region (idle timeout, maximum duration, KMS), cached with
   * the inventory like diagnoses: for the tunnels' idle countdown and reconnect planning.
   */
  async sessionPreferences(profile: string, region: string): Promise<SessionPreferences> {
    const key = `${profile}\u0000${region}`;
    const fetchedAt = this.deps.inventory.slices({ profile, region })[0]?.fetchedAt;
    const cached = this.preferenceCache.get(key);
    if (cached && cached.fetchedAt === fetchedAt) return cached.result;
    const result = readSessionPreferences(this.deps.aws, { profile, region });
    this.remember(this.preferenceCache, key, { fetchedAt, result });
    result.catch(() => this.preferenceCache.delete(key));
    return result;
  }

  private async run(target: Target, host: JumpHost, slice: InventorySlice | undefined): Promise<Diagnosis> {
    const facts = await gatherFacts(
      {
        aws: this.deps.aws,
        resolve: this.deps.resolve ?? systemResolve,
        ...(this.deps.concurrency ? { concurrency: this.deps.concurrency } : {}),
      },
      { target, host, eligibility: hostEligibility(host, target), inventoryErrors: slice?.errors ?? [] },
    );
    const checks = evaluateAll(facts);
    const broken = firstBroken(checks);
    return {
      targetId: target.id,
      jumpHostId: host.id,
      profile: target.profile,
      region: target.region,
      checkedAt: this.now().toISOString(),
      ...(slice?.fetchedAt ? { inventoryFetchedAt: slice.fetchedAt } : {}),
      cached: false,
      checks,
      ...(broken ? { firstBroken: broken } : {}),
      ...(facts.preferences.ok ? { sessionPreferences: facts.preferences.value } : {}),
    };
  }

  /** The target; an id of a slice never fetched is looked up after fetching that slice. */
  private async target(id: string): Promise<Target> {
    let target = this.deps.inventory.findTarget(id);
    const [profile, region] = splitTargetId(id);
    const fetchable =
      profile && region && this.deps.inventory.slices({ profile, region }).length === 0 && (await this.deps.profileExists?.(profile));
    if (!target && fetchable) {
      await this.deps.inventory.refresh([{ profile: profile!, region: region! }]);
      target = this.deps.inventory.findTarget(id);
    }
    if (!target)
      throw new PortholeError('TARGET_NOT_FOUND', `No database ${id} in the inventory.`, {
        hint: 'Refresh the inventory and pick it again.',
        status: 404,
      });
    return target;
  }

  private remember<E>(cache: Map<string, E>, key: string, entry: E): void {
    cache.delete(key);
    cache.set(key, entry);
    while (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  }
}

/** `<profile>:<region>:<kind>:<identifier>`; the profile may itself hold colons, the rest may not. */
function splitTargetId(id: string): [string | undefined, string | undefined] {
  const parts = id.split(':');
  const region = parts[parts.length - 3];
  // The id is client input: only a well-formed region may start a fetch.
  if (parts.length < 4 || !region || !/^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$/.test(region)) return [undefined, undefined];
  return [parts.slice(0, -3).join(':'), region];
}

/**
 * The jump host to diagnose with: the one asked for, else the target's recommended host, else the host that
 * fails the fewest eligibility checks (one in the database's VPC first), so an ineligible row still shows why.
 */
export function pickHost(target: Target, hosts: JumpHost[], jumpHostId: string | undefined): JumpHost {
  if (jumpHostId) {
    const asked = hosts.find((host) => host.id === jumpHostId);
    if (!asked)
      throw new PortholeError('JUMP_HOST_NOT_FOUND', `No jump host ${jumpHostId} in ${target.profile} ${target.region}.`, {
        hint: 'Refresh the inventory and pick a listed jump host.',
        status: 404,
      });
    return asked;
  }
  const recommended = hosts.find((host) => host.id === target.recommendedHostId);
  if (recommended) return recommended;
  const ranked = hosts
    .map((host) => ({ host, reasons: hostEligibility(host, target).reasons.length, sameVpc: host.vpcId === target.vpcId ? 0 : 1 }))
    .sort((a, b) => a.sameVpc - b.sameVpc || a.reasons - b.reasons || (a.host.id < b.host.id ? -1 : 1));
  const best = ranked[0]?.host;
  if (!best)
    throw new PortholeError('NO_JUMP_HOST', `There is no SSM managed instance in ${target.profile} ${target.region}.`, {
      hint: 'Launch an instance with the SSM agent and the AmazonSSMManagedInstanceCore role in the database’s VPC.',
      status: 409,
    });
  return best;
}
