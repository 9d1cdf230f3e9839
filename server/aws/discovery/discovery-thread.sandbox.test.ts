// The discovery worker thread with real SDK clients against the local AWS sandbox: the same slices as in the main
// thread, credentials resolved by the main thread once per profile, failures mapped to the same codes, a rejected
// key dropped on the main side too, and the worker's lifetime (idle stop, replacement, close).
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { account, dbInstance, jumpHost } from '../../../e2e/sandbox/scenario-builder.js';
import type { Scenario } from '../../../e2e/sandbox/scenario.js';
import { startSandbox, type Sandbox } from '../../../e2e/sandbox/server.js';
import { tempAwsFiles, type TempAwsFiles } from '../../../testing/aws/aws-files.js';
import { FakeTime } from '../../../testing/fake-time.js';
import type { AwsClients } from '../clients.js';
import { DiscoveryThread } from './discovery-thread.js';
import { readSlice } from './read-slice.js';

const ACCOUNT = '111111111111';
const REGION = 'us-east-1';
const KEY = { profile: 'dev', region: REGION };

function scenario(): Scenario {
  const hosts = Array.from({ length: 30 }, (_, i) => jumpHost(i + 1, { name: `host-${i}` }));
  return {
    accounts: { AKIDDEV: account(ACCOUNT, 'dev') },
    data: {
      [ACCOUNT]: {
        [REGION]: {
          dbInstances: Array.from({ length: 45 }, (_, i) => dbInstance(`db-${i}`, REGION)),
          dbClusters: [],
          ec2Instances: hosts.map((host) => host.ec2),
          managedInstances: hosts.map((host) => host.managed),
        },
      },
    },
    endpoints: {},
    faults: [],
    sessionBehaviours: [],
    pageSize: 20,
  };
}

let sandbox: Sandbox;
let files: TempAwsFiles;
const threads: DiscoveryThread[] = [];

beforeAll(async () => {
  sandbox = await startSandbox(scenario());
  files = await tempAwsFiles(sandbox.url, { dev: 'AKIDDEV', stranger: 'AKIDUNKNOWN' });
});
afterEach(async () => {
  sandbox.clearFaults();
  await Promise.all(threads.splice(0).map((thread) => thread.close()));
});
afterAll(async () => {
  await files.cleanup();
  await sandbox.close();
});

function thread(aws: AwsClients, extra: Partial<ConstructorParameters<typeof DiscoveryThread>[0]> = {}): DiscoveryThread {
  const made = new DiscoveryThread({ aws, ...extra });
  threads.push(made);
  return made;
}

describe('DiscoveryThread', () => {
  it('reads a slice in the worker exactly as the main thread would, asking the main thread for credentials once', async () => {
    const aws = files.clients();
    const credentials = vi.spyOn(aws, 'credentials');
    const discovery = thread(aws);
    const calls: string[] = [];
    const inWorker = await discovery.fetch(KEY, (call) => calls.push(call));
    expect(discovery.active).toBe(true);
    expect(calls.sort()).toEqual([
      'ec2:DescribeInstances',
      'rds:DescribeDBClusters',
      'rds:DescribeDBInstances',
      'ssm:DescribeInstanceInformation',
    ]);
    expect(inWorker.targets).toHaveLength(45);
    expect(inWorker.hosts).toHaveLength(30);
    expect(inWorker.hosts.every((host) => host.vpcId !== undefined)).toBe(true);
    expect(credentials.mock.calls.map(([profile]) => profile)).toEqual(['dev']);

    const inMain = await readSlice(files.clients(), KEY, () => undefined);
    expect(inWorker).toEqual(inMain);
    // The worker keeps its clients and credentials: a second fetch asks nothing more.
    await discovery.fetch(KEY, () => undefined);
    expect(credentials).toHaveBeenCalledTimes(1);
  });

  it('gives a profile without credentials, and one whose key AWS rejects, the same codes as the main thread', async () => {
    const aws = files.clients();
    const reset = vi.spyOn(aws, 'resetProfile');
    const discovery = thread(aws);

    const missing = await discovery.fetch({ profile: 'nobody', region: REGION }, () => undefined);
    const missingInMain = await readSlice(files.clients(), { profile: 'nobody', region: REGION }, () => undefined);
    expect(missing.errors.map((e) => e.error.code)).toEqual(missingInMain.errors.map((e) => e.error.code));
    expect(new Set(missing.errors.map((e) => e.error.code))).toEqual(new Set(['NO_CREDENTIALS']));

    sandbox.addFault({ accessKeyId: 'AKIDUNKNOWN', kind: 'unrecognizedClient' });
    const rejected = await discovery.fetch({ profile: 'stranger', region: REGION }, () => undefined);
    expect(new Set(rejected.errors.map((e) => e.error.code))).toEqual(new Set(['INVALID_CREDENTIALS']));
    // The main thread drops what it resolved, so the next resolution reads the files again.
    expect(reset).toHaveBeenCalledWith('stranger');
  });

  it('spreads concurrent slices over the workers it may start', async () => {
    const discovery = thread(files.clients(), { workers: 2 });
    const slices = await Promise.all([
      discovery.fetch(KEY, () => undefined),
      discovery.fetch(KEY, () => undefined),
      discovery.fetch(KEY, () => undefined),
    ]);
    expect(slices.map((slice) => slice.targets.length)).toEqual([45, 45, 45]);
    expect(discovery.started).toBe(2);
    // One at a time goes to an idle worker: no third one.
    await discovery.fetch(KEY, () => undefined);
    expect(discovery.started).toBe(2);
  });

  it('stops an idle worker, starts a new one for the next fetch, and fails fetches once closed', async () => {
    const time = new FakeTime();
    const discovery = thread(files.clients(), { idleMs: 60_000, setTimer: time.setTimer, clearTimer: time.clearTimer });
    await discovery.fetch(KEY, () => undefined);
    expect(discovery.started).toBe(1);
    await time.advance(59_000);
    expect(discovery.active).toBe(true);
    await time.advance(1_000);
    expect(discovery.active).toBe(false);

    const again = await discovery.fetch(KEY, () => undefined);
    expect(again.targets).toHaveLength(45);
    expect(discovery.started).toBe(2);

    sandbox.addFault({ kind: 'latency', ms: 5_000 });
    const slow = expect(discovery.fetch(KEY, () => undefined)).rejects.toThrow('discovery has stopped');
    await discovery.close();
    await slow;
    await expect(discovery.fetch(KEY, () => undefined)).rejects.toThrow('discovery has stopped');
    expect(discovery.active).toBe(false);
  });
});
