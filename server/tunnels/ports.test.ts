import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { bindOnFreePort, isPortFree, resolveLocalPort } from './ports.js';

const servers: net.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

function listen(port = 0): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    servers.push(server);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port));
  });
}

const none = new Set<number>();

describe('resolveLocalPort (with a fake "free" check)', () => {
  const freeExcept = (busy: number[]) => async (port: number) => !busy.includes(port);

  it("keeps the user's choice, busy or not", async () => {
    expect(
      await resolveLocalPort({
        requested: 6000,
        lastPort: 7000,
        engine: 'postgres',
        targetPort: 5432,
        reserved: none,
        isFree: freeExcept([6000]),
      }),
    ).toBe(6000);
  });

  it('prefers the port this target used last time', async () => {
    expect(await resolveLocalPort({ lastPort: 7000, engine: 'postgres', targetPort: 5432, reserved: none, isFree: freeExcept([]) })).toBe(
      7000,
    );
  });

  it('falls back to the engine default when the last port is taken', async () => {
    expect(await resolveLocalPort({ lastPort: 7000, engine: 'mysql', targetPort: 3306, reserved: none, isFree: freeExcept([7000]) })).toBe(
      3306,
    );
  });

  it('takes the next free port near the default, skipping ports other tunnels hold', async () => {
    expect(
      await resolveLocalPort({ engine: 'postgres', targetPort: 5432, reserved: new Set([5433]), isFree: freeExcept([5432, 5434]) }),
    ).toBe(5435);
  });

  it('uses the destination port for engines it does not know', async () => {
    expect(await resolveLocalPort({ targetPort: 8182, reserved: none, isFree: freeExcept([]) })).toBe(8182);
  });

  it('asks the system when nothing near the default is free', async () => {
    const port = await resolveLocalPort({ engine: 'postgres', targetPort: 5432, reserved: none, isFree: async () => false, searchSpan: 3 });
    expect(port).toBeGreaterThan(0);
  });
});

describe('isPortFree (real sockets)', () => {
  it('tells a listening port from a free one', async () => {
    const busy = await listen();
    expect(await isPortFree(busy)).toBe(false);
    await new Promise((resolve) => servers.pop()?.close(resolve));
    expect(await isPortFree(busy)).toBe(true);
  });
});

describe('bindOnFreePort', () => {
  const portInUse = (port: number) => Object.assign(new Error(`port ${port} is in use`), { code: 'PORT_IN_USE' });
  const everyPortLooksFree = async () => true;

  it('moves an automatic port on when another program took it between the check and the bind', async () => {
    const tried: number[] = [];
    const bound = await bindOnFreePort(
      { engine: 'postgres', targetPort: 5432, reserved: none, isFree: everyPortLooksFree },
      async (port) => {
        tried.push(port);
        if (port < 5434) throw portInUse(port);
        return `bound ${port}`;
      },
    );
    expect(bound).toBe('bound 5434');
    expect(tried).toEqual([5432, 5433, 5434]);
  });

  it("never moves the user's own port: its PORT_IN_USE goes to the caller after one try", async () => {
    const tried: number[] = [];
    const binding = bindOnFreePort({ requested: 6000, targetPort: 5432, reserved: none, isFree: everyPortLooksFree }, async (port) => {
      tried.push(port);
      throw portInUse(port);
    });
    await expect(binding).rejects.toMatchObject({ code: 'PORT_IN_USE' });
    expect(tried).toEqual([6000]);
  });

  it('passes any other failure on at once, and gives up after its retries', async () => {
    let calls = 0;
    const other = bindOnFreePort({ targetPort: 5432, reserved: none, isFree: everyPortLooksFree }, async () => {
      calls++;
      throw Object.assign(new Error('denied'), { code: 'ACCESS_DENIED' });
    });
    await expect(other).rejects.toMatchObject({ code: 'ACCESS_DENIED' });
    expect(calls).toBe(1);

    const tried: number[] = [];
    const busy = bindOnFreePort(
      { targetPort: 5432, reserved: none, isFree: everyPortLooksFree },
      async (port) => {
        tried.push(port);
        throw portInUse(port);
      },
      2,
    );
    await expect(busy).rejects.toMatchObject({ code: 'PORT_IN_USE' });
    expect(tried).toEqual([5432, 5433, 5434]);
  });
});
