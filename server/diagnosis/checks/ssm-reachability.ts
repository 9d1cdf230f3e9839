// ssm-reachability (facts-aws-paths.md A2): the host's subnet reaches Systems Manager through a NAT or
// internet gateway (with a public address), or interface endpoints with private DNS whose groups admit 443
// from the host. An endpoint with private DNS takes the service's name, so it wins over the internet path.
import type { CheckStatus, DiagnosisCheck } from '../../../shared/diagnosis.js';
import type { RouteTableInfo, VpcEndpointInfo } from '../../aws/reads/types.js';
import type { DiagnosisFacts } from '../facts.js';
import { authorizeIngress, cli } from '../fixes.js';
import { evaluateSg } from '../net/sg-match.js';
import { check, unknownFrom } from './check-kit.js';
import { hostSide, type HostSide } from './peers.js';

type Internet = { path: 'yes' | 'maybe' | 'no'; line: string };

function internetPath(table: RouteTableInfo, publicIp: string | undefined): Internet {
  const route = table.routes.find((candidate) => candidate.destinationCidr === '0.0.0.0/0');
  const where = `${table.id}${table.main ? ' (the VPC’s main table)' : ''}`;
  if (!route) return { path: 'no', line: `${where}: no default route` };
  const line = `${where}: 0.0.0.0/0 → ${route.target} (${route.state})`;
  if (route.state !== 'active') return { path: 'no', line };
  if (route.targetKind === 'nat') return { path: 'yes', line };
  if (route.targetKind === 'igw')
    return publicIp
      ? { path: 'yes', line: `${line}, public address ${publicIp}` }
      : { path: 'no', line: `${line}, but the host has no public address` };
  return { path: 'maybe', line };
}

interface Finding {
  service: string;
  problem: string;
  commands: string[];
}

export function ssmReachability(facts: DiagnosisFacts): DiagnosisCheck {
  const host = hostSide(facts);
  const vpcId = facts.host.vpcId;
  const region = facts.host.region;
  if (!vpcId || !host.subnetId) return check('ssm-reachability', 'unknown', 'The jump host’s VPC and subnet are not known.');
  const kms = facts.preferences.ok && facts.preferences.value.kmsKeyId !== undefined;
  const services = ['ssm', 'ssmmessages', 'ec2messages', ...(kms ? ['kms'] : [])];
  const publicIp = facts.instance.ok ? facts.instance.value?.publicIp : undefined;
  const internet: Internet | undefined =
    facts.routeTable.ok && facts.routeTable.value ? internetPath(facts.routeTable.value, publicIp) : undefined;
  const read = internet ? [internet.line] : [];
  const endpoints = facts.endpoints.ok ? facts.endpoints.value.filter((endpoint) => endpoint.type === 'Interface') : undefined;
  const dns = facts.vpcDns.ok ? facts.vpcDns.value : undefined;
  const findings: Finding[] = [];
  const maybes: string[] = [];
  /** Services whose endpoint's security group could not be read. */
  const unread: string[] = [];
  for (const service of services) {
    const name = `com.amazonaws.${region}.${service}`;
    const endpoint = endpoints?.find((candidate) => candidate.serviceName === name && candidate.state !== 'deleted');
    if (endpoint)
      read.push(
        `${endpoint.id} ${service}: ${endpoint.state}, private DNS ${endpoint.privateDnsEnabled ? 'on' : 'off'}, groups ${endpoint.groupIds.join(', ') || 'none'}`,
      );
    if (endpoint?.privateDnsEnabled) {
      const problem = endpointProblem(facts, endpoint, host, dns);
      if (problem === 'unread') unread.push(service);
      else if (problem) findings.push({ service, ...problem });
      continue;
    }
    if (internet?.path === 'yes') continue;
    if (internet?.path === 'maybe') {
      maybes.push(service);
      continue;
    }
    if (!internet && !facts.routeTable.ok) return unknownFrom('ssm-reachability', facts.routeTable.failure, read);
    if (!endpoints && !facts.endpoints.ok) return unknownFrom('ssm-reachability', facts.endpoints.failure, read);
    findings.push(
      endpoint
        ? {
            service,
            problem: `${endpoint.id} (${service}) has private DNS off`,
            commands: [cli('ec2', 'modify-vpc-endpoint', '--region', region, '--vpc-endpoint-id', endpoint.id, '--private-dns-enabled')],
          }
        : { service, problem: `no ${service} endpoint`, commands: [createEndpoint(region, vpcId, service, host, endpoints ?? [])] },
    );
  }
  const online = facts.host.pingStatus === 'Online';
  if (findings.length === 0 && maybes.length === 0 && unread.length === 0) {
    return check('ssm-reachability', 'ok', `The jump host reaches ${services.join(', ')}.`, { read });
  }
  if (findings.length === 0 && unread.length > 0 && !online && !facts.endpointRules.ok)
    return unknownFrom('ssm-reachability', facts.endpointRules.failure, read);
  if (findings.length === 0 && maybes.length === 0)
    return check('ssm-reachability', 'ok', `The agent is Online through the endpoints of ${unread.join(', ')}.`, { read });
  if (findings.length === 0) {
    return check(
      'ssm-reachability',
      online ? 'ok' : 'warn',
      `Traffic to Systems Manager leaves through ${internet?.line ?? 'a route'}; Porthole cannot see past it.`,
      { read },
    );
  }
  const critical = findings.some((finding) => finding.service !== 'ec2messages');
  // An Online agent reaches Systems Manager some way Porthole cannot see (a proxy, another route).
  const status: CheckStatus = critical && !online ? 'fail' : 'warn';
  const missing = findings.filter((finding) => finding.problem.startsWith('no ')).map((finding) => finding.service);
  const summary = `${findings.map((finding) => finding.problem).join('; ')}${internet?.path === 'no' ? `, and no internet path (${internet.line})` : ''}.`;
  const fixSummary = missing.length
    ? `Create interface endpoints for ${missing.join(', ')} in ${vpcId} with private DNS (or route 0.0.0.0/0 from ${host.subnetId} to a NAT gateway).`
    : 'Fix the endpoints as below.';
  return check('ssm-reachability', status, summary.charAt(0).toUpperCase() + summary.slice(1), {
    read,
    fix: {
      summary: fixSummary,
      commands: findings.flatMap((finding) => finding.commands),
      console: `VPC → Endpoints → Create endpoint → AWS services → com.amazonaws.${region}.<service>, VPC ${vpcId}, subnet ${host.subnetId}, Enable DNS name.`,
    },
  });
}

