// `GET /api/inventory`: discovered databases and jump hosts, per profile and region.
import type { ApiError } from './errors.js';

export type TargetKind = 'instance' | 'cluster-writer' | 'cluster-reader' | 'custom';

export interface Target {
  /** Stable: `<profile>:<region>:<kind>:<identifier>`. */
  id: string;
  profile: string;
  region: string;
  kind: TargetKind;
  /** DB instance or cluster identifier (reader targets get a " (reader)" suffix in `name`). */
  identifier: string;
  name: string;
  engine: string;
  engineVersion?: string;
  host: string;
  port: number;
  status: string;
  vpcId?: string;
  securityGroups: string[];
  subnetGroup?: string;
  iamAuth: boolean;
  masterUsername?: string;
  dbName?: string;
  masterSecretArn?: string;
  tags: Record<string, string>;
  /** Eligible jump host ids, best first; `recommendedHostId` is the first. */
  eligibleHostIds: string[];
  recommendedHostId?: string;
}

export interface JumpHost {
  /** EC2 instance id. */
  id: string;
  profile: string;
  region: string;
  name?: string;
  pingStatus: string;
  agentVersion?: string;
  platform?: string;
  /** EC2 instance state (running, stopped, …), when EC2 knows the instance. */
  state?: string;
  vpcId?: string;
  subnetId?: string;
  securityGroups: string[];
  privateIp?: string;
  tags: Record<string, string>;
}

export type IneligibleCode = 'NOT_ONLINE' | 'AGENT_TOO_OLD' | 'OTHER_VPC' | 'NOT_RUNNING';

export interface IneligibleReason {
  code: IneligibleCode;
  message: string;
}

export interface HostEligibility {
  hostId: string;
  eligible: boolean;
  reasons: IneligibleReason[];
}

export interface CallError {
  /** e.g. "rds:DescribeDBInstances" */
  call: string;
  error: ApiError;
}

export interface InventorySlice {
  profile: string;
  region: string;
  /** ISO time of the last completed fetch. */
  fetchedAt?: string;
  loading: boolean;
  targets: Target[];
  hosts: JumpHost[];
  /** targetId → each host's eligibility for it. */
  eligibility: Record<string, HostEligibility[]>;
  /** Per-call failures: one failing call never hides the others' results. */
  errors: CallError[];
  /**
   * The targets and hosts are the last complete discovery of an earlier run, kept on disk: `fetchedAt` is their
   * age. Absent once a fetch in this run has replaced them (a failed one leaves them, with its `errors`).
   */
  cached?: boolean;
}

export interface InventoryResponse {
  slices: InventorySlice[];
}

/** A target in `?eligibility=shared`: its eligible hosts by the index of its slice's list in `hostSets`. */
export interface SharedHostsTarget extends Omit<Target, 'eligibleHostIds'> {
  eligibleHostSet: number;
}

/**
 * A slice in `GET /api/inventory?eligibility=shared`: as `?eligibility=ineligible`, and each distinct list of
 * eligible hosts given once (the targets of one VPC share theirs; with 2,000 databases the lists were 60 % of the
 * answer). `expandHostSets` (shared/inventory-host-sets.ts) turns it back into an InventorySlice.
 */
export interface SharedHostsSlice extends Omit<InventorySlice, 'targets'> {
  targets: SharedHostsTarget[];
  hostSets: string[][];
}

export interface SharedHostsResponse {
  slices: SharedHostsSlice[];
}

export interface InventoryProgress {
  profile: string;
  region: string;
  phase: 'loading' | 'done' | 'error';
  /** Calls finished / calls planned for this slice. */
  done: number;
  total: number;
  fetchedAt?: string;
  error?: ApiError;
}

/**
 * What the daemon puts into the dashboard page it renders (GET / for a signed-in browser): the first look it
 * rendered the page with, and its clock at that moment, so the browser's hydration renders the same markup.
 */
export interface RenderedFirstLook {
  now: number;
  look: SharedHostsResponse;
}
