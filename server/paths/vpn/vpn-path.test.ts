// Each rule of a Client VPN path on hand-made facts (facts-aws-paths.md §B1): longest-prefix authorization with
// groups, routes, the endpoint's VPC, the database's security groups, authentication, and the roll-up.
import { describe, expect, it } from 'vitest';
import type { Target } from '../../../shared/api.js';
import type { ClientVpnAuthorizationRule, ClientVpnEndpoint } from '../../../shared/paths.js';
import type { SgRule } from '../../aws/reads/types.js';
import { failed, ok } from '../../diagnosis/read-result.js';
import { authorizeAll, authorizeCidr, routeFor } from './authorization.js';
import type { VpnPathFacts } from './vpn-facts.js';
import { evaluateVpnPath } from './vpn-path.js';

const DB_IP = '10.0.8.14/32';
const rule = (destinationCidr: string, who: string, status = 'active'): ClientVpnAuthorizationRule =>
  who === '*' ? { destinationCidr, accessAll: true, status } : { destinationCidr, groupId: who, accessAll: false, status };
/** The administrator guide's scenario: devs to the VPC, DBAs to the database subnet, everyone to the internet. */
const RULES = [rule('10.0.0.0/16', 'dev-team'), rule('10.0.8.0/24', 'dba'), rule('0.0.0.0/0', '*')];

const target: Target = {
  id: 'dev:us-east-1:instance:orders',
  profile: 'dev',
  region: 'us-east-1',
  kind: 'instance',
  identifier: 'orders',
  name: 'orders',
  engine: 'postgres',
  host: 'orders.c9akciq32.us-east-1.rds.amazonaws.com',
  port: 5432,
  status: 'available',
  vpcId: 'vpc-db',
  securityGroups: ['sg-db'],
  iamAuth: false,
  tags: {},
  eligibleHostIds: [],
};

function endpoint(over: Partial<ClientVpnEndpoint> = {}): ClientVpnEndpoint {
  return {
    id: 'cvpn-endpoint-0123456789abcdef0',
    profile: 'dev',
    region: 'us-east-1',
    name: 'engineering',
    status: 'available',
    clientCidrBlock: '10.20.0.0/22',
    dnsServers: [],
    splitTunnel: true,
    vpcId: 'vpc-db',
    securityGroupIds: ['sg-cvpn'],
    authentication: [{ type: 'federated', samlProviderArn: 'arn:aws:iam::111122223333:saml-provider/okta' }],
    targetNetworks: [
      { associationId: 'cvpn-assoc-1', subnetId: 'subnet-vpn', vpcId: 'vpc-db', status: 'associated', securityGroupIds: ['sg-cvpn'] },
    ],
    routes: [{ destinationCidr: '10.0.0.0/16', targetSubnet: 'subnet-vpn', origin: 'associate', status: 'active' }],
    authorizationRules: RULES,
    errors: [],
    ...over,
  };
}

const fromVpnGroup: SgRule = {
  groupId: 'sg-db',
  egress: false,
  protocol: 'tcp',
  fromPort: 5432,
  toPort: 5432,
  referencedGroupId: 'sg-cvpn',
};

function facts(over: Partial<VpnPathFacts> = {}): VpnPathFacts {
  return {
    target,
    endpoint: endpoint(),
    db: {
      cidrs: [DB_IP],
      groupIds: ['sg-db'],
      source: 'interfaces',
      subnetIds: ['subnet-db'],
      bySubnet: new Map([['subnet-db', [DB_IP]]]),
    },
    dbVpcId: 'vpc-db',
    dbRules: ok([fromVpnGroup]),
    prefixLists: new Map(),
    groupNames: new Map(),
    subnets: ok([{ id: 'subnet-vpn', vpcId: 'vpc-db', cidr: '10.0.9.0/24' }]),
    routeTables: new Map(),
    userGroups: [],
    ...over,
  };
}

const checkOf = (input: VpnPathFacts, id: string) => evaluateVpnPath(input).checks.find((check) => check.id === id)!;
const denied = (action: string) => failed<never>({ action, code: 'ACCESS_DENIED', message: 'refused', permission: action });

