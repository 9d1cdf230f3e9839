// ssm-reachability: each way the jump host's subnet can fail to reach Systems Manager (facts-aws-paths.md A2).
import { describe, expect, it } from 'vitest';
import type { RouteInfo, VpcEndpointInfo } from '../../aws/reads/types.js';
import { ok } from '../read-result.js';
import { healthyFacts, host, KEY_ARN, refused } from '../../../testing/diagnosis/healthy-facts.js';
import { ssmReachability } from './ssm-reachability.js';

const offline = host({ pingStatus: 'ConnectionLost' });
const local: RouteInfo = { destinationCidr: '10.0.0.0/16', target: 'local', targetKind: 'local', state: 'active' };
const table = (...routes: RouteInfo[]) => ok({ id: 'rtb-1', vpcId: 'vpc-1', main: false, routes: [local, ...routes] });
const privateOnly = table();

function endpoint(service: string, over: Partial<VpcEndpointInfo> = {}): VpcEndpointInfo {
  return {
    id: `vpce-${service}`,
    type: 'Interface',
    serviceName: `com.amazonaws.us-east-1.${service}`,
    state: 'available',
    privateDnsEnabled: true,
    subnetIds: ['subnet-host'],
    groupIds: ['sg-vpce'],
    ...over,
  };
}

const admits443 = ok([{ groupId: 'sg-vpce', egress: false, protocol: 'tcp', fromPort: 443, toPort: 443, referencedGroupId: 'sg-host' }]);
const allEndpoints = ok(['ssm', 'ssmmessages', 'ec2messages'].map((service) => endpoint(service)));

describe('ssm-reachability', () => {
  it('passes through a NAT gateway, an internet gateway with a public address, or all three endpoints', () => {
    expect(ssmReachability(healthyFacts()).status).toBe('ok');
    const igw: RouteInfo = { destinationCidr: '0.0.0.0/0', target: 'igw-1', targetKind: 'igw', state: 'active' };
    const publicHost = ok({ id: 'i-0123456789abcdef0', groupIds: ['sg-host'], publicIp: '203.0.113.7' });
    expect(ssmReachability(healthyFacts({ routeTable: table(igw), instance: publicHost })).status).toBe('ok');
    expect(
      ssmReachability(healthyFacts({ host: offline, routeTable: privateOnly, endpoints: allEndpoints, endpointRules: admits443 })).status,
    ).toBe('ok');
  });

  it('fails for an internet gateway without a public address', () => {
    const igw: RouteInfo = { destinationCidr: '0.0.0.0/0', target: 'igw-1', targetKind: 'igw', state: 'active' };
    const check = ssmReachability(healthyFacts({ host: offline, routeTable: table(igw) }));
    expect(check.status).toBe('fail');
    expect(check.summary).toContain('the host has no public address');
  });

  it('fails for a blackholed NAT route, and names each missing endpoint with its create command', () => {
    const dead: RouteInfo = { destinationCidr: '0.0.0.0/0', target: 'nat-1', targetKind: 'nat', state: 'blackhole' };
    const check = ssmReachability(
      healthyFacts({ host: offline, routeTable: table(dead), endpoints: ok([endpoint('ssm')]), endpointRules: admits443 }),
    );
    expect(check.status).toBe('fail');
    expect(check.summary).toMatch(/^No ssmmessages endpoint; no ec2messages endpoint, and no internet path/);
    expect(check.fix?.summary).toContain('ssmmessages, ec2messages');
    expect(check.fix?.commands).toEqual([
      'aws ec2 create-vpc-endpoint --region us-east-1 --vpc-id vpc-1 --vpc-endpoint-type Interface --service-name com.amazonaws.us-east-1.ssmmessages --subnet-ids subnet-host --security-group-ids sg-vpce --private-dns-enabled',
      'aws ec2 create-vpc-endpoint --region us-east-1 --vpc-id vpc-1 --vpc-endpoint-type Interface --service-name com.amazonaws.us-east-1.ec2messages --subnet-ids subnet-host --security-group-ids sg-vpce --private-dns-enabled',
    ]);
  });

  it('only warns when just ec2messages is missing', () => {
    const endpoints = ok([endpoint('ssm'), endpoint('ssmmessages')]);
    expect(ssmReachability(healthyFacts({ host: offline, routeTable: privateOnly, endpoints, endpointRules: admits443 })).status).toBe(
      'warn',
    );
  });

  it('fails for an endpoint with private DNS off, with the command that turns it on', () => {
    const endpoints = ok([endpoint('ssm'), endpoint('ssmmessages', { privateDnsEnabled: false }), endpoint('ec2messages')]);
    const check = ssmReachability(healthyFacts({ host: offline, routeTable: privateOnly, endpoints, endpointRules: admits443 }));
    expect(check.status).toBe('fail');
    expect(check.fix?.commands).toEqual([
      'aws ec2 modify-vpc-endpoint --region us-east-1 --vpc-endpoint-id vpce-ssmmessages --private-dns-enabled',
    ]);
  });

  it('fails when the endpoints’ group does not admit 443 from the host (even with a NAT: private DNS wins)', () => {
    const check = ssmReachability(healthyFacts({ host: offline, endpoints: allEndpoints, endpointRules: ok([]) }));
    expect(check.status).toBe('fail');
    expect(check.fix?.commands).toContain(
      'aws ec2 authorize-security-group-ingress --region us-east-1 --group-id sg-vpce --protocol tcp --port 443 --source-group sg-host',
    );
  });

  it('fails when private DNS needs DNS hostnames on the VPC', () => {
    const check = ssmReachability(
      healthyFacts({
        host: offline,
        routeTable: privateOnly,
        endpoints: allEndpoints,
        endpointRules: admits443,
        vpcDns: ok({ vpcId: 'vpc-1', dnsSupport: true, dnsHostnames: false }),
      }),
    );
    expect(check.status).toBe('fail');
    expect(check.fix?.commands?.[0]).toBe(
      'aws ec2 modify-vpc-attribute --region us-east-1 --vpc-id vpc-1 --enable-dns-hostnames \'{"Value":true}\'',
    );
  });

  it('needs a kms endpoint too when sessions are encrypted', () => {
    const preferences = ok({ source: 'document' as const, idleTimeoutMinutes: 20, kmsKeyId: KEY_ARN });
    const check = ssmReachability(
      healthyFacts({ host: offline, routeTable: privateOnly, endpoints: allEndpoints, endpointRules: admits443, preferences }),
    );
    expect(check.summary).toMatch(/^No kms endpoint/);
  });

  it('only warns when an Online agent contradicts the analysis, or traffic leaves through a transit gateway', () => {
    expect(ssmReachability(healthyFacts({ routeTable: privateOnly })).status).toBe('warn');
    const tgw: RouteInfo = { destinationCidr: '0.0.0.0/0', target: 'tgw-1', targetKind: 'tgw', state: 'active' };
    expect(ssmReachability(healthyFacts({ host: offline, routeTable: table(tgw) })).status).toBe('warn');
  });

  it('is unknown, naming the permission, when routes cannot be read and no endpoint decides', () => {
    expect(ssmReachability(healthyFacts({ host: offline, routeTable: refused('ec2:DescribeRouteTables') }))).toMatchObject({
      status: 'unknown',
      missingPermission: 'ec2:DescribeRouteTables',
    });
  });
});
