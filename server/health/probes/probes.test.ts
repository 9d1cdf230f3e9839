// Protocol probes against small stand-in servers on real loopback sockets: the failure shapes a
// tunnel produces (accept-then-close, reset, silence, nothing listening), TLS verdicts and parsing.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TLSSocket } from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, issueServerCert, type ServerCert, type TestPki } from '../../../e2e/fixtures/test-ca.js';
import { freePort } from '../../../e2e/fixtures/tls-postgres.js';
import type { ProbeTarget } from './contract.js';
import { CLIENT_SSL, parseGreeting, probeMysql, sslRequestPacket } from './mysql.js';
import { parseErrorFields, plaintextVerdict, probePostgres, sslRequest, startupMessage } from './postgres.js';
import { ProbeError } from './probe-error.js';
import { describeBanner, probeTcp } from './tcp.js';

interface StandIn {
  port: number;
  open(): number;
  close(): Promise<void>;
}

const servers: StandIn[] = [];

async function standIn(onConnection: (socket: Socket) => void): Promise<StandIn> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    onConnection(socket);
    // A silent stand-in still reads, so it notices when the probe hangs up.
    if (socket.listenerCount('data') === 0) socket.resume();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const handle: StandIn = {
    port: typeof address === 'object' && address ? address.port : 0,
    open: () => sockets.size,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  servers.push(handle);
  return handle;
}

async function until(condition: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function failure(promise: Promise<unknown>): Promise<ProbeError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ProbeError) return error;
    throw error;
  }
  throw new Error('the probe succeeded');
}

/** A PostgreSQL stand-in that answers the SSLRequest with `S` and serves TLS with `cert`. */
function postgresTls(cert: ServerCert, ca: string) {
  return (socket: Socket): void => {
    socket.once('data', (first: Buffer) => {
      if (!first.equals(sslRequest())) {
        socket.end(); // like a server that only speaks TLS here
        return;
      }
      socket.write('S');
      const secure = new TLSSocket(socket, { isServer: true, key: cert.keyPem, cert: `${cert.pem}${ca}` });
      secure.on('error', () => undefined);
    });
  };
}

function greetingPacket(version: string, capabilities: number): Buffer {
  const payload = Buffer.concat([
    Buffer.from([10]),
    Buffer.from(`${version}\0`, 'latin1'),
    Buffer.alloc(4), // connection id
    Buffer.alloc(8, 0x61), // auth data part 1
    Buffer.alloc(1),
    Buffer.from([capabilities & 0xff, (capabilities >> 8) & 0xff]),
    Buffer.from([33, 2, 0]),
    Buffer.from([(capabilities >> 16) & 0xff, (capabilities >> 24) & 0xff]),
    Buffer.alloc(11),
  ]);
  const header = Buffer.alloc(4);
  header.writeUIntLE(payload.length, 0, 3);
  return Buffer.concat([header, payload]);
}

let dir: string;
let pki: TestPki;
let expired: ServerCert;
const target = (port: number, overrides: Partial<ProbeTarget> = {}): ProbeTarget => ({
  host: '127.0.0.1',
  port,
  serverName: pki.rdsName,
  ca: [pki.ca.pem],
  timeoutMs: 5000,
  ...overrides,
});

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'porthole-probes-'));
  pki = await createTestPki(dir);
  expired = await issueServerCert(pki.ca, pki.rdsName, { expired: true });
});

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('failure shapes through a tunnel', () => {
  it.each([
    ['postgres', probePostgres],
    ['mysql', probeMysql],
    ['tcp', (t: ProbeTarget) => probeTcp(t, 5000)],
  ] as const)('%s: accepted then closed at once → DESTINATION_UNREACHABLE', async (_name, probe) => {
    const server = await standIn((socket) => socket.end());
    const error = await failure(probe(target(server.port)));
    expect(error.code).toBe('DESTINATION_UNREACHABLE');
    expect(error.hint).toMatch(/security group/);
  });

  it.each([
    ['postgres', probePostgres],
    ['mysql', probeMysql],
  ] as const)('%s: accepted, then silence → SESSION_DEAD within the timeout', async (_name, probe) => {
    const server = await standIn(() => undefined);
    const error = await failure(probe(target(server.port, { timeoutMs: 300 })));
    expect(error.code).toBe('SESSION_DEAD');
    expect(error.hint).toMatch(/reconnecting/);
    await until(() => server.open() === 0, 'the probe to close its socket');
  });

  it('postgres: accepted, then reset → SESSION_DEAD', async () => {
    const server = await standIn((socket) => socket.once('data', () => socket.resetAndDestroy()));
    const error = await failure(probePostgres(target(server.port)));
    expect(error.code).toBe('SESSION_DEAD');
    expect(error.message).toMatch(/ECONNRESET/);
  });

  it.each([
    ['postgres', probePostgres],
    ['mysql', probeMysql],
    ['tcp', probeTcp],
  ] as const)('%s: nothing listening → RELAY_DOWN', async (_name, probe) => {
    const port = await freePort();
    const error = await failure(probe(target(port)));
    expect(error.code).toBe('RELAY_DOWN');
    expect(error.message).toContain(`127.0.0.1:${port}`);
  });
});

