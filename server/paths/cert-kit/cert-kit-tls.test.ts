// End to end on real loopback sockets: a Node TLS server that demands client certificates from the
// kit's CA and enforces the kit's CRL, the way a Client VPN endpoint does. A valid client gets in; a
// revoked one and one from another CA are refused before the server's handler runs. A twin server that
// lets every handshake finish shows OpenSSL's reason (Node's rejectUnauthorized only hangs up).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, createServer, type Server } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CertKit, type IssuedFiles } from './cert-kit.js';

const SERVER_NAME = 'vpn.porthole.test';

let root: string;
let kit: CertKit;
let alice: IssuedFiles;
let bob: IssuedFiles;
let stranger: IssuedFiles;
/** Refuses unauthorized clients itself, as a Client VPN endpoint does. */
let enforcing: Listening;
/** Lets every handshake finish so the test can read OpenSSL's verdict (authorizationError). */
let auditing: Listening;
/** The auditing server's verdict per client, in order. */
const verdicts: string[] = [];

interface Listening {
  server: Server;
  port: number;
}

async function listen(rejectUnauthorized: boolean, serverCert: IssuedFiles): Promise<Listening> {
  const server = createServer({
    cert: await readFile(serverCert.certPath, 'utf8'),
    key: await readFile(serverCert.keyPath, 'utf8'),
    ca: await readFile(kit.caPath, 'utf8'),
    crl: await readFile(kit.crlPath, 'utf8'),
    requestCert: true,
    rejectUnauthorized,
  });
  server.on('secureConnection', (socket) => {
    socket.on('error', () => undefined);
    if (!rejectUnauthorized) verdicts.push(socket.authorized ? 'authorized' : String(socket.authorizationError));
    if (socket.authorized) socket.end('welcome\n');
    else socket.destroy();
  });
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return { server, port: typeof address === 'object' && address ? address.port : 0 };
}

/** Connects with a client certificate (or none); true when the server greeted us. */
async function greeted(target: Listening, client: IssuedFiles | undefined): Promise<boolean> {
  const ca = await readFile(kit.caPath, 'utf8');
  const credentials = client ? { cert: await readFile(client.certPath, 'utf8'), key: await readFile(client.keyPath, 'utf8') } : {};
  return new Promise((resolve) => {
    let data = '';
    const socket = connect({ host: '127.0.0.1', port: target.port, servername: SERVER_NAME, ca, ...credentials });
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      data += chunk;
      if (data.includes('\n')) socket.end();
    });
    // A refusal shows as a reset or an alert, or (TLS 1.3) as a close after the client's side of the handshake.
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(data === 'welcome\n'));
  });
}

async function verdictFor(client: IssuedFiles | undefined): Promise<string | undefined> {
  const before = verdicts.length;
  await greeted(auditing, client);
  return verdicts[before];
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'porthole-kit-tls-'));
  kit = await CertKit.create(join(root, 'kit'));
  const vpn = await kit.issueServer(SERVER_NAME);
  alice = await kit.issueClient('alice');
  bob = await kit.issueClient('bob');
  await kit.revokeClient('bob');
  stranger = await (await CertKit.create(join(root, 'other'))).issueClient('alice');
  enforcing = await listen(true, vpn);
  auditing = await listen(false, vpn);
}, 60_000);

afterAll(async () => {
  for (const { server } of [enforcing, auditing]) await new Promise<void>((resolve) => server.close(() => resolve()));
  await rm(root, { recursive: true, force: true });
});

describe('a TLS server built from the kit', () => {
  it('lets a valid client in', async () => {
    expect(await greeted(enforcing, alice)).toBe(true);
    expect(await verdictFor(alice)).toBe('authorized');
  });

  it('refuses the revoked client: OpenSSL finds it in the CRL', async () => {
    expect(await greeted(enforcing, bob)).toBe(false);
    expect(await verdictFor(bob)).toBe('CERT_REVOKED');
  });

  it('refuses a client certificate from another CA', async () => {
    expect(await greeted(enforcing, stranger)).toBe(false);
    expect(await verdictFor(stranger)).toMatch(/^UNABLE_TO_(GET_ISSUER_CERT|VERIFY_LEAF_SIGNATURE)/);
  });

  it('refuses a client without a certificate', async () => {
    expect(await greeted(enforcing, undefined)).toBe(false);
  });
});
