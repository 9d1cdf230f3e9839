// Test helpers for the connect room: a tunnel record and a Secrets Manager stand-in on 127.0.0.1.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Tunnel, TunnelTargetRef } from '../../shared/api.js';

export const RDS_HOST = 'db1.abc123.eu-west-1.rds.amazonaws.com';
export const TEST_CREDENTIALS = { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret-key' };

export function testTunnel(target: Partial<TunnelTargetRef> = {}, overrides: Partial<Tunnel> = {}): Tunnel {
  return {
    id: 'tun-1',
    name: 'Prod orders',
    profile: 'prod',
    region: 'eu-west-1',
    target: { host: RDS_HOST, port: 5432, name: 'orders-db', engine: 'aurora-postgresql', masterUsername: 'master', ...target },
    jumpHostId: 'i-0123456789abcdef0',
    localPort: 15432,
    lazy: false,
    autoStart: false,
    state: 'healthy',
    since: '2026-11-22T12:00:00.000Z',
    stats: { activeConnections: 0, totalConnections: 0, bytesIn: 0, bytesOut: 0, restarts: 0, destinationFailures: 0 },
    health: { status: 'unknown', layers: [] },
    ...overrides,
  };
}

export interface FakeSecrets {
  url: string;
  /** `X-Amz-Target` and JSON body of every request, in order. */
  requests: Array<{ target: string | undefined; body: Record<string, unknown> }>;
  client(region?: string): SecretsManagerClient;
  close(): Promise<void>;
}

type Reply = { status: number; body: unknown };

/** Speaks Secrets Manager's JSON 1.1 protocol for GetSecretValue; `answer` decides each reply. */
export async function startFakeSecrets(answer: (secretId: string) => Reply): Promise<FakeSecrets> {
  const requests: FakeSecrets['requests'] = [];
  const clients: SecretsManagerClient[] = [];
  const server: Server = createServer((req, res) => {
    void readBody(req).then((text) => {
      const body = JSON.parse(text || '{}') as Record<string, unknown>;
      requests.push({ target: req.headers['x-amz-target'] as string | undefined, body });
      const reply = answer(String(body.SecretId));
      res.writeHead(reply.status, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    client(region = 'eu-west-1') {
      const client = new SecretsManagerClient({ region, endpoint: url, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
      clients.push(client);
      return client;
    },
    async close() {
      for (const c of clients) c.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
