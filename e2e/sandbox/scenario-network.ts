// The parts of the sandbox's world that Porthole's diagnosis reads: security groups, subnets, network ACLs,
// route tables, VPC endpoints and attributes, prefix lists (EC2); parameter groups (RDS); the Session
// Manager preferences document (SSM); roles, users, instance profiles and their policies (IAM).
// Plain JSON like the rest of the scenario; see README.md beside this file.

export interface SgRuleSpec {
  /** tcp | udp | icmp | -1 (default tcp). */
  protocol?: string;
  /** One port, or a range with fromPort/toPort (protocol -1: every port). */
  port?: number;
  fromPort?: number;
  toPort?: number;
  /** Exactly one source/destination: */
  cidr?: string;
  cidrIpv6?: string;
  prefixListId?: string;
  groupId?: string;
  description?: string;
}

export interface SecurityGroupSpec {
  id: string;
  name?: string;
  vpcId?: string;
  description?: string;
  ingress?: SgRuleSpec[];
  /** Absent: AWS's default allow-all outbound rule. */
  egress?: SgRuleSpec[];
}

export interface NaclEntrySpec {
  ruleNumber: number;
  /** "-1" (all) or a protocol number ("6" is tcp). */
  protocol: string;
  action: 'allow' | 'deny';
  egress: boolean;
  cidr: string;
  fromPort?: number;
  toPort?: number;
}

export interface NetworkAclSpec {
  id: string;
  vpcId?: string;
  isDefault?: boolean;
  subnetIds: string[];
  /** The implicit `32767 deny` rules are added by the sandbox, as AWS shows them. */
  entries: NaclEntrySpec[];
}

export interface RouteSpec {
  /** A CIDR destination, or a prefix list (gateway endpoints). */
  destination?: string;
  prefixListId?: string;
  /** local | igw-… | nat-… | tgw-… | vpce-… | eni-… | pcx-… */
  target: string;
  /** active (default) | blackhole */
  state?: string;
}

export interface RouteTableSpec {
  id: string;
  vpcId: string;
  /** The VPC's main table: used by subnets without a table of their own. */
  main?: boolean;
  subnetIds?: string[];
  routes: RouteSpec[];
}

export interface VpcEndpointSpec {
  id: string;
  vpcId: string;
  /** Short ("ssmmessages") or full ("com.amazonaws.us-east-1.ssmmessages"). */
  service: string;
  /** Interface (default) | Gateway */
  type?: string;
  /** available (default) | pending | failed | … */
  state?: string;
  privateDns?: boolean;
  subnetIds?: string[];
  securityGroups?: string[];
}

export interface SubnetSpec {
  id: string;
  vpcId: string;
  cidr: string;
  availabilityZone?: string;
}

export interface VpcSpec {
  id: string;
  cidr?: string;
  /** Both default true, as in a VPC made by the console wizard. */
  dnsSupport?: boolean;
  dnsHostnames?: boolean;
}

export interface PrefixListSpec {
  id: string;
  name: string;
  cidrs: string[];
}

/** What the network parts of one region hold (merged into RegionData). */
export interface NetworkData {
  securityGroups?: SecurityGroupSpec[];
  subnets?: SubnetSpec[];
  vpcs?: VpcSpec[];
  networkAcls?: NetworkAclSpec[];
  routeTables?: RouteTableSpec[];
  vpcEndpoints?: VpcEndpointSpec[];
  prefixLists?: PrefixListSpec[];
  /** AWS Client VPN endpoints (EC2's Client VPN calls read them). */
  clientVpnEndpoints?: ClientVpnEndpointSpec[];
  /** SSM documents by name: the JSON content (e.g. "SSM-SessionManagerRunShell"). */
  documents?: Record<string, unknown>;
  /** RDS parameter groups by name (`default.<family>` groups exist without being listed). */
  dbParameterGroups?: Record<string, ParameterGroupSpec>;
  dbClusterParameterGroups?: Record<string, ParameterGroupSpec>;
}

export type ClientVpnAuthenticationSpec =
  | { type: 'certificate'; clientRootCertificateChainArn: string }
  | { type: 'federated'; samlProviderArn: string; selfServiceSamlProviderArn?: string }
  | { type: 'directory'; directoryId: string };

/**
 * An AWS Client VPN endpoint. Each associated subnet adds the VPC's CIDR as an `associate` route (as AWS does);
 * `routes` are the ones added by hand. The exported configuration carries `serverCaPem` in its <ca> block and
 * `auth-federate` / `auth-user-pass` for SAML / directory authentication.
 */
export interface ClientVpnEndpointSpec {
  id: string;
  name?: string;
  description?: string;
  /** available (default, or pending-associate without target networks) | deleting | … */
  status?: string;
  clientCidrBlock: string;
  dnsServers?: string[];
  splitTunnel?: boolean;
  /** udp (default) | tcp */
  transportProtocol?: string;
  /** 443 (default) | 1194 */
  vpnPort?: number;
  vpcId: string;
  securityGroupIds: string[];
  serverCertificateArn?: string;
  authentication: ClientVpnAuthenticationSpec[];
  targetNetworks: { subnetId: string; status?: string }[];
  routes?: { destinationCidr: string; targetSubnet: string; description?: string; status?: string }[];
  authorizationRules: { destinationCidr: string; groupId?: string; accessAll?: boolean; description?: string; status?: string }[];
  /** The server certificate's CA chain (PEM) in the exported configuration's <ca> block. */
  serverCaPem?: string;
  /** The revocation list imported into the endpoint (PEM), if any. */
  crlPem?: string;
  sessionTimeoutHours?: number;
}

export interface ParameterGroupSpec {
  /** e.g. postgres16, mysql8.0, aurora-postgresql16: parameters not set here show the family's default. */
  family: string;
  /** Parameter name → value set in this group. */
  parameters: Record<string, string>;
}

// ---------- IAM (global per account) ----------

export interface PolicyStatementSpec {
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource: string | string[];
  /** Accepted and ignored by the sandbox's simulation (see README). */
  Condition?: unknown;
  Sid?: string;
}

export interface PolicyDocumentSpec {
  Version?: string;
  Statement: PolicyStatementSpec[];
}

export interface IamRoleSpec {
  name: string;
  /** Default "/". */
  path?: string;
  /** Identity-based policies (inline or attached: the sandbox does not tell them apart). */
  policies: PolicyDocumentSpec[];
}

export interface IamUserSpec {
  name: string;
  policies: PolicyDocumentSpec[];
}

export interface InstanceProfileSpec {
  name: string;
  roles: string[];
}

export interface IamAccountSpec {
  roles?: IamRoleSpec[];
  users?: IamUserSpec[];
  instanceProfiles?: InstanceProfileSpec[];
}
