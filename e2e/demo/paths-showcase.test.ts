// The demo's other ways in: acme-dev us-east-1 has a mutual-TLS and a SAML Client VPN endpoint into the dev VPC.
// orders-dev is reachable through both (SAML for dba only: dev-team's broader rule loses), inventory-dev's group
// admits neither, and this machine resolves no demo name, so no direct path exists and the tunnel is recommended.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Target } from '../../shared/api.js';
import { tempAwsFiles, type TempAwsFiles } from '../../testing/aws/aws-files.js';
import { DiagnosisService } from '../../server/diagnosis/diagnosis-service.js';
import { EventBus } from '../../server/events/bus.js';
import { InventoryService } from '../../server/inventory/inventory-service.js';
import { DirectPathService } from '../../server/paths/direct/direct-path-service.js';
import { PathsService } from '../../server/paths/paths-service.js';
import { ClientVpnService } from '../../server/paths/vpn/vpn-service.js';
import { startSandbox, type Sandbox } from '../sandbox/server.js';
import { demoWorld, DEV } from './scenario.js';

let sandbox: Sandbox;
let files: TempAwsFiles;
let service: PathsService;
let direct: DirectPathService;
let targets: Target[];

beforeAll(async () => {
  sandbox = await startSandbox(demoWorld().scenario);
  files = await tempAwsFiles(sandbox.url, { [DEV.profile]: DEV.accessKeyId });
  const aws = files.clients();
  const inventory = new InventoryService({ aws, bus: new EventBus() });
  targets = (await inventory.refresh([{ profile: DEV.profile, region: 'us-east-1' }])).flatMap((slice) => slice.targets);
  const notFound = async (name: string) => Promise.reject(Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), { code: 'ENOTFOUND' }));
  const diagnosis = new DiagnosisService({ aws, inventory, resolve: notFound, concurrency: 8 });
  const vpn = new ClientVpnService({ aws });
  direct = new DirectPathService({
    lookup: notFound,
    ca: () => [],
    tunnelPorts: () => [],
    findTarget: (id) => inventory.findTarget(id),
    watch: () => ({ addresses: () => [], stop: () => undefined }),
  });
  service = new PathsService({ aws, diagnosis, findTarget: (id) => inventory.findTarget(id), direct, vpn, caBundlePath: () => '/ca.pem' });
}, 60_000);
afterAll(async () => {
  direct?.close();
  await files?.cleanup();
  await sandbox?.close();
});

const idOf = (name: string) => targets.find((target) => target.name === name)!.id;

describe('the demo’s Client VPN endpoints', () => {
  it('orders-dev: no direct path here, the tunnel recommended, both endpoints carry it (SAML for dba)', async () => {
    const paths = await service.paths(idOf('orders-dev'), { groups: ['dev-team'] });
    expect(paths.direct).toMatchObject({ status: 'unresolved', code: 'ENOTFOUND' });
    expect(paths.recommendation.kind).toBe('ssm');
    expect(paths.vpn.map((path) => [path.endpointName, path.status])).toEqual([
      ['engineering-mtls', 'ok'],
      ['engineering-sso', 'fail'],
    ]);
    expect(paths.vpn[1]!.firstBroken?.summary).toContain('for dba wins, so dev-team cannot reach it');
  });

  it('inventory-dev: its group admits the office range only, not the endpoints', async () => {
    const paths = await service.paths(idOf('inventory-dev'));
    for (const path of paths.vpn) expect(path.firstBroken?.check).toBe('vpn-security-group');
  });
});
