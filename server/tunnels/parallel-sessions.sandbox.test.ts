// Parallel sessions (issue 17) end to end: TunnelManager with the AWS sandbox, the stand-in plugin (real child
// processes, one per session) and an echo server behind the RDS name. Counts and states only; the throughput is in
// `npm run bench`.
import type net from 'node:net';
import { rm } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Tunnel } from '../../shared/api.js';
import { echoServer, openConnection, roundTrip, waitFor, type EchoServer } from '../../testing/tunnels/helpers.js';
import { makeManager, ORDERS, startSandboxRig, tempDir, type SandboxRig, type World } from '../../testing/tunnels/sandbox-world.js';

let rig: SandboxRig;
let echo: EchoServer;
let world: World;
let configDir: string;
const clients: net.Socket[] = [];

beforeAll(async () => {
  echo = await echoServer();
  rig = await startSandboxRig(echo.port);
  configDir = await tempDir('porthole-parallel-');
  world = await makeManager({ env: rig.files.env, configDir });
});
afterEach(() => {
  for (const client of clients.splice(0)) client.destroy();
});
afterAll(async () => {
  await world.close();
  await echo.close();
  await rig.close();
  await rm(configDir, { recursive: true, force: true });
});

const get = (id: string): Tunnel => world.manager.get(id)!;
const starts = () => rig.sandbox.calls({ service: 'ssm', op: 'StartSession' }).length;
const session = (id: string) => rig.sandbox.sessions().find((record) => record.sessionId === id);

async function reach(id: string, wanted: (tunnel: Tunnel) => boolean, what: string): Promise<Tunnel> {
  await waitFor(() => wanted(get(id)), 20_000, `${what} (is ${get(id).state}: ${JSON.stringify(get(id).parallel)})`);
  return get(id);
}

/** The plugin ports the tunnel's log names ("Port N opened"), one per session. */
function pluginPorts(id: string): Set<number> {
  return new Set(
    world.manager
      .logs(id)
      .flatMap((entry) => /Port (\d+) opened for sessionId/.exec(entry.line)?.[1] ?? [])
      .map(Number),
  );
}

describe('a tunnel with parallel sessions (issue 17)', () => {
  it('starts N sessions, spreads clients over their plugins, brings a killed one back alone, and stops them all', async () => {
    rig.sandbox.clearCalls();
    const created = await world.manager.create({ ...ORDERS, lazy: false, parallelSessions: 3 });
    expect(world.config.get().tunnels.find((spec) => spec.id === created.id)?.parallelSessions).toBe(3);
    let tunnel = await reach(created.id, (t) => t.parallel?.open === 3, 'three sessions open');
    expect(starts()).toBe(3);
    const ids = tunnel.parallel!.sessionIds;
    expect(new Set(ids).size).toBe(3);
    expect(ids[0]).toBe(tunnel.sessionId);
    expect(pluginPorts(created.id).size).toBe(3);

    // Six clients that stay: two through each session's plugin.
    for (let index = 0; index < 6; index++) {
      const { socket } = await openConnection(tunnel.localPort);
      clients.push(socket);
    }
    await waitFor(() => ids.reduce((sum, sid) => sum + (session(sid)?.connections ?? 0), 0) === 6, 10_000, 'six forwarded connections');
    expect(ids.map((sid) => session(sid)?.connections)).toEqual([2, 2, 2]);

    // SIGKILL the second session's plugin: that session alone is replaced, the others keep running.
    const victim = ids[1]!;
    const pid = session(victim)?.attaches[0]?.pid;
    expect(pid).toBeTypeOf('number');
    process.kill(pid!, 'SIGKILL');
    tunnel = await reach(
      created.id,
      (t) => t.parallel?.open === 3 && !t.parallel.sessionIds.includes(victim),
      'the killed session replaced',
    );
    expect(starts()).toBe(4);
    expect(tunnel.state).toMatch(/^(open|healthy|unhealthy)$/);
    expect(tunnel.sessionId).toBe(ids[0]);
    expect(tunnel.parallel!.sessionIds).toEqual(expect.arrayContaining([ids[0], ids[2]]));
    expect(tunnel.stats.restarts).toBe(1);
    expect(session(ids[0]!)?.state).toBe('active');
    expect(session(ids[2]!)?.state).toBe('active');
    expect(await roundTrip(tunnel.localPort, 'after the kill')).toBe('after the kill');

    // Stop ends every session on the service side too.
    const open = tunnel.parallel!.sessionIds;
    await world.manager.stop(created.id);
    await waitFor(() => open.every((sid) => session(sid)?.state === 'terminated'), 10_000, 'every session terminated');
    expect(open.map((sid) => session(sid)?.endedBy)).toEqual(open.map(() => expect.stringMatching(/^(api|plugin-sigint)$/)));
    expect(get(created.id).parallel).toEqual({ wanted: 3, open: 0, sessionIds: [] });
    await world.manager.remove(created.id);
  });

  it('adds sessions to an open tunnel when the setting is raised, and one session stays one', async () => {
    rig.sandbox.clearCalls();
    const created = await world.manager.create({ ...ORDERS, lazy: false });
    await reach(created.id, (t) => t.state === 'open', 'open');
    expect(get(created.id).parallel).toBeUndefined();
    expect(starts()).toBe(1);
    await world.manager.update(created.id, { parallelSessions: 2 });
    await reach(created.id, (t) => t.parallel?.open === 2, 'two sessions open');
    expect(starts()).toBe(2);
    expect(world.config.get().tunnels.find((spec) => spec.id === created.id)?.parallelSessions).toBe(2);
    await world.manager.update(created.id, { parallelSessions: 1 });
    await reach(created.id, (t) => t.parallel === undefined && t.state === 'open', 'one session again');
    expect(world.config.get().tunnels.find((spec) => spec.id === created.id)?.parallelSessions).toBeUndefined();
    await world.manager.remove(created.id);
  });
});
