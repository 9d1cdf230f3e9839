// Direct paths on real loopback sockets: a TLS PostgreSQL reached without a tunnel and verified
// against its RDS-style name (mapped to 127.0.0.1 by the injected lookup), a port that never answers,
// a closed port, a tunnel's port that must not be touched, and a name that does not resolve.
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startTlsPostgres, type TlsPostgres } from '../../../e2e/fixtures/tls-postgres.js';
import { startSilentPort, type SilentPort } from '../../../testing/net/never-accepting-listener.js';
import { findDirectPath, type DirectPath, type DirectPathDeps, type LookupAddress } from './find-direct-path.js';
import { osRouteTo } from './route-info.js';

const WRONG_NAME = 'billing.cluster-zzz999.eu-west-1.rds.amazonaws.com';
const SILENT_NAME = 'silent.cluster-abc123.eu-west-1.rds.amazonaws.com';
const CLOSED_NAME = 'closed.cluster-abc123.eu-west-1.rds.amazonaws.com';

let postgres: TlsPostgres;
let silent: SilentPort;
let closedPort: number;
let names: Map<string, string>;
const lookups: string[] = [];

async function lookup(hostname: string): Promise<LookupAddress[]> {
  lookups.push(hostname);
  const address = names.get(hostname);
  if (!address) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
  return [{ address, family: 4 }];
}

function deps(extra: Partial<DirectPathDeps> = {}): DirectPathDeps {
  return { lookup, ca: [postgres.ca], connectTimeoutMs: 400, handshakeTimeoutMs: 10_000, ...extra };
}

function expectStatus<S extends DirectPath['status']>(path: DirectPath, status: S): Extract<DirectPath, { status: S }> {
  expect(path.status, path.message).toBe(status);
  return path as Extract<DirectPath, { status: S }>;
}

beforeAll(async () => {
  postgres = await startTlsPostgres();
  silent = await startSilentPort('127.0.0.1');
  closedPort = await freePort();
  names = new Map([
    [postgres.serverName, '127.0.0.1'],
    [WRONG_NAME, '127.0.0.1'],
    [SILENT_NAME, silent.host],
    [CLOSED_NAME, '127.0.0.1'],
  ]);
}, 120_000);

afterAll(async () => {
  await silent?.close();
  await postgres?.stop();
});

describe('findDirectPath on real sockets', () => {
  it('reaches a TLS PostgreSQL without a tunnel and verifies its certificate against the real name', async () => {
    const path = await findDirectPath(
      { engine: 'aurora-postgresql', host: postgres.serverName, port: postgres.port },
      deps({ routeTo: osRouteTo }),
    );
    const direct = expectStatus(path, 'direct');
    expect(direct.address).toBe('127.0.0.1');
    expect(direct.scope).toBe('loopback');
    expect(direct.handshake).toMatchObject({ ok: true, database: { protocol: 'postgres' } });
    expect(direct.handshake?.tls).toMatchObject({ verified: true, serverName: postgres.serverName });
    expect(direct.message).toContain(`TLS verified for ${postgres.serverName}`);
    if (process.platform === 'linux') expect(direct.route).toMatchObject({ interface: 'lo', vpnInterface: false });
  });

  it('still reports the path as direct when TLS fails, with the reason: unknown CA, or a name the certificate lacks', async () => {
    const untrusted = await findDirectPath(
      { engine: 'postgres', host: postgres.serverName, port: postgres.port },
      deps({ ca: [postgres.pki.otherCa.pem] }),
    );
    expect(expectStatus(untrusted, 'direct').handshake).toMatchObject({ ok: false, error: { code: 'TLS_UNKNOWN_CA' } });

    const wrongName = await findDirectPath({ engine: 'postgres', host: WRONG_NAME, port: postgres.port }, deps());
    expect(expectStatus(wrongName, 'direct').handshake).toMatchObject({ ok: false, error: { code: 'TLS_NAME_MISMATCH' } });
  });

  it('a port that never answers is blocked, and names the VPN that should carry it when one is known', async () => {
    const target = { engine: 'postgres', host: SILENT_NAME, port: silent.port };
    const unknown = expectStatus(await findDirectPath(target, deps()), 'blocked');
    expect(unknown).toMatchObject({ reason: 'timeout', address: silent.host, scope: 'loopback' });
    expect(unknown.via).toBeUndefined();
    expect(unknown.message).toContain('nothing answered');

    const known = expectStatus(
      await findDirectPath(target, deps({ knownNetworks: [{ cidr: '127.0.0.0/8', via: 'Client VPN "test"' }] })),
      'blocked',
    );
    expect(known.via).toBe('Client VPN "test"');
    expect(known.message).toContain('Client VPN "test" carries');
  });

  it('a closed port is blocked with a refusal, not a timeout', async () => {
    const path = expectStatus(await findDirectPath({ host: CLOSED_NAME, port: closedPort }, deps()), 'blocked');
    expect(path.reason).toBe('refused');
  });

  it('never connects to a port a Porthole tunnel holds', async () => {
    let connections = 0;
    const server: Server = createServer((socket) => {
      connections += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const held = (candidate: string, candidatePort: number): boolean => candidate === '127.0.0.1' && candidatePort === port;
      const skipped = await findDirectPath({ host: CLOSED_NAME, port }, deps({ isTunnelPort: held }));
      expect(expectStatus(skipped, 'skipped').address).toBe('127.0.0.1');
      const probed = await findDirectPath({ host: CLOSED_NAME, port }, deps());
      expectStatus(probed, 'direct');
      expect(connections).toBe(1);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('a name that does not resolve is unresolved; an address needs no lookup', async () => {
    const unresolved = expectStatus(await findDirectPath({ host: 'nowhere.invalid', port: 5432 }, deps()), 'unresolved');
    expect(unresolved.code).toBe('ENOTFOUND');
    const before = lookups.length;
    expectStatus(await findDirectPath({ host: '127.0.0.1', port: postgres.port }, deps()), 'direct');
    expect(lookups.length).toBe(before);
  });
});
