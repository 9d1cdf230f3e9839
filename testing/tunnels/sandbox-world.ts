// Test wiring (not shipped): a sandbox with one account, one Online jump host and one Postgres-style RDS
// instance, a profile "dev" in temp AWS files, and a TunnelManager driving the stand-in plugin.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Target } from '../../shared/api.js';
import { AwsClients } from '../../server/aws/clients.js';
import { ConfigStore } from '../../server/config/store.js';
import { EventBus } from '../../server/events/bus.js';
import { PluginLocator } from '../../server/plugin/plugin-locator.js';
import { locatePlugin } from '../../server/plugin/locate.js';
import { TunnelManager, type HealthMonitorLike, type TunnelManagerDeps } from '../../server/tunnels/manager.js';
import { sessionApiFromClients } from '../../server/aws/ssm-sessions.js';
import { freeEphemeralOnly } from './helpers.js';
import type { Scenario } from '../../e2e/sandbox/scenario.js';
import { account, dbInstance, jumpHost, rdsHost } from '../../e2e/sandbox/scenario-builder.js';
import { startSandbox, type Sandbox } from '../../e2e/sandbox/server.js';

export const STANDIN = fileURLToPath(new URL('../../e2e/plugin/session-manager-plugin', import.meta.url));
export const REGION = 'us-east-1';
export const PROFILE = 'dev';
export const DB_HOST = rdsHost('orders', REGION);
export const HOST = jumpHost(1, { name: 'bastion' });
export const OFFLINE_HOST = jumpHost(2, { name: 'sleepy', ssm: { pingStatus: 'ConnectionLost' } });

export function scenario(): Scenario {
  return {
    accounts: { AKIDTEST: account('123456789012', 'alice') },
    data: {
      '123456789012': {
        [REGION]: {
          dbInstances: [dbInstance('orders', REGION)],
          ec2Instances: [HOST.ec2, OFFLINE_HOST.ec2],
          managedInstances: [HOST.managed, OFFLINE_HOST.managed],
        },
      },
    },
    endpoints: {},
    faults: [],
    sessionBehaviours: [],
  };
}

export function target(id = 'orders', host = DB_HOST, hostId = HOST.ec2.id): Target {
  return {
    id: `${PROFILE}:${REGION}:instance:${id}`,
    profile: PROFILE,
    region: REGION,
    kind: 'instance',
    identifier: id,
    name: id,
    engine: 'postgres',
    host,
    port: 5432,
    status: 'available',
    securityGroups: [],
    iamAuth: false,
    tags: {},
    eligibleHostIds: [hostId],
    recommendedHostId: hostId,
  };
}

/** The create request most tests send: a tunnel to target() through its recommended jump host. */
export const ORDERS = { profile: PROFILE, region: REGION, target: { id: target().id } };

export interface AwsFiles {
  dir: string;
  env: NodeJS.ProcessEnv;
  cleanup(): Promise<void>;
}

/** Temp AWS config/credentials files with profile "dev" (AKIDTEST), pointed at the sandbox. */
export async function awsFiles(sandboxUrl: string): Promise<AwsFiles> {
  const dir = await mkdtemp(join(tmpdir(), 'porthole-aws-'));
  await writeFile(join(dir, 'credentials'), `[${PROFILE}]\naws_access_key_id = AKIDTEST\naws_secret_access_key = sandbox-secret\n`);
  await writeFile(join(dir, 'config'), `[profile ${PROFILE}]\nregion = ${REGION}\n`);
  return { dir, env: awsEnv(dir, sandboxUrl), cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** The environment that points the SDK at the files `awsFiles` wrote in `dir` and at the sandbox. */
export function awsEnv(dir: string, sandboxUrl: string): NodeJS.ProcessEnv {
  return {
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
    AWS_CONFIG_FILE: join(dir, 'config'),
    AWS_ENDPOINT_URL: sandboxUrl,
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

export interface SandboxRig {
  sandbox: Sandbox;
  files: AwsFiles;
  /** Forwards the RDS name (DB_HOST:5432) to 127.0.0.1:port. */
  pointDatabaseAt(port: number): void;
  close(): Promise<void>;
}

/** The sandbox serving `scenario()` and AWS files for it; the RDS name forwards to `databasePort` when given. */
export async function startSandboxRig(databasePort?: number): Promise<SandboxRig> {
  const sandbox = await startSandbox(scenario());
  const pointDatabaseAt = (port: number): void => sandbox.setEndpoint(`${DB_HOST}:5432`, `127.0.0.1:${port}`);
  try {
    if (databasePort !== undefined) pointDatabaseAt(databasePort);
    const files = await awsFiles(sandbox.url);
    return {
      sandbox,
      files,
      pointDatabaseAt,
      close: async () => {
        await sandbox.close();
        await files.cleanup();
      },
    };
  } catch (error) {
    await sandbox.close();
    throw error;
  }
}

export interface World {
  manager: TunnelManager;
  config: ConfigStore;
  bus: EventBus;
  clients: AwsClients;
  configDir: string;
  /** Closes the manager, then the AWS clients (the config folder stays: the caller owns it). */
  close(): Promise<void>;
}

export async function makeManager(options: {
  env: NodeJS.ProcessEnv;
  configDir: string;
  targets?: Target[];
  pluginPath?: string;
  health?: HealthMonitorLike;
  tuning?: Partial<TunnelManagerDeps>;
  /** The bus the manager publishes on and listens to (default: a new one). */
  bus?: EventBus;
  /** Porthole's own AWS config file for a profile (sso-account sources). */
  configFileFor?: (profile: string) => string | undefined;
}): Promise<World> {
  const config = await ConfigStore.open(options.configDir);
  const bus = options.bus ?? new EventBus();
  const clients = new AwsClients({
    env: options.env,
    maxAttempts: 1,
    ...(options.configFileFor ? { configFileFor: options.configFileFor } : {}),
  });
  const targets = options.targets ?? [target()];
  // As the daemon does: `--version` once, not for every start.
  const plugin = await PluginLocator.create(() => locatePlugin(options.pluginPath ?? STANDIN));
  const manager = new TunnelManager({
    config,
    bus,
    sessions: sessionApiFromClients(clients),
    inventory: { findTarget: (id) => targets.find((candidate) => candidate.id === id) },
    plugin: async () => (await plugin.current()).status,
    configDir: options.configDir,
    log: { info: () => undefined, warn: () => undefined },
    health: options.health,
    backoff: { baseMs: 200, maxMs: 1_000 },
    killAfterMs: 2_000,
    // Never 5432 & co. (the 20 start/stop cycles test once lost 5432 to another program between cycles).
    isPortFree: freeEphemeralOnly,
    ...options.tuning,
  });
  const close = async (): Promise<void> => {
    await manager.close();
    clients.close();
  };
  return { manager, config, bus, clients, configDir: options.configDir, close };
}

export async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}
