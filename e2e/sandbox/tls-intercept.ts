// For AWS CLIs that cannot be pointed anywhere (v2 before 2.13 ignores AWS_ENDPOINT_URL, and its SSO
// clients have no --endpoint-url): an HTTPS proxy on 127.0.0.1 that answers CONNECT for a fixed list of AWS
// host names by terminating TLS with a throwaway test CA and piping the plain HTTP to the sandbox. Any
// other host is refused: nothing is ever dialled but the sandbox. Test kit only (HTTPS_PROXY + AWS_CA_BUNDLE).
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { TLSSocket } from 'node:tls';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TlsInterceptor {
  /** http://127.0.0.1:<port>, for HTTPS_PROXY. */
  proxyUrl: string;
  /** The test CA's certificate, for AWS_CA_BUNDLE. */
  caFile: string;
  /** host:port of every CONNECT, in order (refused ones too). */
  connects: string[];
  close(): Promise<void>;
}

/** A CA and one leaf certificate for `hosts` (EC P-256, valid one day), made with the openssl CLI in `dir`. */
async function makeCerts(dir: string, hosts: string[]): Promise<{ key: Buffer; cert: Buffer; caFile: string }> {
  const f = (name: string): string => join(dir, name);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  await run('openssl', [
    'req',
    '-x509',
    ...ec,
    '-keyout',
    f('ca.key'),
    '-out',
    f('ca.pem'),
    '-days',
    '1',
    '-subj',
    '/CN=Porthole sandbox test CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  await run('openssl', ['req', ...ec, '-keyout', f('leaf.key'), '-out', f('leaf.csr'), '-subj', '/CN=sandbox']);
  await writeFile(
    f('leaf.ext'),
    `basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=${hosts.map((h) => `DNS:${h}`).join(',')}\n`,
  );
  await run('openssl', [
    'x509',
    '-req',
    '-in',
    f('leaf.csr'),
    '-CA',
    f('ca.pem'),
    '-CAkey',
    f('ca.key'),
    '-CAcreateserial',
    '-out',
    f('leaf.pem'),
    '-days',
    '1',
    '-extfile',
    f('leaf.ext'),
  ]);
  return { key: await readFile(f('leaf.key')), cert: await readFile(f('leaf.pem')), caFile: f('ca.pem') };
}

export async function startTlsInterceptor(sandboxPort: number, hosts: string[], dir: string): Promise<TlsInterceptor> {
  const { key, cert, caFile } = await makeCerts(dir, hosts);
  const connects: string[] = [];
  const open = new Set<Socket>();
  const server = createServer((_req, res) => {
    res.writeHead(405).end();
  });
  server.on('connect', (req, client: Socket, head: Buffer) => {
    const target = req.url ?? '';
    connects.push(target);
    const [host, port] = target.split(':');
    if (!host || !hosts.includes(host) || port !== '443') {
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (head.length > 0) client.unshift(head);
    const tls = new TLSSocket(client, { isServer: true, key, cert });
    const upstream = connect(sandboxPort, '127.0.0.1');
    for (const s of [client, tls, upstream]) {
      open.add(s);
      s.on('close', () => open.delete(s));
      s.on('error', () => {
        tls.destroy();
        upstream.destroy();
      });
    }
    tls.pipe(upstream).pipe(tls);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    proxyUrl: `http://127.0.0.1:${port}`,
    caFile,
    connects,
    close: async () => {
      for (const s of open) s.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
