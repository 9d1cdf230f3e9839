import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CreateTunnelRequest, Tunnel, UpdateTunnelRequest } from '../../../shared/api.js';
import { ProfileService } from '../../aws/profile-service.js';
import { tempAwsFiles, type TempAwsFiles } from '../../../testing/aws/aws-files.js';
import { ConfigStore } from '../../config/store.js';
import { PortholeError } from '../../errors.js';
import type { TunnelManager } from '../../tunnels/manager.js';
import { authHeaders, testApp } from '../../../testing/http/test-app.js';
import type { TunnelRouteDeps } from './tunnels.js';

// Routes through the daemon's own app (its guard, validation and error handler) with a fake manager and a
// real profile list: shapes, status codes and validation.

function tunnel(id: string, state: Tunnel['state'] = 'open'): Tunnel {
  return {
    id,
    name: 'orders',
    profile: 'dev',
    region: 'us-east-1',
    target: { host: 'db.internal', port: 5432, name: 'orders' },
    jumpHostId: 'i-0123456789abcdef0',
    localPort: 5432,
    lazy: true,
    autoStart: true,
    state,
    since: '2026-11-22T12:00:00.000Z',
    stats: { activeConnections: 0, totalConnections: 0, bytesIn: 0, bytesOut: 0, restarts: 0, destinationFailures: 0 },
    health: { status: 'unknown', layers: [] },
  };
}

const notFound = (id: string) => new PortholeError('TUNNEL_NOT_FOUND', `No tunnel ${id}.`, { status: 404 });

let app: FastifyInstance | undefined;
let files: TempAwsFiles;
let profiles: ProfileService;
let calls: string[];
let created: CreateTunnelRequest[];
let updates: UpdateTunnelRequest[];
beforeAll(async () => {
  // Profiles come from real AWS files; no AWS call is made by listing them.
  files = await tempAwsFiles('http://127.0.0.1:9', { dev: 'AKIDDEV' });
  const config = await ConfigStore.open(files.dir + '/porthole');
  profiles = new ProfileService({ aws: files.clients(), config, env: files.env });
});
afterAll(async () => {
  await files.cleanup();
});
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function build(): Promise<{ inject: (options: InjectOptions) => Promise<LightMyRequestResponse> }> {
  calls = [];
  created = [];
  updates = [];
  const known = (id: string) => {
    if (id !== 't-1') throw notFound(id);
    return tunnel(id);
  };
  const fake: TunnelRouteDeps['tunnels'] = {
    list: () => [tunnel('t-1')],
    create: async (request) => {
      created.push(request);
      if (request.localPort === 1234)
        throw new PortholeError('PORT_IN_USE', 'Local port 1234 is already in use on 127.0.0.1.', { status: 409, hint: 'free it' });
      return tunnel('t-2', 'starting');
    },
    update: async (id, patch) => (updates.push(patch), { ...known(id), ...patch }),
    start: async (id) => (calls.push(`start ${id}`), known(id)),
    stop: async (id) => (calls.push(`stop ${id}`), { ...known(id), state: 'stopped' }),
    restart: async (id) => (calls.push(`restart ${id}`), known(id)),
    checkNow: async (id) => (calls.push(`check ${id}`), known(id)),
    startAll: async () => (calls.push('start-all'), [tunnel('t-1')]),
    stopAll: async () => (calls.push('stop-all'), [tunnel('t-1', 'stopped')]),
    remove: async (id) => {
      calls.push(`remove ${id}`);
      known(id);
    },
    logs: (id) => (known(id), [{ at: '2026-11-22T12:00:00.000Z', source: 'plugin', line: 'Waiting for connections...' }]),
  };
  ({ app } = await testApp({ services: { tunnels: fake as TunnelManager, profiles } }));
  const built = app;
  return { inject: (options) => built.inject({ ...options, headers: { ...authHeaders, ...options.headers } }) };
}

