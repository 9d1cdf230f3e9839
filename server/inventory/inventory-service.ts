import pLimit, { type LimitFunction } from 'p-limit';
import type { InventoryProgress, InventorySlice, JumpHost, Target } from '../../shared/api.js';
import type { AwsClients } from '../aws/clients.js';
import { mapAwsError } from '../aws/errors.js';
import type { EventBus } from '../events/bus.js';
import type { SliceKey } from '../aws/discovery/convert.js';
import { SLICE_CALLS } from '../aws/discovery/fetch-slice.js';
import { readSlice, type DiscoveredSlice } from '../aws/discovery/read-slice.js';
import { buildSlice } from './build-slice.js';
import type { InventoryCacheLike } from './inventory-cache.js';

export interface InventoryServiceDeps {
  aws: AwsClients;
  bus: EventBus;
  now?: () => Date;
  /** Slices fetched at once (each runs its four calls in parallel). */
  concurrency?: number;
  /** Replaceable for unit tests; defaults to the real SDK calls. */
  fetch?: (aws: AwsClients, key: SliceKey, onCallDone: (call: string) => void) => Promise<DiscoveredSlice>;
  /** Where the last complete discovery of each slice is kept between runs (none: memory only). */
  cache?: InventoryCacheLike;
  /** A cache file could not be written (the inventory itself is fine). */
  onCacheError?: (error: unknown) => void;
}

interface SliceState {
  slice: InventorySlice;
  targetsById: Map<string, Target>;
  hostsById: Map<string, JumpHost>;
  progress?: InventoryProgress;
  pending?: Promise<InventorySlice>;
  /** A fetch ran (or runs) in this daemon's life; false for a slice only known from the disk cache. */
  attempted: boolean;
}

/**
 * Discovered databases and jump hosts per (profile, region), cached in memory with their fetch
 * time. A refresh fetches slices in parallel (bounded), publishes `inventory` progress as each call
 * finishes, and shares one fetch between concurrent refreshes of the same slice.
 */
export class InventoryService {
  private readonly states = new Map<string, SliceState>();
  private readonly limit: LimitFunction;
  private readonly now: () => Date;
  private readonly fetch: NonNullable<InventoryServiceDeps['fetch']>;
  private restoring: Promise<void> = Promise.resolve();

  constructor(private readonly deps: InventoryServiceDeps) {
    this.limit = pLimit(deps.concurrency ?? 16);
    this.now = deps.now ?? (() => new Date());
    this.fetch = deps.fetch ?? readSlice;
  }

  /** Cached slices (never fetched ones are absent), optionally filtered. */
  slices(filter: { profile?: string; region?: string } = {}): InventorySlice[] {
    return [...this.states.values()]
      .map((state) => state.slice)
      .filter((slice) => (!filter.profile || slice.profile === filter.profile) && (!filter.region || slice.region === filter.region));
  }

  /** Whether the slice was ever fetched or is being fetched (or was restored from the disk cache). */
  has(key: SliceKey): boolean {
    return this.states.has(keyOf(key));
  }

  /** Whether a look at the slice should start a fetch: none ran in this run (it is absent, or only cached). */
  needsFetch(key: SliceKey): boolean {
    const state = this.states.get(keyOf(key));
    return !state?.attempted;
  }

  /**
   * Shows each slice's last complete discovery from the disk cache at once, marked `cached` with its age
   * (`fetchedAt`); a slice fetched meanwhile is never replaced by its older copy.
   */
  restore(pairs: SliceKey[] | Promise<SliceKey[]>): Promise<void> {
    const { cache } = this.deps;
    if (!cache) return this.restoring;
    const run = Promise.resolve(pairs).then(async (keys) => {
      // Read together, kept in the order picked (not the order the reads finish in): slices answer in that order.
      const files = await Promise.all(keys.map((key) => cache.read(key).catch(() => undefined)));
      keys.forEach((key, index) => {
        const found = files[index];
        if (!found || this.states.has(keyOf(key))) return;
        const slice = buildSlice(key, { targets: found.targets, hosts: found.hosts, errors: [] }, found.fetchedAt);
        this.store(this.stateFor(key), { ...slice, cached: true });
      });
    });
    // A restore that fails (the profiles could not be listed) leaves the service as it was: fetches still run.
    this.restoring = this.restoring
      .then(() => run)
      .then(
        () => undefined,
        () => undefined,
      );
    return this.restoring;
  }