describe('postgres probe', () => {
  it('verifies TLS and reports the certificate, closing every socket it opened', async () => {
    const server = await standIn(postgresTls(pki.server, pki.ca.pem));
    const result = await probePostgres(target(server.port));
    expect(result.database.protocol).toBe('postgres');
    expect(result.tls).toMatchObject({ verified: true, version: 'TLSv1.3', subject: pki.rdsName, issuer: 'Porthole Test CA' });
    // The plaintext check got a TLS stand-in's silence/garbage: unknown, not a guess.
    expect(result.tls?.acceptsPlaintext).toBeUndefined();
    await until(() => server.open() === 0, 'the probe to close its sockets');
  });

  it('an expired certificate → TLS_EXPIRED with the certificate summary', async () => {
    const server = await standIn(postgresTls(expired, pki.ca.pem));
    const error = await failure(probePostgres(target(server.port)));
    expect(error.code).toBe('TLS_EXPIRED');
    expect(error.tls?.verified).toBe(false);
    expect(error.tls?.subject).toBe(pki.rdsName);
    expect(new Date(error.tls?.validTo ?? '').getTime()).toBeLessThan(Date.now());
  });

  it('checks the name against an IP server name too (no SNI is sent for IPs)', async () => {
    const server = await standIn(postgresTls(pki.server, pki.ca.pem));
    const error = await failure(probePostgres(target(server.port, { serverName: '10.0.0.5' })));
    expect(error.code).toBe('TLS_NAME_MISMATCH');
    expect(error.message).toContain('expected 10.0.0.5');
  });

  it('a server that answers N → ok, TLS not offered', async () => {
    const server = await standIn((socket) => socket.once('data', () => socket.write('N')));
    const result = await probePostgres(target(server.port));
    expect(result.tls).toMatchObject({ verified: false, error: 'The server does not offer TLS.' });
  });

  it('a server that is not PostgreSQL → PROTOCOL_MISMATCH', async () => {
    const server = await standIn((socket) => socket.once('data', () => socket.write('HTTP/1.1 400 Bad Request\r\n\r\n')));
    const error = await failure(probePostgres(target(server.port)));
    expect(error.code).toBe('PROTOCOL_MISMATCH');
  });

  it('builds the SSLRequest and StartupMessage byte for byte', () => {
    expect(sslRequest().toString('hex')).toBe('0000000804d2162f');
    const startup = startupMessage('u', 'db');
    expect(startup.readInt32BE(0)).toBe(startup.length);
    expect(startup.readInt32BE(4)).toBe(196608);
    expect(startup.subarray(8).toString()).toBe('user\0u\0database\0db\0application_name\0porthole-health\0\0');
  });

  it('reads the plaintext verdict from the first answer', () => {
    const error = (fields: Record<string, string>): Buffer =>
      Buffer.concat([...Object.entries(fields).map(([k, v]) => Buffer.from(`${k}${v}\0`)), Buffer.from([0])]);
    expect(plaintextVerdict('R', Buffer.from([0, 0, 0, 10]))).toBe(true);
    const hba = error({ S: 'FATAL', C: '28000', M: 'no pg_hba.conf entry for host "127.0.0.1", user "x", database "y", no encryption' });
    expect(parseErrorFields(hba).C).toBe('28000');
    expect(plaintextVerdict('E', hba)).toBe(false);
    expect(
      plaintextVerdict('E', error({ C: '28000', M: 'no pg_hba.conf entry for host "1.2.3.4", user "x", database "y", SSL off' })),
    ).toBe(false);
    expect(plaintextVerdict('E', error({ C: '3D000', M: 'database "postgres" does not exist' }))).toBe(true);
    expect(plaintextVerdict('E', error({ C: '53300', M: 'sorry, too many clients already' }))).toBeUndefined();
    expect(plaintextVerdict('X', Buffer.alloc(0))).toBeUndefined();
  });
});