describe('tunnel routes', () => {
  it('lists tunnels', async () => {
    const res = await (await build()).inject({ method: 'GET', url: '/api/tunnels' });
    expect(res.statusCode).toBe(200);
    expect(res.json().tunnels.map((t: Tunnel) => t.id)).toEqual(['t-1']);
  });

  it('creates from a discovered target with 201', async () => {
    const res = await (
      await build()
    ).inject({
      method: 'POST',
      url: '/api/tunnels',
      payload: { profile: 'dev', region: 'us-east-1', target: { id: 'dev:us-east-1:instance:orders' }, localPort: 6543 },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ id: 't-2', state: 'starting' });
    expect(created).toEqual([{ profile: 'dev', region: 'us-east-1', target: { id: 'dev:us-east-1:instance:orders' }, localPort: 6543 }]);
  });

  it('creates from a custom host, port and name', async () => {
    const res = await (
      await build()
    ).inject({
      method: 'POST',
      url: '/api/tunnels',
      payload: {
        profile: 'dev',
        region: 'us-east-1',
        target: { host: 'db.internal', port: 5432, name: 'custom', engine: 'postgres' },
        jumpHostId: 'i-0123456789abcdef0',
        lazy: false,
      },
    });
    expect(res.statusCode).toBe(201);
    expect(created[0]?.target).toEqual({ host: 'db.internal', port: 5432, name: 'custom', engine: 'postgres' });
  });

  it.each([
    ['no target', { profile: 'dev', region: 'us-east-1' }],
    ['a half custom target', { profile: 'dev', region: 'us-east-1', target: { host: 'db.internal' } }],
    ['both forms at once', { profile: 'dev', region: 'us-east-1', target: { id: 'x', host: 'h', port: 1, name: 'n' } }],
    ['a port out of range', { profile: 'dev', region: 'us-east-1', target: { id: 'x' }, localPort: 70000 }],
    ['a host with spaces', { profile: 'dev', region: 'us-east-1', target: { host: 'a b', port: 1, name: 'n' }, jumpHostId: 'i-1' }],
  ])('rejects %s with 400 VALIDATION_FAILED', async (_, payload) => {
    const res = await (await build()).inject({ method: 'POST', url: '/api/tunnels', payload });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    expect(created).toEqual([]);
  });

  const base = { profile: 'dev', region: 'us-east-1', target: { id: 'dev:us-east-1:instance:orders' } };
  it.each([
    ['jumpHostId', 'a path', { ...base, jumpHostId: '../../etc/passwd' }],
    ['jumpHostId', 'an instance id with upper case', { ...base, jumpHostId: 'i-0123456789ABCDEF0' }],
    ['profile', 'a path as profile', { ...base, profile: '../../etc' }],
    ['profile', 'a profile nobody configured', { ...base, profile: 'prod' }],
    ['profile', 'a profile with a newline', { ...base, profile: 'dev\nINFO forged log line' }],
    ['region', 'a region that is no region name', { ...base, region: '../us-east-1' }],
    ['localPort', 'a port as a string', { ...base, localPort: '5432' }],
    ['localPort', 'a port in an array', { ...base, localPort: [5432] }],
    ['localPort', 'a port as a boolean', { ...base, localPort: true }],
    ['localPort', 'port 1', { ...base, localPort: 1 }],
    ['localPort', 'port 80', { ...base, localPort: 80 }],
    ['localPort', 'a fractional port', { ...base, localPort: 5432.5 }],
    ['lazy', 'a boolean as a string', { ...base, lazy: 'true' }],
    [
      'target.name',
      'a name with a control character',
      { ...base, target: { host: 'db.internal', port: 5432, name: 'a\u0007b' }, jumpHostId: 'i-0123456789abcdef0' },
    ],
    [
      'target.host',
      'an overlong host',
      { ...base, target: { host: `${'a'.repeat(254)}`, port: 5432, name: 'n' }, jumpHostId: 'i-0123456789abcdef0' },
    ],
    [
      'target.port',
      'a remote port as a string',
      { ...base, target: { host: 'db.internal', port: '5432', name: 'n' }, jumpHostId: 'i-0123456789abcdef0' },
    ],
    ['parallelSessions', 'no parallel sessions', { ...base, parallelSessions: 0 }],
    ['parallelSessions', 'five parallel sessions', { ...base, parallelSessions: 5 }],
    ['parallelSessions', 'a fractional number of sessions', { ...base, parallelSessions: 2.5 }],
    ['parallelSessions', 'sessions as a string', { ...base, parallelSessions: '2' }],
    ['colour', 'an unknown property', { ...base, colour: 'red' }],
    ['target.path', 'an unknown target property', { ...base, target: { id: 'x', path: '/etc' } }],
  ])('names %s in a 400 for %s, and creates nothing', async (field, _, payload) => {
    const res = await (await build()).inject({ method: 'POST', url: '/api/tunnels', payload });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field });
    expect(created).toEqual([]);
  });

  it('passes 1 to 4 parallel sessions on', async () => {
    const server = await build();
    for (const parallelSessions of [1, 4]) {
      const res = await server.inject({ method: 'POST', url: '/api/tunnels', payload: { ...base, parallelSessions } });
      expect(res.statusCode).toBe(201);
    }
    expect(created.map((request) => request.parallelSessions)).toEqual([1, 4]);
  });

  it('takes localPort 0 as "choose a port for me"', async () => {
    const res = await (await build()).inject({ method: 'POST', url: '/api/tunnels', payload: { ...base, localPort: 0 } });
    expect(res.statusCode).toBe(201);
    expect(created).toEqual([base]);
  });

  it('passes PORT_IN_USE through as 409 with its hint', async () => {
    const res = await (
      await build()
    ).inject({
      method: 'POST',
      url: '/api/tunnels',
      payload: { profile: 'dev', region: 'us-east-1', target: { id: 'x' }, localPort: 1234 },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toEqual({ code: 'PORT_IN_USE', message: 'Local port 1234 is already in use on 127.0.0.1.', hint: 'free it' });
  });

  it.each(['start', 'stop', 'restart', 'check'])('POST /api/tunnels/:id/%s', async (name) => {
    const res = await (await build()).inject({ method: 'POST', url: `/api/tunnels/t-1/${name}` });
    expect(res.statusCode).toBe(200);
    expect(res.json().id).toBe('t-1');
    expect(calls).toEqual([`${name} t-1`]);
  });

  it('start-all and stop-all are not taken for tunnel ids', async () => {
    const server = await build();
    expect((await server.inject({ method: 'POST', url: '/api/tunnels/start-all' })).json().tunnels).toHaveLength(1);
    expect((await server.inject({ method: 'POST', url: '/api/tunnels/stop-all' })).json().tunnels[0].state).toBe('stopped');
    expect(calls).toEqual(['start-all', 'stop-all']);
  });

  it('deletes with 204 and serves logs', async () => {
    const server = await build();
    const deleted = await server.inject({ method: 'DELETE', url: '/api/tunnels/t-1' });
    expect(deleted.statusCode).toBe(204);
    expect(deleted.body).toBe('');
    const logs = await server.inject({ method: 'GET', url: '/api/tunnels/t-1/logs' });
    expect(logs.json().lines[0].line).toBe('Waiting for connections...');
  });

  it('PATCH saves the user, database and jump host the user chose', async () => {
    const server = await build();
    const payload = { user: 'reporting', database: 'billing', jumpHostId: 'i-0123456789abcdef1', parallelSessions: 3 };
    const res = await server.inject({ method: 'PATCH', url: '/api/tunnels/t-1', payload });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: 't-1', ...payload });
    const cleared = await server.inject({ method: 'PATCH', url: '/api/tunnels/t-1', payload: { user: '' } });
    expect(cleared.statusCode).toBe(200);
    expect(updates).toEqual([payload, { user: '' }]);
  });

  it.each([
    ['jumpHostId', 'a jump host that is no instance id', { jumpHostId: 'bastion-dev' }],
    ['user', 'a user with a control character', { user: 'app\nINFO forged' }],
    ['database', 'an overlong database', { database: 'd'.repeat(129) }],
    ['user', 'a user that is no string', { user: 42 }],
    ['localPort', 'a field it does not change', { localPort: 6000 }],
    ['parallelSessions', 'five parallel sessions', { parallelSessions: 5 }],
    ['parallelSessions', 'a negative number of sessions', { parallelSessions: -1 }],
  ])('PATCH names %s in a 400 for %s, and changes nothing', async (field, _, payload) => {
    const res = await (await build()).inject({ method: 'PATCH', url: '/api/tunnels/t-1', payload });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field });
    expect(updates).toEqual([]);
  });

  it('PATCH with nothing to change is a 400', async () => {
    const res = await (await build()).inject({ method: 'PATCH', url: '/api/tunnels/t-1', payload: {} });
    expect(res.statusCode).toBe(400);
    expect(updates).toEqual([]);
  });

  it.each([
    ['POST', '/api/tunnels/nope/start'],
    ['POST', '/api/tunnels/nope/check'],
    ['DELETE', '/api/tunnels/nope'],
    ['GET', '/api/tunnels/nope/logs'],
    ['PATCH', '/api/tunnels/nope'],
  ] as const)('%s %s → 404 TUNNEL_NOT_FOUND', async (method, url) => {
    const res = await (await build()).inject({ method, url, ...(method === 'PATCH' ? { payload: { user: 'x' } } : {}) });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('TUNNEL_NOT_FOUND');
  });
});
