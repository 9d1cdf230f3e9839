import pLimit from 'p-limit';
import type { CallError, HostEligibility, JumpHost, Target } from '../../shared/api.js';
import type { AwsClients } from '../aws/clients.js';
import { readNetworkInterfaces, readPrefixLists, readSecurityGroupRules, readSecurityGroups } from '../aws/reads/ec2-security.js';
import {
  readInstanceDetail,
  readNetworkAcls,
  readProfileAssociation,
  readRouteTable,
  readSubnets,
  readVpcDns,
  readVpcEndpoints,
} from '../aws/reads/ec2-network.js';
import { readCallerIdentity, readInstanceProfile, readPolicySource, simulatePrincipal, type PolicySource } from '../aws/reads/iam-reads.js';
import { readDbCluster, readDbInstance, readDbParameters } from '../aws/reads/rds-details.js';
import { readSessionPreferences } from '../aws/reads/ssm-preferences.js';
import type { CallerIdentity, ContextEntry, DbDetail, InstanceProfileInfo, SgRule, SimulationResult } from '../aws/reads/types.js';
import { documentArn, instanceArn, kmsKeyArn, partitionOf, sessionArn, sessionNameOf } from './arns.js';
import { tlsParameter } from './checks/db-tls.js';
import { lookupName, type Resolve } from './dns-lookup.js';
import type { DiagnosisFacts } from './facts.js';
import { SSM_CORE_ACTIONS } from './policy/action-catalog.js';
import { after, failed, ok, settle, type Read } from './read-result.js';

export interface GatherInput {
  target: Target;
  host: JumpHost;
  eligibility: HostEligibility;
  inventoryErrors: CallError[];
}

export interface GatherDeps {
  aws: AwsClients;
  resolve: Resolve;
  /** AWS calls in flight at once for one diagnosis (default 4: Describe APIs throttle per account). */
  concurrency?: number;
}

const unknownVpc = { action: 'ec2:DescribeInstances', code: 'UNKNOWN', message: 'the jump host’s VPC or subnet is not known' };

/**
 * Reads everything the checks need for one target and jump host: independent reads at once (bounded),
 * dependent ones as soon as what they need is there. Every read settles to its own outcome, so a refused call
 * only turns the checks that needed it into `unknown`.
 */
