import type { CallError, HostEligibility, JumpHost, SessionPreferences, Target } from '../../shared/api.js';
import type { PolicySource } from '../aws/reads/iam-reads.js';
import type {
  CallerIdentity,
  DbDetail,
  DbParameter,
  InstanceDetail,
  InstanceProfileInfo,
  NetworkAcl,
  NetworkInterfaceInfo,
  PrefixListInfo,
  ProfileAssociation,
  RouteTableInfo,
  SgRule,
  SimulationResult,
  SubnetInfo,
  VpcDnsAttributes,
  VpcEndpointInfo,
} from '../aws/reads/types.js';
import type { Read } from './read-result.js';

/** What this computer's resolver said about the database's endpoint name. */
export interface DnsLookup {
  name: string;
  addresses?: string[];
  /** The resolver's error code (ENOTFOUND, EAI_AGAIN…) when it found nothing. */
  error?: string;
  /** Whether this computer resolves AWS names at all (asked only when the endpoint did not resolve). */
  resolvesAws?: boolean;
}

/**
 * Everything one diagnosis reads, each read with its own outcome. The checks are pure functions of this, so
 * each is tested with hand-made facts and no AWS.
 */
export interface DiagnosisFacts {
  target: Target;
  host: JumpHost;
  eligibility: HostEligibility;
  /** The inventory slice's failed calls (e.g. ec2:DescribeInstances, which leaves the host's state unknown). */
  inventoryErrors: CallError[];
  /** Account and partition of the caller, for ARNs in fixes ("*" when unknown). */
  accountId: string;
  partition: string;
  db: Read<DbDetail | undefined>;
  /** The jump host as EC2 describes it; undefined for hybrid (mi-) nodes. */
  instance: Read<InstanceDetail | undefined>;
  dbRules: Read<SgRule[]>;
  hostRules: Read<SgRule[]>;
  /** Group id → name, as far as DescribeSecurityGroups told. */
  groupNames: ReadonlyMap<string, string>;
  prefixLists: Read<PrefixListInfo[]>;
  dbInterfaces: Read<NetworkInterfaceInfo[]>;
  /** The database's subnets and the host's. */
  subnets: Read<SubnetInfo[]>;
  nacls: Read<NetworkAcl[]>;
  routeTable: Read<RouteTableInfo | undefined>;
  endpoints: Read<VpcEndpointInfo[]>;
  endpointRules: Read<SgRule[]>;
  vpcDns: Read<VpcDnsAttributes>;
  association: Read<ProfileAssociation | undefined>;
  instanceProfile: Read<InstanceProfileInfo | undefined>;
  hostRoleSimulation: Read<SimulationResult[]>;
  preferences: Read<SessionPreferences>;
  caller: Read<CallerIdentity>;
  policySource: Read<PolicySource | undefined>;
  userSimulation: Read<SimulationResult[]>;
  dbParameters: Read<DbParameter[]>;
  dns: DnsLookup;
}
