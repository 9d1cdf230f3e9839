// TunnelManager against the local AWS sandbox, the stand-in plugin (real child processes) and a TCP echo
// server standing in for the database behind the RDS host name.
import { readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Tunnel, TunnelState } from '../../shared/api.js';
import { isPortFree } from './ports.js';
import { echoServer, roundTrip, waitFor, type EchoServer } from '../../testing/tunnels/helpers.js';
import {
  DB_HOST,
  makeManager,
  OFFLINE_HOST,
  ORDERS,
  PROFILE,
  REGION,
  scenario,
  startSandboxRig,
  target,
  tempDir,
  type SandboxRig,
  type World,
} from '../../testing/tunnels/sandbox-world.js';

let rig: SandboxRig;
let sandbox: SandboxRig['sandbox'];
let echo: EchoServer;
let world: World | undefined;
let configDir: string;
let earlier = new Set<string>();
/** Sessions started by the current test (the sandbox lives across tests). */
function mine() {
  return sandbox.sessions().filter((record) => !earlier.has(record.sessionId));
}

beforeAll(async () => {
  rig = await startSandboxRig();
  sandbox = rig.sandbox;
  echo = await echoServer();
});
afterAll(async () => {
  await echo.close();
  await rig.close();
});
beforeEach(async () => {
  sandbox.setScenario(scenario());
  rig.pointDatabaseAt(echo.port);
  sandbox.clearCalls();
  earlier = new Set(sandbox.sessions().map((record) => record.sessionId));
  configDir = await tempDir('porthole-tunnels-');
});
afterEach(async () => {
  await world?.close();
  world = undefined;
  await rm(configDir, { recursive: true, force: true });
});

async function open(extra: Parameters<typeof makeManager>[0]['tuning'] = {}, pluginPath?: string): Promise<World> {
  world = await makeManager({ env: rig.files.env, configDir, tuning: extra, ...(pluginPath ? { pluginPath } : {}) });
  return world;
}

function state(id: string): TunnelState | undefined {
  return world?.manager.get(id)?.state;
}

async function reach(id: string, wanted: TunnelState, timeoutMs = 10_000): Promise<Tunnel> {
  await waitFor(() => state(id) === wanted, timeoutMs, `${id} to be ${wanted} (is ${state(id)}: ${world?.manager.get(id)?.reason})`);
  return world!.manager.get(id)!;
}

