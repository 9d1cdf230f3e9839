// The demo shows every diagnosis: each check is the first broken link of exactly its showcase database, and
// the demo's other databases (the ones journeys connect to) break nothing. Real inventory and diagnosis
// against the sandbox serving the demo scenario.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECK_IDS, type Target } from '../../shared/api.js';
import type { AwsClients } from '../../server/aws/clients.js';
import { tempAwsFiles, type TempAwsFiles } from '../../testing/aws/aws-files.js';
import { DiagnosisService } from '../../server/diagnosis/diagnosis-service.js';
import { EventBus } from '../../server/events/bus.js';
import { InventoryService } from '../../server/inventory/inventory-service.js';
import { startSandbox, type Sandbox } from '../sandbox/server.js';
import { SHOWCASE } from './diagnosis-showcase.js';
import { demoWorld, DEV, PROD } from './scenario.js';

let sandbox: Sandbox;
let files: TempAwsFiles;
let aws: AwsClients;
let service: DiagnosisService;
let targets: Target[];

beforeAll(async () => {
  sandbox = await startSandbox(demoWorld().scenario);
  files = await tempAwsFiles(sandbox.url, { [DEV.profile]: DEV.accessKeyId, [PROD.profile]: PROD.accessKeyId });
  aws = files.clients();
  const inventory = new InventoryService({ aws, bus: new EventBus() });
  const slices = await inventory.refresh(
    [DEV.profile, PROD.profile].flatMap((profile) => ['us-east-1', 'eu-west-1'].map((region) => ({ profile, region }))),
  );
  targets = slices.flatMap((slice) => slice.targets);
  // This machine resolves no AWS names, like the demo's: the dns check leans on the VPC's DNS setting.
  const resolve = async (name: string) => Promise.reject(Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), { code: 'ENOTFOUND' }));
  service = new DiagnosisService({ aws, inventory, resolve, concurrency: 8 });
}, 60_000);
afterAll(async () => {
  await files.cleanup();
  await sandbox.close();
});

function target(name: string): Target {
  const found = targets.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no demo database ${name}`);
  return found;
}

describe('the demo’s diagnosis showcase', () => {
  it('covers every check once', () => {
    expect(Object.values(SHOWCASE).sort()).toEqual([...CHECK_IDS].sort());
  });

  it.each(Object.entries(SHOWCASE))('%s: the first broken link is %s, with a fix', async (name, check) => {
    const diagnosis = await service.diagnose(target(name).id);
    expect(diagnosis.firstBroken?.check).toBe(check);
    const broken = diagnosis.checks.find((candidate) => candidate.id === check)!;
    expect(broken.fix?.summary ?? '').not.toBe('');
    expect(broken.fix?.commands?.length ?? broken.fix?.console?.length ?? 0).toBeGreaterThan(0);
  });

  it.each([
    'orders-dev',
    'billing-dev',
    'analytics-dev',
    'payments-dev',
    'payments-dev (reader)',
    'reporting-dev-eu',
    'search-dev-eu',
    'orders-prod',
    'users-prod',
    'sessions-prod',
    'legacy-crm',
    'orders-prod-eu',
  ])('%s breaks nothing', async (name) => {
    const diagnosis = await service.diagnose(target(name).id);
    expect(
      diagnosis.checks
        .filter((candidate) => candidate.status === 'fail' || candidate.status === 'unknown')
        .map((c) => `${c.id}: ${c.summary}`),
    ).toEqual([]);
  });
});