export async function gatherFacts(deps: GatherDeps, input: GatherInput): Promise<DiagnosisFacts> {
  const { aws } = deps;
  const { target, host } = input;
  const scope = { profile: target.profile, region: target.region };
  const limit = pLimit(deps.concurrency ?? 4);
  const read = <T>(action: string, run: () => Promise<T>): Promise<Read<T>> => limit(() => settle(action, run));
  const ec2Host = host.id.startsWith('i-');
  const partition = partitionOf(target.region);

  const db = read(target.kind === 'instance' ? 'rds:DescribeDBInstances' : 'rds:DescribeDBClusters', () =>
    target.kind === 'instance' ? readDbInstance(aws, scope, target.identifier) : readDbCluster(aws, scope, target.identifier),
  );
  const instance = ec2Host ? read('ec2:DescribeInstances', () => readInstanceDetail(aws, scope, host.id)) : Promise.resolve(ok(undefined));
  const association = ec2Host
    ? read('ec2:DescribeIamInstanceProfileAssociations', () => readProfileAssociation(aws, scope, host.id))
    : Promise.resolve(ok(undefined));
  const preferences = read('ssm:GetDocument', () => readSessionPreferences(aws, scope));
  const caller = read('sts:GetCallerIdentity', () => readCallerIdentity(aws, scope));
  const dns = lookupName(deps.resolve, target.host, target.region);
  const vpcId = host.vpcId;
  const endpoints = vpcId
    ? read('ec2:DescribeVpcEndpoints', () => readVpcEndpoints(aws, scope, vpcId))
    : Promise.resolve(failed<never>(unknownVpc));
  const vpcDns = vpcId ? read('ec2:DescribeVpcAttribute', () => readVpcDns(aws, scope, vpcId)) : Promise.resolve(failed<never>(unknownVpc));
  const routeTable = host.subnetId
    ? read('ec2:DescribeRouteTables', () => readRouteTable(aws, scope, host.subnetId!, vpcId))
    : Promise.resolve(failed<never>(unknownVpc));

  const dbRead = await db;
  const detail: DbDetail | undefined = dbRead.ok ? dbRead.value : undefined;
  const dbGroups = detail?.groupIds.length ? detail.groupIds : target.securityGroups;
  const hostGroups = host.securityGroups;
  const groupIds = unique([...dbGroups, ...hostGroups]);
  const [rules, groups] = await Promise.all([
    read('ec2:DescribeSecurityGroupRules', () => readSecurityGroupRules(aws, scope, groupIds)),
    read('ec2:DescribeSecurityGroups', () => readSecurityGroups(aws, scope, groupIds)),
  ]);
  // The nested call carries the same rules: it stands in when the flat one is refused.
  const groupRules: Read<SgRule[]> = rules.ok ? rules : groups.ok ? ok(groups.value.rules) : rules;
  const dbSubnets = detail?.subnetIds ?? [];
  const subnetIds = unique([...dbSubnets, ...(host.subnetId ? [host.subnetId] : [])]);
  const parameter = detail ? tlsParameter(detail.engine) : undefined;
  const parameterGroup = detail?.kind === 'cluster' ? detail.clusterParameterGroup : detail?.parameterGroups[0]?.name;

  const endpointRead = await endpoints;
  const endpointGroups = endpointRead.ok ? unique(endpointRead.value.flatMap((endpoint) => endpoint.groupIds)) : [];
  const prefixIds = groupRules.ok ? unique(groupRules.value.flatMap((rule) => (rule.prefixListId ? [rule.prefixListId] : []))) : [];
  const callerRead = await caller;
  const instanceRead = await instance;
  const associationRead = await association;
  const profileArn =
    (associationRead.ok ? associationRead.value?.instanceProfileArn : undefined) ??
    (instanceRead.ok ? instanceRead.value?.instanceProfileArn : undefined);
  const [dbInterfaces, subnets, nacls, dbParameters, endpointRules, prefixLists, policySource, instanceProfile, preferencesRead] =
    await Promise.all([
      read('ec2:DescribeNetworkInterfaces', () => readNetworkInterfaces(aws, scope, dbGroups)),
      read('ec2:DescribeSubnets', () => readSubnets(aws, scope, subnetIds)),
      read('ec2:DescribeNetworkAcls', () => readNetworkAcls(aws, scope, subnetIds)),
      parameter && parameterGroup
        ? read(detail?.kind === 'cluster' ? 'rds:DescribeDBClusterParameters' : 'rds:DescribeDBParameters', () =>
            readDbParameters(aws, scope, { kind: detail!.kind, name: parameterGroup }, [parameter]),
          )
        : Promise.resolve(dbRead.ok ? ok([]) : failed<never>(dbRead.failure)),
      endpointGroups.length > 0
        ? read('ec2:DescribeSecurityGroupRules', () => readSecurityGroupRules(aws, scope, endpointGroups))
        : Promise.resolve(ok([])),
      read('ec2:GetManagedPrefixListEntries', () => readPrefixLists(aws, scope, prefixIds)),
      after(callerRead, 'iam:GetRole', (identity) => readPolicySource(aws, scope, identity)),
      profileArn
        ? read('iam:GetInstanceProfile', () => readInstanceProfile(aws, scope, profileArn))
        : Promise.resolve(ok<InstanceProfileInfo | undefined>(undefined)),
      preferences,
    ]);
  const accountId = callerRead.ok ? callerRead.value.account : '*';
  const keyArn =
    preferencesRead.ok && preferencesRead.value.kmsKeyId && callerRead.ok
      ? kmsKeyArn(preferencesRead.value.kmsKeyId, partition, target.region, accountId)
      : undefined;
  const [hostRoleSimulation, userSimulation] = await Promise.all([
    simulateHostRole(instanceProfile, keyArn, (principal, actions, resources) =>
      read('iam:SimulatePrincipalPolicy', () => simulatePrincipal(aws, scope, principal, actions, resources)),
    ),
    simulateUser(callerRead, policySource, keyArn, input, partition, (principal, actions, resources, context) =>
      read('iam:SimulatePrincipalPolicy', () => simulatePrincipal(aws, scope, principal, actions, resources, context)),
    ),
  ]);

  return {
    ...input,
    accountId,
    partition,
    db: dbRead,
    instance: instanceRead,
    dbRules: groupRules,
    hostRules: groupRules,
    groupNames: new Map(
      (groups.ok ? groups.value.groups : []).flatMap((group) => (group.name ? [[group.groupId, group.name] as const] : [])),
    ),
    prefixLists,
    dbInterfaces,
    subnets,
    nacls,
    routeTable: await routeTable,
    endpoints: endpointRead,
    endpointRules,
    vpcDns: await vpcDns,
    association: associationRead,
    instanceProfile,
    hostRoleSimulation,
    preferences: preferencesRead,
    caller: callerRead,
    policySource,
    userSimulation,
    dbParameters,
    dns: await dns,
  };
}