describe('TunnelManager with the sandbox and the stand-in plugin', () => {
  it('opens a tunnel, relays bytes, and drives the plugin exactly per the contract', async () => {
    const { manager } = await open();
    const created = await manager.create({ ...ORDERS, lazy: false });
    expect(created.state).toBe('starting');
    const tunnel = await reach(created.id, 'open');
    expect(await roundTrip(tunnel.localPort, 'SELECT 1;')).toBe('SELECT 1;');

    const [start] = sandbox.calls({ service: 'ssm', op: 'StartSession' });
    expect(start?.params).toEqual({
      Target: target().recommendedHostId,
      DocumentName: 'AWS-StartPortForwardingSessionToRemoteHost',
      Parameters: { host: [DB_HOST], portNumber: ['5432'], localPortNumber: ['0'] },
    });
    const session = sandbox.sessions().find((record) => record.sessionId === tunnel.sessionId);
    const attach = session?.attaches[0];
    expect(attach?.viaEnv).toBe(true);
    expect(attach?.argv).toHaveLength(6);
    expect(attach?.argv[0]).toBe('AWS_SSM_START_SESSION_RESPONSE');
    expect(attach?.argv.slice(1, 4)).toEqual([REGION, 'StartSession', PROFILE]);
    expect(attach?.argv[5]).toBe(sandbox.url);
    await waitFor(() => (manager.get(tunnel.id)?.stats.bytesIn ?? 0) === 9, 5000, 'byte counts');
    expect(manager.get(tunnel.id)?.stats).toMatchObject({ totalConnections: 1, bytesOut: 9, bytesIn: 9 });
  });

  it('keeps the tunnel saved with its port remembered', async () => {
    const { manager, config } = await open();
    const tunnel = await manager.create({ ...ORDERS, lazy: false, autoStart: true });
    expect(config.get().tunnels.map((spec) => spec.id)).toEqual([tunnel.id]);
    expect(config.get().settings.lastPorts[target().id]).toBe(tunnel.localPort);
    const stat = JSON.parse(await readFile(join(configDir, 'config.json'), 'utf8'));
    expect(stat.tunnels[0]).toMatchObject({
      jumpHostId: target().recommendedHostId,
      localPort: tunnel.localPort,
      lazy: false,
      autoStart: true,
    });
  });

  it('runs two tunnels at once on different ports', async () => {
    const { manager } = await open();
    const first = await manager.create({ ...ORDERS, lazy: false });
    const second = await manager.create({
      profile: PROFILE,
      region: REGION,
      target: { host: DB_HOST, port: 5432, name: 'orders-custom' },
      jumpHostId: target().recommendedHostId,
      lazy: false,
    });
    expect(second.localPort).not.toBe(first.localPort);
    await reach(first.id, 'open');
    await reach(second.id, 'open');
    const [a, b] = await Promise.all([roundTrip(first.localPort, 'one'), roundTrip(second.localPort, 'two')]);
    expect([a, b]).toEqual(['one', 'two']);
  });

  it('comes back on the same port after the plugin is killed, and a client connecting meanwhile gets through', async () => {
    const { manager } = await open({ backoff: { baseMs: 800, maxMs: 1000, jitter: 0 } });
    const tunnel = await reach((await manager.create({ ...ORDERS, lazy: false })).id, 'open');
    const pid = sandbox.sessions().find((record) => record.sessionId === tunnel.sessionId)?.attaches[0]?.pid;
    expect(pid).toBeTypeOf('number');
    process.kill(pid!, 'SIGKILL');
    await reach(tunnel.id, 'reconnecting');
    const during = roundTrip(tunnel.localPort, 'during the reconnect');
    const again = await reach(tunnel.id, 'open');
    expect(await during).toBe('during the reconnect');
    expect(again.localPort).toBe(tunnel.localPort);
    expect(again.sessionId).not.toBe(tunnel.sessionId);
    expect(again.stats.restarts).toBe(1);
    expect(await roundTrip(tunnel.localPort, 'after')).toBe('after');
    // The killed plugin's session was left active by the crash: Porthole terminates it.
    await waitFor(
      () =>
        sandbox
          .calls({ service: 'ssm', op: 'TerminateSession' })
          .some((call) => (call.params as { SessionId?: string }).SessionId === tunnel.sessionId),
      5000,
      'TerminateSession of the dead session',
    );
  });

  it('reconnects when the service ends the session', async () => {
    const { manager } = await open();
    const tunnel = await reach((await manager.create({ ...ORDERS, lazy: false })).id, 'open');
    sandbox.endSession(tunnel.sessionId!, 'Session terminated by the administrator.');
    await waitFor(() => (manager.get(tunnel.id)?.stats.restarts ?? 0) === 1, 10_000, 'a restart');
    const again = await reach(tunnel.id, 'open');
    expect(again.sessionId).not.toBe(tunnel.sessionId);
    expect(manager.logs(tunnel.id).some((line) => line.line.includes('Session terminated by the administrator.'))).toBe(true);
    expect(await roundTrip(tunnel.localPort, 'still here')).toBe('still here');
  });

  it('lazy: starts on the first connection, ends the idle session, keeps the port listening', async () => {
    const { manager } = await open();
    const created = await manager.create({ ...ORDERS, lazy: true, idleMinutes: 0.02 });
    expect(created.state).toBe('idle');
    expect(sandbox.calls({ service: 'ssm', op: 'StartSession' })).toHaveLength(0);
    expect(await roundTrip(created.localPort, 'first client')).toBe('first client');
    const tunnel = await reach(created.id, 'open');
    const idle = await reach(tunnel.id, 'idle');
    expect(idle.sessionId).toBeUndefined();
    await waitFor(
      () => sandbox.sessions().find((record) => record.sessionId === tunnel.sessionId)?.state === 'terminated',
      5000,
      'the idle session to end',
    );
    expect(await isPortFree(tunnel.localPort)).toBe(false);
    expect(await roundTrip(tunnel.localPort, 'wake up')).toBe('wake up');
    expect(sandbox.calls({ service: 'ssm', op: 'StartSession' })).toHaveLength(2);
  });

  it('counts "Connection to destination port failed" and says where to look', async () => {
    sandbox.patchScenario({ sessionBehaviours: [{ behaviour: 'destinationUnreachable' }] });
    const { manager } = await open();
    const tunnel = await reach((await manager.create({ ...ORDERS, lazy: false })).id, 'open');
    await expect(roundTrip(tunnel.localPort, 'hello?', 5000)).rejects.toThrow();
    await waitFor(() => manager.get(tunnel.id)?.stats.destinationFailures === 1, 5000, 'the failure to be counted');
    expect(manager.logs(tunnel.id).some((line) => line.line.includes("check the database's security group"))).toBe(true);
  });

  it('reports PORT_IN_USE before any AWS call', async () => {
    const blocker = net.createServer();
    const port = await new Promise<number>((resolve) =>
      blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as net.AddressInfo).port)),
    );
    try {
      const { manager, config } = await open();
      await expect(manager.create({ ...ORDERS, localPort: port })).rejects.toMatchObject({
        code: 'PORT_IN_USE',
        status: 409,
        message: expect.stringContaining(String(port)),
      });
      expect(sandbox.calls({ service: 'ssm', op: 'StartSession' })).toHaveLength(0);
      expect(manager.list()).toEqual([]);
      expect(config.get().tunnels).toEqual([]);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('fails with PLUGIN_NOT_FOUND and its install hint when the plugin is missing', async () => {
    const { manager } = await open({}, join(configDir, 'no-such-plugin'));
    const tunnel = await manager.create({ ...ORDERS, lazy: false });
    const failed = await reach(tunnel.id, 'failed');
    expect(failed.error).toMatchObject({ code: 'PLUGIN_NOT_FOUND', hint: expect.stringContaining('https://docs.aws.amazon.com') });
    expect(sandbox.calls({ service: 'ssm', op: 'StartSession' })).toHaveLength(0);
  });

  it('kills a plugin that hangs before its port line, terminates that session, and retries', async () => {
    sandbox.patchScenario({ sessionBehaviours: [{ behaviour: 'hangBeforePort', times: 1 }] });
    const { manager } = await open({ startTimeoutMs: 1_000 });
    const tunnel = await manager.create({ ...ORDERS, lazy: false });
    const open2 = await reach(tunnel.id, 'open', 15_000);
    const [hung, good] = sandbox.calls({ service: 'ssm', op: 'StartSession' });
    expect(good).toBeDefined();
    const hungId = mine().find((record) => record.sessionId !== open2.sessionId)?.sessionId;
    expect(hung).toBeDefined();
    expect(
      sandbox.calls({ service: 'ssm', op: 'TerminateSession' }).map((call) => (call.params as { SessionId: string }).SessionId),
    ).toContain(hungId);
    expect(manager.logs(tunnel.id).some((line) => line.line.includes('PLUGIN_START_TIMEOUT'))).toBe(true);
  });

  it('retries TargetNotConnected, then fails with the hint', async () => {
    const { manager } = await open({ startRetries: 2 });
    const tunnel = await manager.create({ ...ORDERS, jumpHostId: OFFLINE_HOST.ec2.id, lazy: false });
    const failed = await reach(tunnel.id, 'failed', 15_000);
    expect(failed.error?.code).toBe('TARGET_NOT_CONNECTED');
    expect(failed.error?.hint).toBeTruthy();
    expect(sandbox.calls({ service: 'ssm', op: 'StartSession' })).toHaveLength(3);
  });

  it('stop sends SIGINT (the sandbox sees plugin-sigint), calls TerminateSession, and frees the port', async () => {
    const { manager } = await open();
    const tunnel = await reach((await manager.create({ ...ORDERS, lazy: false })).id, 'open');
    const stopped = await manager.stop(tunnel.id);
    expect(stopped.state).toBe('stopped');
    const record = sandbox.sessions().find((session) => session.sessionId === tunnel.sessionId);
    expect(record?.endedBy).toBe('plugin-sigint');
    expect(
      sandbox.calls({ service: 'ssm', op: 'TerminateSession' }).map((call) => (call.params as { SessionId: string }).SessionId),
    ).toContain(tunnel.sessionId);
    expect(await isPortFree(tunnel.localPort)).toBe(true);
    const again = await manager.start(tunnel.id);
    expect(again.localPort).toBe(tunnel.localPort);
    await reach(tunnel.id, 'open');
  });

  it('20 start/stop cycles leave no plugin process and no listening port behind', async () => {
    const { manager } = await open();
    const tunnel = await manager.create({ ...ORDERS, lazy: false });
    await reach(tunnel.id, 'open');
    for (let cycle = 0; cycle < 20; cycle++) {
      await manager.stop(tunnel.id);
      await manager.start(tunnel.id);
      await reach(tunnel.id, 'open');
    }
    await manager.remove(tunnel.id);
    const pids = mine().flatMap((record) => record.attaches.map((attach) => attach.pid));
    expect(pids).toHaveLength(21);
    for (const pid of pids) expect(alive(pid)).toBe(false);
    expect(await isPortFree(tunnel.localPort)).toBe(true);
    expect(mine().every((record) => record.state === 'terminated')).toBe(true);
    const registry = JSON.parse(await readFile(join(configDir, 'plugins.json'), 'utf8'));
    expect(registry.plugins).toEqual([]);
  }, 60_000);
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