  /** Resolves once a restore under way is done, so the first answer already holds what the cache has. */
  restored(): Promise<void> {
    return this.restoring;
  }

  /** Fetches the given slices again; resolves when all are done (failures are inside the slices). */
  refresh(pairs: SliceKey[]): Promise<InventorySlice[]> {
    const unique = new Map(pairs.map((pair) => [keyOf(pair), pair]));
    return Promise.all([...unique.values()].map((pair) => this.refreshOne(pair)));
  }

  progress(): InventoryProgress[] {
    return [...this.states.values()].flatMap((state) => (state.progress ? [state.progress] : []));
  }

  findTarget(id: string): Target | undefined {
    for (const state of this.states.values()) {
      const target = state.targetsById.get(id);
      if (target) return target;
    }
    return undefined;
  }

  findHost(profile: string, region: string, hostId: string): JumpHost | undefined {
    return this.states.get(keyOf({ profile, region }))?.hostsById.get(hostId);
  }

  private refreshOne(key: SliceKey): Promise<InventorySlice> {
    const state = this.stateFor(key);
    if (state.pending) return state.pending;
    // Keep the previous results visible while loading.
    state.slice = { ...state.slice, loading: true };
    state.attempted = true;
    const total = SLICE_CALLS.length;
    this.report(state, { profile: key.profile, region: key.region, phase: 'loading', done: 0, total });
    const pending = this.limit(async () => {
      let done = 0;
      let found: DiscoveredSlice;
      try {
        found = await this.fetch(this.deps.aws, key, () => {
          done += 1;
          this.report(state, { profile: key.profile, region: key.region, phase: 'loading', done, total });
        });
      } catch (error) {
        // readSlice records per-call failures itself; this only catches a bug or a broken stub.
        const apiError = mapAwsError(error, { ...key, action: 'inventory' }).toApiError();
        found = { targets: [], hosts: [], errors: SLICE_CALLS.map((call) => ({ call, error: apiError })) };
      }
      const fetchedAt = this.now();
      const slice = this.settle(state, key, buildSlice(key, found, fetchedAt));
      const firstError = slice.errors[0]?.error;
      this.report(state, {
        profile: key.profile,
        region: key.region,
        phase: firstError ? 'error' : 'done',
        done: total,
        total,
        fetchedAt: slice.fetchedAt ?? fetchedAt.toISOString(),
        ...(firstError ? { error: firstError } : {}),
      });
      return slice;
    });
    state.pending = pending.finally(() => {
      state.pending = undefined;
    });
    return state.pending;
  }

  private stateFor(key: SliceKey): SliceState {
    const id = keyOf(key);
    let state = this.states.get(id);
    if (!state) {
      const empty: InventorySlice = {
        profile: key.profile,
        region: key.region,
        loading: false,
        targets: [],
        hosts: [],
        eligibility: {},
        errors: [],
      };
      state = { slice: empty, targetsById: new Map(), hostsById: new Map(), attempted: false };
      this.states.set(id, state);
    }
    return state;
  }

  /**
   * A finished fetch: a complete one replaces the slice and is written to the disk cache (in the background); a
   * failed one replaces a slice fetched in this run, but leaves a cached one visible (with its age) beside the errors.
   */
  private settle(state: SliceState, key: SliceKey, fresh: InventorySlice): InventorySlice {
    if (fresh.errors.length > 0 && state.slice.cached) {
      state.slice = { ...state.slice, loading: false, errors: fresh.errors };
      return state.slice;
    }
    this.store(state, fresh);
    if (fresh.errors.length === 0 && this.deps.cache) {
      const { targets, hosts } = fresh;
      this.deps.cache
        .write({ ...key, fetchedAt: new Date(fresh.fetchedAt ?? this.now().toISOString()), targets, hosts })
        .catch((error: unknown) => this.deps.onCacheError?.(error));
    }
    return fresh;
  }

  private store(state: SliceState, slice: InventorySlice): void {
    state.slice = slice;
    state.targetsById = new Map(slice.targets.map((target) => [target.id, target]));
    state.hostsById = new Map(slice.hosts.map((host) => [host.id, host]));
  }

  private report(state: SliceState, progress: InventoryProgress): void {
    state.progress = progress;
    this.deps.bus.publish({ type: 'inventory', data: progress });
  }
}

function keyOf(key: SliceKey): string {
  return `${key.profile}\u0000${key.region}`;
}
