// The Client VPN readers through Porthole's client factory and the real SDK, against the sandbox's EC2 wire format:
// Porthole's own shapes out, an unknown endpoint as VPN_ENDPOINT_NOT_FOUND, a refused call as an AccessDeniedError
// naming the action (and, through the service, an error on the endpoint instead of a failed listing).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../e2e/sandbox/server.js';
import { tempAwsFiles, type TempAwsFiles } from '../../../testing/aws/aws-files.js';
import { ACCESS_KEY, ACCOUNT, PROFILE, REGION, VPC, pathsWorld, type PathsWorld } from '../../../testing/paths/paths-world.js';
import { ClientVpnService } from '../../paths/vpn/vpn-service.js';
import type { AwsClients } from '../clients.js';
import { AccessDeniedError } from '../errors.js';
import {
  exportClientVpnConfiguration,
  exportClientVpnCrl,
  readClientVpnAuthorizationRules,
  readClientVpnEndpoints,
  readClientVpnRoutes,
  readClientVpnTargetNetworks,
} from './client-vpn.js';

const CRL = '-----BEGIN X509 CRL-----\nMIIB\n-----END X509 CRL-----\n';
let sandbox: Sandbox;
let files: TempAwsFiles;
let aws: AwsClients;
let world: PathsWorld;
const scope = { profile: PROFILE, region: REGION };

function scenario() {
  world = pathsWorld({ orders: 5432, vault: 5433 });
  world.vpn.mtls.crlPem = CRL;
  return world.scenario;
}

beforeAll(async () => {
  sandbox = await startSandbox(scenario());
  files = await tempAwsFiles(sandbox.url, { [PROFILE]: ACCESS_KEY });
  aws = files.clients();
});
afterAll(async () => {
  await files.cleanup();
  await sandbox.close();
});
beforeEach(() => sandbox.setScenario(scenario()));

describe('Client VPN readers', () => {
  it('reads endpoints with their authentication, network settings and Name tag', async () => {
    const endpoints = await readClientVpnEndpoints(aws, scope);
    expect(endpoints.map((endpoint) => endpoint.id)).toEqual([world.vpn.mtls.id, world.vpn.saml.id]);
    const [mtls, saml] = endpoints;
    expect(mtls).toMatchObject({
      name: 'engineering-mtls',
      status: 'available',
      clientCidrBlock: '10.20.0.0/22',
      splitTunnel: true,
      transportProtocol: 'udp',
      vpnPort: 443,
      vpcId: VPC,
      securityGroupIds: [world.vpn.groupId],
      authentication: [{ type: 'certificate', clientRootCertificateChainArn: expect.stringMatching(/^arn:aws:acm:/) }],
    });
    expect(mtls!.dnsName).toBe(`*.${world.vpn.mtls.id}.prod.clientvpn.${REGION}.amazonaws.com`);
    expect(saml).toMatchObject({
      name: 'engineering-sso',
      transportProtocol: 'tcp',
      dnsServers: ['10.10.0.2'],
      authentication: [{ type: 'federated', samlProviderArn: `arn:aws:iam::${ACCOUNT}:saml-provider/okta-cvpn` }],
    });
    expect(await readClientVpnEndpoints(aws, scope, world.vpn.saml.id)).toEqual([saml]);
  });

  it('reads target networks, the automatic VPC route and the authorization rules', async () => {
    const id = world.vpn.saml.id;
    expect(await readClientVpnTargetNetworks(aws, scope, id)).toEqual([
      {
        associationId: expect.stringMatching(/^cvpn-assoc-/),
        subnetId: world.vpn.subnetId,
        vpcId: VPC,
        status: 'associated',
        securityGroupIds: [world.vpn.groupId],
      },
    ]);
    expect(await readClientVpnRoutes(aws, scope, id)).toEqual([
      {
        destinationCidr: world.vpn.vpcCidr,
        targetSubnet: world.vpn.subnetId,
        type: 'Nat',
        origin: 'associate',
        status: 'active',
        description: 'Default Route',
      },
    ]);
    expect(await readClientVpnAuthorizationRules(aws, scope, id)).toEqual([
      { destinationCidr: world.vpn.vpcCidr, groupId: 'dev-team', accessAll: false, status: 'active', description: 'devs to the whole VPC' },
      {
        destinationCidr: world.vpn.dbSubnetCidr,
        groupId: 'dba',
        accessAll: false,
        status: 'active',
        description: 'DBAs to the database subnet',
      },
      { destinationCidr: '0.0.0.0/0', accessAll: true, status: 'active', description: 'everyone to the internet' },
    ]);
  });

  it('exports the configuration (auth-federate for SAML) and the revocation list', async () => {
    const saml = await exportClientVpnConfiguration(aws, scope, world.vpn.saml.id);
    expect(saml).toMatch(/^client\n/);
    expect(saml).toContain('<ca>\n-----BEGIN CERTIFICATE-----');
    expect(saml.split('\n')).toContain('auth-federate');
    expect(saml).toContain(`remote ${world.vpn.saml.id}.prod.clientvpn.${REGION}.amazonaws.com 443`);
    const mtls = await exportClientVpnConfiguration(aws, scope, world.vpn.mtls.id);
    expect(mtls.split('\n')).not.toContain('auth-federate');
    expect(await exportClientVpnCrl(aws, scope, world.vpn.mtls.id)).toBe(CRL);
    expect(await exportClientVpnCrl(aws, scope, world.vpn.saml.id)).toBe('');
  });

  it('an unknown endpoint is VPN_ENDPOINT_NOT_FOUND', async () => {
    for (const read of [
      () => readClientVpnRoutes(aws, scope, 'cvpn-endpoint-0nope'),
      () => exportClientVpnConfiguration(aws, scope, 'cvpn-endpoint-0nope'),
      () => readClientVpnEndpoints(aws, scope, 'cvpn-endpoint-0nope'),
    ]) {
      await expect(read()).rejects.toMatchObject({ code: 'VPN_ENDPOINT_NOT_FOUND', status: 404 });
    }
  });

  it('a refused call is an AccessDeniedError naming its action', async () => {
    sandbox.addFault({ service: 'ec2', op: 'DescribeClientVpnRoutes', kind: 'accessDenied' });
    const error = await readClientVpnRoutes(aws, scope, world.vpn.mtls.id).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AccessDeniedError);
    expect((error as AccessDeniedError).permission).toBe('ec2:DescribeClientVpnRoutes');
  });
});

