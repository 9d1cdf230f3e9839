// The daemon as a hostile local client meets it: the real composition root (every route, the real guard)
// in this process on a free port, with a temp config folder holding a saved tunnel and settings worth
// stealing or losing, and AWS files that point at a closed port (nothing can reach AWS). Requests go out
// as raw bytes, so every spelling of a request line reaches the server exactly as written.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RegisteredRoute } from '../../server/app.js';
import { startDaemon } from '../../server/daemon.js';
import { ephemeralPort } from '../../server/tunnels/ports.js';
import { writeAwsEnv } from '../fixtures/aws-env.js';

export const SAVED_TUNNEL_ID = 't-00c0ffee00';

export interface HostileTarget {
  port: number;
  host: string;
  token: string;
  configDir: string;
  routes: RegisteredRoute[];
  /** config.json as it is now, byte for byte. */
  configText(): Promise<string>;
  close(): Promise<void>;
}

export interface RawAnswer {
  status: number;
  headers: string;
  body: string;
}

export async function startHostileTarget(): Promise<HostileTarget> {
  const dir = await mkdtemp(join(tmpdir(), 'porthole-hostile-'));
  const configDir = join(dir, 'config');
  const aws = await writeAwsEnv({
    parentDir: dir,
    profiles: [{ name: 'dev', kind: 'static', accessKeyId: 'AKIDDEV', region: 'eu-west-1' }],
    endpointUrl: 'http://127.0.0.1:9',
  });
  await mkdir(configDir, { recursive: true, mode: 0o700 });
  await writeFile(join(configDir, 'config.json'), await seededConfig(), { mode: 0o600 });

  const daemon = await startDaemon(
    { command: 'start', host: '127.0.0.1', port: 0, configDir, open: false, logLevel: 'silent', unsafeListenAny: false },
    { ...aws.env, PATH: '/nonexistent', PORTHOLE_CA_BUNDLE: '' },
  );
  const port = Number(new URL(daemon.url).port);
  return {
    port,
    host: `127.0.0.1:${port}`,
    token: (await readFile(join(configDir, 'token'), 'utf8')).trim(),
    configDir,
    routes: daemon.app.registeredRoutes(),
    configText: () => readFile(join(configDir, 'config.json'), 'utf8'),
    close: async () => {
      await daemon.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function seededConfig(): Promise<string> {
  const tunnel = {
    id: SAVED_TUNNEL_ID,
    name: 'orders',
    profile: 'dev',
    region: 'eu-west-1',
    target: {
      id: 'dev:eu-west-1:instance:orders',
      host: 'orders.abc.eu-west-1.rds.amazonaws.com',
      port: 5432,
      name: 'orders',
      engine: 'postgres',
    },
    jumpHostId: 'i-0123456789abcdef0',
    localPort: await ephemeralPort(),
    lazy: true,
    autoStart: false,
  };
  const settings = { regions: { dev: ['eu-west-1'] }, idleMinutes: 15, probeIntervalMinutes: 10, caBundlePaths: [], lastPorts: {} };
  return `${JSON.stringify({ version: 1, tunnels: [tunnel], settings }, null, 2)}\n`;
}

/** Sends `head` (request line and headers, CRLF-separated, no final blank line) and an optional body. */
export function rawRequest(port: number, head: string, body = '', timeoutMs = 10_000): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer in ${timeoutMs} ms to ${head.split('\r\n')[0]}`));
    }, timeoutMs);
    // write, not end: a half-closed socket makes Node abort the request before a slow handler answers.
    socket.on('connect', () => socket.write(`${head}\r\nConnection: close\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`));
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      // An interim "100 Continue" (the client sent Expect) comes before the real answer.
      const text = Buffer.concat(chunks)
        .toString('latin1')
        .replace(/^HTTP\/1\.1 100 [^\r]*\r\n\r\n/, '');
      const split = text.indexOf('\r\n\r\n');
      const headers = split === -1 ? text : text.slice(0, split);
      // A HEAD answer has no body: anything after it answers whatever else the socket carried.
      const raw = split === -1 || head.startsWith('HEAD ') ? '' : text.slice(split + 4);
      const body = /\r\ntransfer-encoding: *chunked/i.test(headers) ? dechunk(raw) : raw;
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), headers, body });
    });
  });
}

/** A route pattern with its parameters filled in: the saved tunnel's id, the configured profile. */
export function concretePath(url: string): string {
  return url
    .replace(/:id\b/g, SAVED_TUNNEL_ID)
    .replace(/:name\b/g, 'dev')
    .replace(/\*/g, 'x');
}

/** The payload of a chunked body (RFC 9112 §7.1), trailers ignored. */
function dechunk(raw: string): string {
  let out = '';
  let at = 0;
  for (let guard = 0; guard < 100_000 && at < raw.length; guard += 1) {
    const lineEnd = raw.indexOf('\r\n', at);
    if (lineEnd === -1) break;
    const size = parseInt(raw.slice(at, lineEnd), 16);
    if (!Number.isFinite(size) || size === 0) break;
    out += raw.slice(lineEnd + 2, lineEnd + 2 + size);
    at = lineEnd + 2 + size + 2;
  }
  return out;
}
