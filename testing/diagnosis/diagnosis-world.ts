// Test wiring (not shipped): a sandbox world in which every diagnosis check passes, for one account
// (alice, AKIDTEST) in us-east-1: an RDS PostgreSQL `orders`, an Aurora PostgreSQL cluster `ledger`, and an
// Online jump host `bastion` in the same VPC. Tests break one thing at a time with `patchRegion`.
import type { RegionData, Scenario } from '../../e2e/sandbox/scenario.js';
import { account, auroraCluster, dbInstance, jumpHost } from '../../e2e/sandbox/scenario-builder.js';
import { healthyIam, withHealthyNetwork } from '../../e2e/sandbox/network-builder.js';
import type { Sandbox } from '../../e2e/sandbox/server.js';

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';
export const PROFILE = 'dev';
export const USER = 'alice';
export const VPC = 'vpc-0a1b2c3d';
export const HOST = jumpHost(1, { name: 'bastion' });
export const ORDERS = dbInstance('orders', REGION);
export const LEDGER = auroraCluster('ledger', REGION, 2);

export function region(): RegionData {
  return withHealthyNetwork({
    dbInstances: [ORDERS, ...LEDGER.members],
    dbClusters: [LEDGER.cluster],
    ec2Instances: [HOST.ec2],
    managedInstances: [HOST.managed],
  });
}

export function diagnosisScenario(cell: RegionData = region()): Scenario {
  return {
    accounts: { AKIDTEST: account(ACCOUNT, USER) },
    data: { [ACCOUNT]: { [REGION]: cell } },
    iam: { [ACCOUNT]: healthyIam(USER) },
    endpoints: {},
    faults: [],
    sessionBehaviours: [],
  };
}

/** Replaces the region's data with `change(copy)` (the rest of the scenario stays). */
export function patchRegion(sandbox: Sandbox, change: (cell: RegionData) => void): void {
  const scenario = structuredClone(sandbox.scenario());
  const cell = scenario.data![ACCOUNT]![REGION]!;
  change(cell);
  sandbox.setScenario(scenario);
}

/** The healthy world's facts tests assert against. */
export function facts(cell: RegionData = region()) {
  const host = cell.ec2Instances!.find((i) => i.id === HOST.ec2.id)!;
  const orders = cell.dbInstances!.find((d) => d.id === 'orders')!;
  return { host, orders };
}