describe('ClientVpnService', () => {
  it('lists each endpoint with its lists; a refused list is an error on that endpoint, naming the permission', async () => {
    sandbox.addFault({ service: 'ec2', op: 'DescribeClientVpnAuthorizationRules', kind: 'accessDenied' });
    const service = new ClientVpnService({ aws });
    const listed = await service.endpoints(scope);
    expect(listed).toMatchObject({ profile: PROFILE, region: REGION, cached: false, errors: [] });
    expect(listed.endpoints).toHaveLength(2);
    for (const endpoint of listed.endpoints) {
      expect(endpoint.routes.length).toBeGreaterThan(0);
      expect(endpoint.authorizationRules).toEqual([]);
      expect(endpoint.errors).toEqual([
        {
          call: 'ec2:DescribeClientVpnAuthorizationRules',
          error: expect.objectContaining({ code: 'ACCESS_DENIED' }),
          missingPermission: 'ec2:DescribeClientVpnAuthorizationRules',
        },
      ]);
    }
    expect((await service.endpoints(scope)).cached).toBe(true);
    expect(service.knownNetworks()).toContainEqual({
      cidr: world.vpn.vpcCidr,
      via: `Client VPN "engineering-mtls" (${world.vpn.mtls.id})`,
    });
  });

  it('a refused listing is reported, not thrown; asking for one endpoint then says which permission is missing', async () => {
    sandbox.addFault({ service: 'ec2', op: 'DescribeClientVpnEndpoints', kind: 'accessDenied' });
    const service = new ClientVpnService({ aws });
    const listed = await service.endpoints(scope);
    expect(listed.endpoints).toEqual([]);
    expect(listed.errors).toEqual([expect.objectContaining({ missingPermission: 'ec2:DescribeClientVpnEndpoints' })]);
    await expect(service.endpoint(scope, world.vpn.mtls.id)).rejects.toMatchObject({ code: 'ACCESS_DENIED', status: 403 });
  });
});