describe('authorization: only the longest prefix counts', () => {
  it('the database subnet’s rule for dba beats the VPC rule for dev-team and the internet rule for everyone', () => {
    expect(authorizeCidr(RULES, DB_IP)).toMatchObject({
      everyone: false,
      groups: ['dba'],
      destinationCidr: '10.0.8.0/24',
      shadowed: [
        { groupId: 'dev-team', destinationCidr: '10.0.0.0/16' },
        { groupId: '(everyone)', destinationCidr: '0.0.0.0/0' },
      ],
    });
    expect(authorizeCidr(RULES, '10.0.1.5/32')).toMatchObject({ groups: ['dev-team'], destinationCidr: '10.0.0.0/16' });
    expect(authorizeCidr(RULES, '8.8.8.8/32')).toMatchObject({ everyone: true, groups: [], shadowed: [] });
  });

  it('rules that are not active do not count; nothing covering means nobody', () => {
    expect(authorizeCidr([rule('10.0.8.0/24', 'dba', 'authorizing'), rule('10.0.0.0/16', 'dev-team')], DB_IP)?.groups).toEqual([
      'dev-team',
    ]);
    expect(authorizeCidr([rule('10.1.0.0/16', 'dev-team')], DB_IP)).toBeUndefined();
  });

  it('several addresses: a group must be admitted for each; a subnet with more specific rules inside is ambiguous', () => {
    const split = authorizeAll(RULES, [DB_IP, '10.0.1.9/32']);
    expect(split.result).toMatchObject({ everyone: false, groups: [] });
    const both = authorizeAll([...RULES, rule('10.0.1.0/24', 'dba')], [DB_IP, '10.0.1.9/32']);
    expect(both.result?.groups).toEqual(['dba']);
    expect(authorizeAll(RULES, ['10.0.0.0/20']).ambiguous).toBe(true);
    expect(authorizeAll(RULES, [DB_IP]).ambiguous).toBe(false);
    expect(authorizeAll([rule('10.1.0.0/16', '*')], [DB_IP]).uncovered).toEqual([DB_IP]);
  });

  it('the check: dev-team is told it loses to dba’s more specific rule, with the command that fixes it', () => {
    const devs = checkOf(facts({ userGroups: ['dev-team'] }), 'vpn-authorization');
    expect(devs.status).toBe('fail');
    expect(devs.summary).toMatch(
      /dev-team’s rule 10\.0\.0\.0\/16 covers 10\.0\.8\.14\/32 too, but the more specific rule 10\.0\.8\.0\/24 for dba wins/,
    );
    expect(devs.fix?.commands?.[0]).toBe(
      'aws ec2 authorize-client-vpn-ingress --region us-east-1 --client-vpn-endpoint-id cvpn-endpoint-0123456789abcdef0 --target-network-cidr 10.0.8.0/24 --access-group-id dev-team',
    );
    expect(checkOf(facts({ userGroups: ['dba'] }), 'vpn-authorization').status).toBe('ok');
    const unknownGroups = checkOf(facts(), 'vpn-authorization');
    expect(unknownGroups.status).toBe('warn');
    expect(unknownGroups.summary).toContain('Only group dba may reach');
    expect(evaluateVpnPath(facts()).authorization).toEqual({
      everyone: false,
      groups: ['dba'],
      destinationCidr: '10.0.8.0/24',
      shadowed: [
        { groupId: 'dev-team', destinationCidr: '10.0.0.0/16' },
        { groupId: '(everyone)', destinationCidr: '0.0.0.0/0' },
      ],
    });
  });

  it('group rules on a certificate-only endpoint admit nobody; an all-users rule does', () => {
    const certificate = endpoint({ authentication: [{ type: 'certificate', clientRootCertificateChainArn: 'arn:aws:acm:…' }] });
    const groupsOnly = checkOf(facts({ endpoint: certificate }), 'vpn-authorization');
    expect(groupsOnly.status).toBe('fail');
    expect(groupsOnly.summary).toContain('carries no group');
    expect(groupsOnly.fix?.commands?.[0]).toContain('--authorize-all-groups');
    const open = endpoint({ ...certificate, authorizationRules: [rule('10.0.0.0/16', '*')] });
    expect(checkOf(facts({ endpoint: open }), 'vpn-authorization')).toMatchObject({
      status: 'ok',
      summary: expect.stringContaining('every user'),
    });
  });

  it('no rule at all fails; unreadable rules are unknown, naming the permission', () => {
    const none = checkOf(facts({ endpoint: endpoint({ authorizationRules: [rule('172.16.0.0/12', '*')] }) }), 'vpn-authorization');
    expect(none.status).toBe('fail');
    const refused = endpoint({
      authorizationRules: [],
      errors: [
        {
          call: 'ec2:DescribeClientVpnAuthorizationRules',
          error: { code: 'ACCESS_DENIED', message: 'no' },
          missingPermission: 'ec2:DescribeClientVpnAuthorizationRules',
        },
      ],
    });
    expect(checkOf(facts({ endpoint: refused }), 'vpn-authorization')).toMatchObject({
      status: 'unknown',
      missingPermission: 'ec2:DescribeClientVpnAuthorizationRules',
    });
  });
});