describe('mysql probe', () => {
  it('parses a greeting and its capability flags', () => {
    const greeting = parseGreeting(greetingPacket('8.0.35', CLIENT_SSL | 0x80000).subarray(4));
    expect(greeting).toMatchObject({ protocol: 10, serverVersion: '8.0.35' });
    expect(greeting.capabilities & CLIENT_SSL).toBe(CLIENT_SSL);
    expect(greeting.capabilities & 0x80000).toBe(0x80000);
    expect(parseGreeting(greetingPacket('5.5.5-10.11.6-MariaDB-log', 0).subarray(4)).serverVersion).toBe('10.11.6-MariaDB-log');
  });

  it('builds the 32-byte SSL request with CLIENT_SSL and sequence 1', () => {
    const packet = sslRequestPacket();
    expect(packet.length).toBe(36);
    expect(packet.readUIntLE(0, 3)).toBe(32);
    expect(packet[3]).toBe(1);
    expect(packet.readUInt32LE(4) & CLIENT_SSL).toBe(CLIENT_SSL);
  });

  it('a server without TLS → ok with its version, TLS not offered', async () => {
    const server = await standIn((socket) => socket.write(greetingPacket('8.0.35', 0x200)));
    const result = await probeMysql(target(server.port));
    expect(result.database).toEqual({ protocol: 'mysql', version: '8.0.35' });
    expect(result.tls).toMatchObject({ verified: false, error: 'The server does not offer TLS.' });
    await until(() => server.open() === 0, 'the probe to close its socket');
  });

  it('an error packet instead of a greeting → DATABASE_REFUSED with the server message', async () => {
    const message = Buffer.from("Host '10.0.0.5' is blocked because of many connection errors", 'utf8');
    const payload = Buffer.concat([Buffer.from([0xff, 0x69, 0x04]), message]);
    const header = Buffer.alloc(4);
    header.writeUIntLE(payload.length, 0, 3);
    const server = await standIn((socket) => socket.end(Buffer.concat([header, payload])));
    const error = await failure(probeMysql(target(server.port)));
    expect(error.code).toBe('DATABASE_REFUSED');
    expect(error.message).toContain('1129');
    expect(error.hint).toMatch(/FLUSH HOSTS/);
  });
});

describe('tcp probe', () => {
  it('reports the banner of a server that speaks first', async () => {
    const server = await standIn((socket) => socket.write('SSH-2.0-OpenSSH_9.6\r\n'));
    const result = await probeTcp(target(server.port), 5000); // generous: the machine may be busy
    expect(result.detail).toContain('SSH-2.0-OpenSSH_9.6');
  });

  it('accepts a server that waits for the client', async () => {
    const server = await standIn(() => undefined);
    const result = await probeTcp(target(server.port));
    expect(result.detail).toMatch(/waits for the client/);
    await until(() => server.open() === 0, 'the probe to close its socket');
  });

  it('describes only printable banners', () => {
    expect(describeBanner(Buffer.from('+OK ready\r\nmore'))).toBe('+OK ready');
    expect(describeBanner(Buffer.from([0, 1, 2, 3, 4, 5]))).toBeUndefined();
  });
});