function endpointProblem(
  facts: DiagnosisFacts,
  endpoint: VpcEndpointInfo,
  host: HostSide,
  dns: { dnsSupport?: boolean; dnsHostnames?: boolean } | undefined,
): { problem: string; commands: string[] } | 'unread' | undefined {
  const region = facts.host.region;
  if (endpoint.state !== 'available')
    return {
      problem: `${endpoint.id} is ${endpoint.state}`,
      commands: [cli('ec2', 'describe-vpc-endpoints', '--region', region, '--vpc-endpoint-ids', endpoint.id)],
    };
  if (dns && (dns.dnsSupport === false || dns.dnsHostnames === false)) {
    const attribute = dns.dnsSupport === false ? 'enable-dns-support' : 'enable-dns-hostnames';
    return {
      problem: `private DNS of ${endpoint.id} needs DNS support and DNS hostnames on ${facts.host.vpcId}`,
      commands: [cli('ec2', 'modify-vpc-attribute', '--region', region, '--vpc-id', facts.host.vpcId!, `--${attribute}`, '{"Value":true}')],
    };
  }
  if (!facts.endpointRules.ok) return 'unread';
  const rules = facts.endpointRules.value.filter((rule) => !rule.egress && endpoint.groupIds.includes(rule.groupId));
  if (evaluateSg(rules, 443, host, new Map()).verdict === 'allowed') return undefined;
  const group = endpoint.groupIds[0];
  if (!group) return { problem: `${endpoint.id} has no security group`, commands: [] };
  const source = host.groupIds[0] ? { groupId: host.groupIds[0] } : { cidr: `${host.ip ?? '0.0.0.0'}/32` };
  return {
    problem: `${group} on ${endpoint.id} does not admit 443 from the jump host`,
    commands: authorizeIngress(region, group, 443, source).commands ?? [],
  };
}

function createEndpoint(region: string, vpcId: string, service: string, host: HostSide, existing: VpcEndpointInfo[]): string {
  const group = existing.find((endpoint) => endpoint.groupIds.length > 0)?.groupIds[0];
  return cli(
    'ec2',
    'create-vpc-endpoint',
    '--region',
    region,
    '--vpc-id',
    vpcId,
    '--vpc-endpoint-type',
    'Interface',
    '--service-name',
    `com.amazonaws.${region}.${service}`,
    '--subnet-ids',
    host.subnetId!,
    ...(group ? ['--security-group-ids', group] : []),
    '--private-dns-enabled',
  );
}