describe('routes and networks', () => {
  it('the longest active route is chosen; a missing route fails with create-client-vpn-route', () => {
    const routes = [
      { destinationCidr: '10.0.0.0/16', targetSubnet: 'subnet-a', status: 'active' },
      { destinationCidr: '10.0.8.0/24', targetSubnet: 'subnet-b', status: 'active' },
      { destinationCidr: '10.0.8.0/28', targetSubnet: 'subnet-c', status: 'deleting' },
    ];
    expect(routeFor(routes, DB_IP)?.targetSubnet).toBe('subnet-b');
    const missing = checkOf(
      facts({ endpoint: endpoint({ routes: [{ destinationCidr: '10.50.0.0/16', status: 'active' }] }) }),
      'vpn-route',
    );
    expect(missing.status).toBe('fail');
    expect(missing.fix?.commands?.[0]).toBe(
      'aws ec2 create-client-vpn-route --region us-east-1 --client-vpn-endpoint-id cvpn-endpoint-0123456789abcdef0 --destination-cidr-block 10.0.8.14/32 --target-vpc-subnet-id subnet-vpn',
    );
    expect(checkOf(facts(), 'vpn-route')).toMatchObject({ status: 'ok', summary: expect.stringContaining('split tunnel') });
  });

  it('the endpoint must reach the database’s VPC: directly, or through peering in its subnet’s route table', () => {
    expect(checkOf(facts(), 'vpn-network').status).toBe('ok');
    const elsewhere = endpoint({
      vpcId: 'vpc-hub',
      targetNetworks: [{ associationId: 'a', subnetId: 'subnet-hub', vpcId: 'vpc-hub', status: 'associated', securityGroupIds: [] }],
    });
    const peered = ok({
      id: 'rtb-hub',
      main: true,
      routes: [{ destinationCidr: '10.0.0.0/16', target: 'pcx-1', targetKind: 'pcx' as const, state: 'active' }],
    });
    expect(checkOf(facts({ endpoint: elsewhere, routeTables: new Map([['subnet-hub', peered]]) }), 'vpn-network')).toMatchObject({
      status: 'ok',
      summary: expect.stringContaining('through pcx-1'),
    });
    const lonely = ok({
      id: 'rtb-hub',
      main: true,
      routes: [{ destinationCidr: '10.9.0.0/16', target: 'local', targetKind: 'local' as const, state: 'active' }],
    });
    expect(checkOf(facts({ endpoint: elsewhere, routeTables: new Map([['subnet-hub', lonely]]) }), 'vpn-network').status).toBe('fail');
    const refused = new Map([['subnet-hub', denied('ec2:DescribeRouteTables')]]);
    expect(checkOf(facts({ endpoint: elsewhere, routeTables: refused }), 'vpn-network')).toMatchObject({
      status: 'unknown',
      missingPermission: 'ec2:DescribeRouteTables',
    });
  });

  it('an endpoint without an associated subnet is pending and fails with associate-client-vpn-target-network', () => {
    const pending = evaluateVpnPath(facts({ endpoint: endpoint({ status: 'pending-associate', targetNetworks: [] }) }));
    expect(pending.status).toBe('fail');
    expect(pending.firstBroken?.check).toBe('vpn-endpoint');
    expect(pending.checks[0]!.fix?.commands?.[0]).toContain('associate-client-vpn-target-network');
    expect(pending.checks[0]!.fix?.commands?.[0]).toContain('--subnet-id subnet-db');
  });
});

