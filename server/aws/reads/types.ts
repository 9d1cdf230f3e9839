// Porthole's own small shapes for what the diagnosis reads from AWS. SDK shapes end in server/aws/reads/:
// the checks in server/diagnosis/ only ever see these.

/** One (profile, region) whose clients make the calls. */
export interface ReadScope {
  profile: string;
  region: string;
}

/** One security-group rule, flat (DescribeSecurityGroupRules' shape; DescribeSecurityGroups is flattened to it). */
export interface SgRule {
  groupId: string;
  ruleId?: string;
  egress: boolean;
  /** tcp | udp | icmp | icmpv6 | -1 (all) or a protocol number such as "6". */
  protocol: string;
  /** Absent or -1 with protocol -1: every port. */
  fromPort?: number;
  toPort?: number;
  cidrIpv4?: string;
  cidrIpv6?: string;
  prefixListId?: string;
  referencedGroupId?: string;
  description?: string;
}

export interface SecurityGroupInfo {
  groupId: string;
  name?: string;
  vpcId?: string;
}

export interface PrefixListInfo {
  id: string;
  name?: string;
  cidrs: string[];
}

export interface NetworkInterfaceInfo {
  id: string;
  subnetId?: string;
  vpcId?: string;
  privateIps: string[];
  groupIds: string[];
  description?: string;
  requesterId?: string;
}

export interface NaclEntry {
  ruleNumber: number;
  /** "-1" (all) or a protocol number ("6" is tcp). */
  protocol: string;
  action: 'allow' | 'deny';
  egress: boolean;
  cidr?: string;
  ipv6Cidr?: string;
  /** Absent for protocol -1: every port. */
  fromPort?: number;
  toPort?: number;
}

export interface NetworkAcl {
  id: string;
  vpcId?: string;
  isDefault: boolean;
  subnetIds: string[];
  entries: NaclEntry[];
}

export type RouteTargetKind = 'local' | 'igw' | 'nat' | 'tgw' | 'eni' | 'instance' | 'pcx' | 'vpce' | 'vgw' | 'other';

export interface RouteInfo {
  destinationCidr?: string;
  destinationPrefixListId?: string;
  /** The target's id (igw-…, nat-…, tgw-…), or "local". */
  target: string;
  targetKind: RouteTargetKind;
  /** active | blackhole | filtered */
  state: string;
}

export interface RouteTableInfo {
  id: string;
  vpcId?: string;
  /** True when the subnet has no table of its own and uses the VPC's main table. */
  main: boolean;
  routes: RouteInfo[];
}

export interface VpcEndpointInfo {
  id: string;
  type: string;
  serviceName: string;
  state: string;
  privateDnsEnabled: boolean;
  subnetIds: string[];
  groupIds: string[];
}

export interface SubnetInfo {
  id: string;
  vpcId?: string;
  cidr?: string;
  availabilityZone?: string;
}

export interface VpcDnsAttributes {
  vpcId: string;
  dnsSupport?: boolean;
  dnsHostnames?: boolean;
}

/** The jump host as EC2 describes it (the inventory has the rest). */
export interface InstanceDetail {
  id: string;
  state?: string;
  subnetId?: string;
  vpcId?: string;
  privateIp?: string;
  publicIp?: string;
  instanceProfileArn?: string;
  groupIds: string[];
}

export interface ProfileAssociation {
  instanceId: string;
  instanceProfileArn?: string;
  /** associating | associated | disassociating | disassociated */
  state?: string;
}

export interface InstanceProfileInfo {
  name: string;
  arn?: string;
  roles: { name: string; arn: string }[];
}

export interface DbParameterGroupRef {
  name: string;
  /** in-sync | pending-reboot | applying */
  applyStatus?: string;
}

/** The database as RDS describes it now (an Aurora cluster joined with its member instances). */
export interface DbDetail {
  kind: 'instance' | 'cluster';
  identifier: string;
  engine: string;
  engineVersion?: string;
  status: string;
  /** Every endpoint name the database answers on (instance endpoint, or cluster writer and reader). */
  endpoints: string[];
  port?: number;
  /** DbiResourceId or DbClusterResourceId, for rds-db:connect ARNs. */
  resourceId?: string;
  vpcId?: string;
  subnetIds: string[];
  groupIds: string[];
  /** CACertificateIdentifier of the instance (every member's, for a cluster). */
  caCertificates: string[];
  parameterGroups: DbParameterGroupRef[];
  clusterParameterGroup?: string;
  iamAuth: boolean;
}

export interface DbParameter {
  name: string;
  /** Absent when the group sets no value (the engine's built-in default applies). */
  value?: string;
  source?: string;
  applyMethod?: string;
}

export interface CallerIdentity {
  account: string;
  arn: string;
  userId: string;
}

export type EvalDecision = 'allowed' | 'explicitDeny' | 'implicitDeny';

export interface SimulationResult {
  action: string;
  resource: string;
  decision: EvalDecision;
  /** Context keys the policies needed but were not given: "could not evaluate", not "denied". */
  missingContext: string[];
}

export interface ContextEntry {
  key: string;
  type: 'string' | 'stringList' | 'boolean';
  values: string[];
}
