// The export routes inside the daemon's own app (guard, strict schemas, error shape), over real files.
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_CREDENTIALS, testTunnel } from '../../../testing/connect/fixtures.js';
import { authHeaders, testApp } from '../../../testing/http/test-app.js';
import { ConnectService } from '../../connect/connect-service.js';
import { ExportService } from '../../connect/exports/export-service.js';

let home: string;
let app: FastifyInstance;

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'porthole-export-routes-'));
  await mkdir(join(home, 'cfg'));
  await mkdir(join(home, '.local', 'share', 'DBeaverData', 'workspace6'), { recursive: true });
  const tunnels = [testTunnel()];
  const connect = new ConnectService({
    tunnels: { get: (id) => tunnels.find((t) => t.id === id) },
    aws: {
      credentials: () => async () => TEST_CREDENTIALS,
      secrets: () => {
        throw new Error('not used');
      },
    },
    trust: { bundlePath: join(home, 'cfg', 'rds-ca-bundle.pem') },
  });
  const exports = new ExportService({
    tunnels: { list: () => tunnels },
    connect,
    configDir: join(home, 'cfg'),
    platform: { platform: 'linux', env: {}, home },
  });
  ({ app } = await testApp({ services: { exports } }));
  await app.ready();
});
afterEach(async () => {
  await app.close();
  await rm(home, { recursive: true, force: true });
});

const post = (url: string, payload?: unknown, headers: Record<string, string> = authHeaders) =>
  app.inject({ method: 'POST', url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });

describe('export routes', () => {
  it('need the token', async () => {
    for (const url of ['/api/exports/dbeaver', '/api/exports/pgadmin', '/api/exports/pg-service']) {
      const res = await post(url, {}, { host: authHeaders.host });
      expect(res.statusCode, url).toBe(401);
    }
    expect((await app.inject({ method: 'GET', url: '/api/exports', headers: { host: authHeaders.host } })).statusCode).toBe(401);
    await expect(readFile(join(home, '.pg_service.conf'))).rejects.toThrow(/ENOENT/);
  });

  it('tell where each export goes', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/exports', headers: authHeaders });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      dbeaver: { workspace: join(home, '.local', 'share', 'DBeaverData', 'workspace6'), candidates: expect.any(Array) },
      pgadmin: { folder: join(home, 'cfg'), file: join(home, 'cfg', 'pgadmin-servers.json') },
      pgService: { path: join(home, '.pg_service.conf'), exists: false },
    });
  });

  it('write each file, with or without a body', async () => {
    const dbeaver = await post('/api/exports/dbeaver');
    expect(dbeaver.statusCode).toBe(200);
    expect(dbeaver.json()).toMatchObject({ client: 'dbeaver', written: [{ tunnelId: 'tun-1', entry: 'porthole-tun-1' }], skipped: [] });
    expect((await post('/api/exports/pgadmin', {})).json()).toMatchObject({
      client: 'pgadmin',
      path: join(home, 'cfg', 'pgadmin-servers.json'),
    });
    const service = await post('/api/exports/pg-service', {});
    expect(service.json()).toMatchObject({
      client: 'pg-service',
      written: [{ entry: 'prod-orders' }],
      next: 'Connect with: psql service=prod-orders',
    });
    expect(await readFile(join(home, '.pg_service.conf'), 'utf8')).toMatch(/\[prod-orders\]/);
  });

  it('refuse unknown fields, a file name, a relative or missing folder, and control characters, naming the field', async () => {
    const cases: Array<[string, unknown, string]> = [
      ['/api/exports/dbeaver', { workspace: join(home, 'x'), file: '/etc/passwd' }, 'file'],
      ['/api/exports/dbeaver', { workspace: 'relative' }, 'workspace'],
      ['/api/exports/dbeaver', { workspace: join(home, 'missing') }, 'workspace'],
      ['/api/exports/dbeaver', { workspace: `${home}/a\nb` }, 'workspace'],
      ['/api/exports/dbeaver', { workspace: 42 }, 'workspace'],
      ['/api/exports/pgadmin', { folder: '../..' }, 'folder'],
      ['/api/exports/pg-service', { path: '/etc/passwd' }, 'path'],
    ];
    for (const [url, body, field] of cases) {
      const res = await post(url, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error, JSON.stringify(body)).toMatchObject({ field });
    }
  });
});
