// The manager wired to the real HealthMonitor (with an injected probe result), the sandbox and the stand-in
// plugin: open → watched and probed; healthy/unhealthy states; a SESSION_DEAD result restarts the session;
// stop → unwatched; passive signals arrive.
import { rm } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TunnelState } from '../../shared/api.js';
import { HealthMonitor } from '../health/monitor.js';
import type { ProbeRequest, ProbeResult } from '../health/probe.js';
import { echoServer, roundTrip, waitFor, type EchoServer } from '../../testing/tunnels/helpers.js';
import {
  DB_HOST,
  makeManager,
  ORDERS,
  startSandboxRig,
  tempDir,
  type SandboxRig,
  type World,
} from '../../testing/tunnels/sandbox-world.js';

let rig: SandboxRig;
let echo: EchoServer;
let world: World | undefined;
let monitor: HealthMonitor | undefined;
let configDir: string;
let next: ProbeResult[];
let probed: ProbeRequest[];

beforeAll(async () => {
  echo = await echoServer();
  rig = await startSandboxRig(echo.port);
});
afterAll(async () => {
  await echo.close();
  await rig.close();
});
beforeEach(async () => {
  configDir = await tempDir('porthole-health-');
  next = [];
  probed = [];
  monitor = new HealthMonitor({
    trust: { ca: () => [] },
    probe: async (request) => {
      probed.push(request);
      return next.shift() ?? { ok: true, checkedAt: new Date().toISOString(), latencyMs: 1, database: { protocol: 'postgres' } };
    },
  });
  world = await makeManager({ env: rig.files.env, configDir, health: monitor });
});
afterEach(async () => {
  await world?.close();
  monitor?.close();
  await rm(configDir, { recursive: true, force: true });
});

const stateOf = (id: string): TunnelState | undefined => world?.manager.get(id)?.state;

describe('TunnelManager × HealthMonitor', () => {
  it('probes on open through the relay port with the RDS name, and becomes healthy', async () => {
    const tunnel = await world!.manager.create({ ...ORDERS, lazy: false });
    await waitFor(() => stateOf(tunnel.id) === 'healthy', 10_000, 'healthy');
    expect(probed[0]).toMatchObject({ port: tunnel.localPort, serverName: DB_HOST, engine: 'postgres' });
    const healthy = world!.manager.get(tunnel.id)!;
    expect(healthy.health.status).toBe('healthy');
    expect(healthy.reason).toBe('the database answered the health probe');
  });

  it('shows unhealthy with the root cause, and restarts a dead session behind the live port', async () => {
    next.push({
      ok: false,
      checkedAt: new Date().toISOString(),
      latencyMs: 3,
      error: { code: 'SESSION_DEAD', message: 'The connection was reset behind the port.' },
    });
    const tunnel = await world!.manager.create({ ...ORDERS, lazy: false });
    await waitFor(() => (world!.manager.get(tunnel.id)?.stats.restarts ?? 0) === 1, 10_000, 'a restart');
    await waitFor(() => stateOf(tunnel.id) === 'healthy', 10_000, 'healthy after the restart');
    const after = world!.manager.get(tunnel.id)!;
    expect(after.sessionId).not.toBe(tunnel.sessionId);
    expect(probed.length).toBeGreaterThanOrEqual(2);
    expect(await roundTrip(tunnel.localPort, 'alive')).toBe('alive');
  });

  it('check now re-probes on demand; stop unwatches', async () => {
    const tunnel = await world!.manager.create({ ...ORDERS, lazy: false });
    await waitFor(() => stateOf(tunnel.id) === 'healthy', 10_000, 'healthy');
    next.push({
      ok: false,
      checkedAt: new Date().toISOString(),
      latencyMs: 3,
      error: { code: 'DESTINATION_UNREACHABLE', message: 'The jump host cannot reach the database.' },
    });
    const checked = await world!.manager.checkNow(tunnel.id);
    expect(checked.state).toBe('unhealthy');
    expect(checked.health.error?.code).toBe('DESTINATION_UNREACHABLE');
    await world!.manager.stop(tunnel.id);
    expect(monitor!.current(tunnel.id)).toBeUndefined();
    expect(world!.manager.get(tunnel.id)?.health.status).toBe('unknown');
  });
});