describe('the database’s security groups', () => {
  it('a rule from the endpoint’s group admits it', () => {
    expect(checkOf(facts(), 'vpn-security-group')).toMatchObject({ status: 'ok', summary: expect.stringContaining('sg-cvpn') });
  });

  it('a rule on the client range does not: Client VPN translates clients to its interfaces', () => {
    const clients: SgRule = { groupId: 'sg-db', egress: false, protocol: 'tcp', fromPort: 5432, toPort: 5432, cidrIpv4: '10.20.0.0/22' };
    const result = checkOf(facts({ dbRules: ok([clients]) }), 'vpn-security-group');
    expect(result.status).toBe('fail');
    expect(result.summary).toContain('admits the client range 10.20.0.0/22');
    expect(result.fix?.commands?.[0]).toContain('--group-id sg-db --protocol tcp --port 5432 --source-group sg-cvpn');
  });

  it('the associated subnet’s range admits it; part of it is a caveat; unreadable rules are unknown', () => {
    const subnet: SgRule = { groupId: 'sg-db', egress: false, protocol: 'tcp', fromPort: 5432, toPort: 5432, cidrIpv4: '10.0.0.0/16' };
    expect(checkOf(facts({ dbRules: ok([subnet]) }), 'vpn-security-group').status).toBe('ok');
    const part: SgRule = { ...subnet, cidrIpv4: '10.0.9.0/25' };
    expect(checkOf(facts({ dbRules: ok([part]) }), 'vpn-security-group').status).toBe('warn');
    expect(checkOf(facts({ dbRules: denied('ec2:DescribeSecurityGroupRules') }), 'vpn-security-group')).toMatchObject({
      status: 'unknown',
      missingPermission: 'ec2:DescribeSecurityGroupRules',
    });
  });
});

describe('authentication and the roll-up', () => {
  it('says what each kind of endpoint needs', () => {
    const kinds = endpoint({
      authentication: [
        { type: 'certificate', clientRootCertificateChainArn: 'arn:aws:acm:us-east-1:1:certificate/x' },
        { type: 'federated', samlProviderArn: 'arn:aws:iam::1:saml-provider/okta-cvpn' },
        { type: 'directory', directoryId: 'd-1234567890' },
      ],
    });
    const summary = checkOf(facts({ endpoint: kinds }), 'vpn-authentication').summary;
    expect(summary).toContain('a client certificate and key');
    expect(summary).toContain('okta-cvpn with the AWS VPN Client 1.2.0');
    expect(summary).toContain('directory user name and password');
  });

  it('a path whose links all pass says so; the first broken link leads otherwise', () => {
    const good = evaluateVpnPath(facts({ userGroups: ['dba'] }));
    expect(good).toMatchObject({ status: 'ok', routeCidr: '10.0.0.0/16', endpointName: 'engineering' });
    expect(good.firstBroken).toBeUndefined();
    expect(good.summary).toContain(`you reach ${target.host} directly`);
    const broken = evaluateVpnPath(facts({ userGroups: ['dev-team'], dbRules: ok([]) }));
    expect(broken.status).toBe('fail');
    expect(broken.firstBroken?.check).toBe('vpn-authorization');
    expect(broken.checks.map((check) => check.id)).toEqual([
      'vpn-endpoint',
      'vpn-network',
      'vpn-route',
      'vpn-authorization',
      'vpn-security-group',
      'vpn-authentication',
    ]);
  });
});
