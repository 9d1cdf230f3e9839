// The automatic diagnosis after a tunnel fails, end to end: the TunnelManager with the stand-in plugin and the
// real HealthMonitor against the sandbox, the real inventory and diagnosis, wired as the daemon wires them.
import { rm } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Tunnel } from '../../shared/api.js';
import { HealthMonitor } from '../health/monitor.js';
import { InventoryService } from '../inventory/inventory-service.js';
import { diagnosisScenario, HOST, patchRegion, PROFILE, REGION } from '../../testing/diagnosis/diagnosis-world.js';
import { echoServer, waitFor } from '../../testing/tunnels/helpers.js';
import { awsFiles, DB_HOST, makeManager, ORDERS, tempDir, type AwsFiles, type World } from '../../testing/tunnels/sandbox-world.js';
import { startSandbox, type Sandbox } from '../../e2e/sandbox/server.js';
import { AutoDiagnosis } from './auto-diagnosis.js';
import { DiagnosisService } from './diagnosis-service.js';

let sandbox: Sandbox;
let files: AwsFiles;
let world: World | undefined;
let monitor: HealthMonitor | undefined;
let auto: AutoDiagnosis | undefined;
let configDir: string;

beforeAll(async () => {
  sandbox = await startSandbox(diagnosisScenario());
  files = await awsFiles(sandbox.url);
});
afterAll(async () => {
  await sandbox.close();
  await files.cleanup();
});
beforeEach(async () => {
  sandbox.setScenario(diagnosisScenario());
  configDir = await tempDir('porthole-autodiag-');
});
afterEach(async () => {
  auto?.close();
  await world?.close();
  monitor?.close();
  await rm(configDir, { recursive: true, force: true });
});

/** The daemon's wiring: manager, inventory, diagnosis and the automatic diagnosis on the manager's bus. */
async function wire(): Promise<World> {
  monitor = new HealthMonitor({ trust: { ca: () => [] }, probeTimeoutMs: 3_000 });
  world = await makeManager({ env: files.env, configDir, health: monitor, tuning: { startRetries: 1 } });
  const inventory = new InventoryService({ aws: world.clients, bus: world.bus });
  await inventory.refresh([{ profile: PROFILE, region: REGION }]);
  const diagnosis = new DiagnosisService({
    aws: world.clients,
    inventory,
    resolve: async () => Promise.reject(Object.assign(new Error('no DNS here'), { code: 'EAI_AGAIN' })),
  });
  const manager = world.manager;
  auto = new AutoDiagnosis({
    bus: world.bus,
    diagnose: (targetId, jumpHostId) => diagnosis.diagnose(targetId, { jumpHostId, refresh: true }),
    current: (id) => manager.get(id),
    annotate: (id, note) => manager.setDiagnosis(id, note),
  });
  return world;
}

async function noted(id: string): Promise<Tunnel> {
  await waitFor(
    () => world!.manager.get(id)?.diagnosis !== undefined,
    20_000,
    `a diagnosis on ${id} (is ${world!.manager.get(id)?.state})`,
  );
  return world!.manager.get(id)!;
}

describe('automatic diagnosis after a failed tunnel', () => {
  it('DESTINATION_UNREACHABLE: the card learns that the database’s group does not admit the jump host', async () => {
    patchRegion(sandbox, (cell) => {
      cell.securityGroups!.find((group) => group.id === 'sg-0db00001')!.ingress = [];
    });
    // No endpoint mapping: the stand-in plugin reports "Connection to destination port failed".
    const { manager, bus } = await wire();
    const events: Tunnel[] = [];
    bus.subscribe(({ event }) => event.type === 'tunnel' && events.push(event.data));
    const tunnel = await manager.create({ ...ORDERS, lazy: false });
    const failed = await noted(tunnel.id);
    expect(failed.state).toBe('unhealthy');
    expect(failed.diagnosis).toMatchObject({
      trigger: 'DESTINATION_UNREACHABLE',
      jumpHostId: HOST.ec2.id,
      firstBroken: { check: 'sg-ingress' },
    });
    expect(failed.diagnosis?.firstBroken?.summary).toContain('sg-0db00001');
    // The note reached the event stream too.
    expect(events.some((event) => event.diagnosis?.firstBroken?.check === 'sg-ingress')).toBe(true);
  });

  it('ACCESS_DENIED: StartSession refused by policy names iam-start-session; the note goes once the tunnel opens', async () => {
    const denied = structuredClone(sandbox.scenario());
    denied.iam!['123456789012']!.users![0]!.policies.push({
      Statement: [{ Effect: 'Deny', Action: 'ssm:StartSession', Resource: `arn:aws:ec2:*:*:instance/${HOST.ec2.id}` }],
    });
    sandbox.setScenario(denied);
    const { manager } = await wire();
    const { id } = await manager.create({ ...ORDERS, lazy: false });
    const failed = await noted(id);
    expect(failed).toMatchObject({
      state: 'failed',
      error: { code: 'ACCESS_DENIED' },
      diagnosis: { trigger: 'ACCESS_DENIED', firstBroken: { check: 'iam-start-session' } },
    });

    sandbox.setScenario(diagnosisScenario());
    const echo = await echoServer();
    try {
      sandbox.setEndpoint(`${DB_HOST}:5432`, `127.0.0.1:${echo.port}`);
      await manager.start(id);
      await waitFor(() => manager.get(id)?.diagnosis === undefined, 15_000, 'the stale note cleared');
      expect(['starting', 'open', 'healthy', 'unhealthy']).toContain(manager.get(id)?.state);
    } finally {
      await echo.close();
    }
  });

  it('TargetNotConnected: an offline host without a route to Systems Manager names ssm-reachability', async () => {
    patchRegion(sandbox, (cell) => {
      cell.managedInstances![0]!.pingStatus = 'ConnectionLost';
      cell.routeTables = cell.routeTables!.map((table) => ({ ...table, routes: table.routes.filter((route) => route.target === 'local') }));
    });
    const { manager } = await wire();
    const { id } = await manager.create({ ...ORDERS, lazy: false });
    const failed = await noted(id);
    expect(failed.error?.code).toBe('TARGET_NOT_CONNECTED');
    expect(failed.diagnosis).toMatchObject({ trigger: 'TARGET_NOT_CONNECTED', firstBroken: { check: 'ssm-reachability' } });
  });
});