type Simulate = (principal: string, actions: string[], resources: string[], context?: ContextEntry[]) => Promise<Read<SimulationResult[]>>;

/** The host role's SSM core permissions (no resource: they take none) and, with KMS on, kms:Decrypt on the key. */
async function simulateHostRole(profile: Read<InstanceProfileInfo | undefined>, keyArn: string | undefined, simulate: Simulate) {
  if (!profile.ok) return failed<never>(profile.failure);
  const role = profile.value?.roles[0];
  if (!role)
    return failed<never>({ action: 'iam:SimulatePrincipalPolicy', code: 'NO_ROLE', message: 'the jump host has no instance profile role' });
  const core = await simulate(role.arn, [...SSM_CORE_ACTIONS], []);
  if (!core.ok || !keyArn) return core;
  const kms = await simulate(role.arn, ['kms:Decrypt'], [keyArn]);
  return kms.ok ? ok([...core.value, ...kms.value]) : kms;
}

/** StartSession on the host and the document, Terminate/ResumeSession on your sessions, and GenerateDataKey with KMS on. */
async function simulateUser(
  caller: Read<CallerIdentity>,
  source: Read<PolicySource | undefined>,
  keyArn: string | undefined,
  input: GatherInput,
  partition: string,
  simulate: Simulate,
) {
  if (!caller.ok) return failed<never>(caller.failure);
  if (!source.ok) return failed<never>(source.failure);
  if (!source.value)
    return failed<never>({
      action: 'iam:SimulatePrincipalPolicy',
      code: 'NOT_SIMULABLE',
      message: `${caller.value.arn} cannot be simulated`,
    });
  const { region } = input.target;
  const identity = caller.value;
  const session = sessionArn(partition, region, identity.account, sessionNameOf(identity.arn));
  const user = /:user\//.test(identity.arn);
  // Values the documented conditions need: the document check, and the session-id tag that equals ${aws:userid}.
  const context: ContextEntry[] = [
    { key: 'ssm:SessionDocumentAccessCheck', type: 'boolean', values: ['true'] },
    { key: 'aws:userid', type: 'string', values: [identity.userId] },
    { key: 'ssm:resourceTag/aws:ssmmessages:session-id', type: 'stringList', values: [identity.userId] },
    ...(user ? [{ key: 'aws:username', type: 'string' as const, values: [sessionNameOf(identity.arn)] }] : []),
  ];
  const start = await simulate(
    source.value.arn,
    ['ssm:StartSession'],
    [instanceArn(partition, region, identity.account, input.host.id), documentArn(partition, region)],
    context,
  );
  if (!start.ok) return start;
  const own = await simulate(source.value.arn, ['ssm:TerminateSession', 'ssm:ResumeSession'], [session], context);
  if (!own.ok) return own;
  if (!keyArn) return ok([...start.value, ...own.value]);
  const kms = await simulate(source.value.arn, ['kms:GenerateDataKey'], [keyArn], context);
  return kms.ok ? ok([...start.value, ...own.value, ...kms.value]) : kms;
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
