import pLimit, { type LimitFunction } from 'p-limit';
import type { InventoryProgress, InventorySlice, JumpHost, Target } from '../../shared/api.js';
import type { AwsClients } from '../aws/clients.js';
import { mapAwsError } from '../aws/errors.js';
import type { EventBus } from '../events/bus.js';
import type { SliceKey } from '../aws/discovery/convert.js';
import { SLICE_CALLS } from '../aws/discovery/fetch-slice.js';
import { readSlice, type DiscoveredSlice } from '../aws/discovery/read-slice.js';
import { buildSlice } from './build-slice.js';

export interface InventoryServiceDeps {
  aws: AwsClients;
  bus: EventBus;
  now?: () => Date;
  /** Slices fetched at once (each runs its four calls in parallel). */
  concurrency?: number;
  /** Replaceable for unit tests; defaults to the real SDK calls. */
  fetch?: (aws: AwsClients, key: SliceKey, onCallDone: (call: string) => void) => Promise<DiscoveredSlice>;
}

interface SliceState {
  slice: InventorySlice;
  targetsById: Map<string, Target>;
  hostsById: Map<string, JumpHost>;
  progress?: InventoryProgress;
  pending?: Promise<InventorySlice>;
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

  /** Whether the slice was ever fetched or is being fetched. */
  has(key: SliceKey): boolean {
    return this.states.has(keyOf(key));
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
      const slice = buildSlice(key, found, fetchedAt);
      this.store(state, slice);
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
      state = { slice: empty, targetsById: new Map(), hostsById: new Map() };
      this.states.set(id, state);
    }
    return state;
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
