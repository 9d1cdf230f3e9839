import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectService } from '../../connect/connect-service.js';
import { RDS_HOST, TEST_CREDENTIALS, testTunnel } from '../../../testing/connect/fixtures.js';
import { authHeaders, testApp } from '../../../testing/http/test-app.js';

// Through the daemon's own app (guard, strict validation, error handler), as a script with the token would call it.

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function build(): Promise<{ inject: (options: InjectOptions) => Promise<LightMyRequestResponse> }> {
  const tunnels = [testTunnel({ iamAuth: true, dbName: 'orders' }), testTunnel({}, { id: 'plain' })];
  const connect = new ConnectService({
    tunnels: { get: (id) => tunnels.find((t) => t.id === id) },
    aws: {
      credentials: () => async () => TEST_CREDENTIALS,
      secrets: () => {
        throw new Error('not used');
      },
    },
    trust: { bundlePath: '/cfg/rds-ca-bundle.pem' },
    now: () => new Date('2026-11-22T12:00:00.000Z'),
  });
  ({ app } = await testApp({ services: { connect } }));
  const built = app;
  return { inject: (options) => built.inject({ ...options, headers: { ...authHeaders, ...options.headers } }) };
}

describe('GET /api/tunnels/:id/connection', () => {
  it('returns the connection info with its strings', async () => {
    const res = await (await build()).inject({ method: 'GET', url: '/api/tunnels/tun-1/connection' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ tunnelId: 'tun-1', user: 'master', database: 'orders', iamAuth: true, hasSecret: false });
    expect(body.strings.map((s: { id: string }) => s.id)).toContain('psql-iam');
    expect(body.strings.find((s: { id: string }) => s.id === 'jdbc').note).toMatch(/verify-ca/);
  });

  it('takes user and database from the query, percent-decoded', async () => {
    const res = await (
      await build()
    ).inject({
      method: 'GET',
      url: `/api/tunnels/tun-1/connection?user=${encodeURIComponent("o'b @x")}&database=${encodeURIComponent('a b/c')}`,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ user: "o'b @x", database: 'a b/c' });
  });

  it('rejects control characters in names', async () => {
    const res = await (await build()).inject({ method: 'GET', url: '/api/tunnels/tun-1/connection?user=a%0Ab' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
  });

  it('answers 404 TUNNEL_NOT_FOUND for an unknown tunnel', async () => {
    const res = await (await build()).inject({ method: 'GET', url: '/api/tunnels/nope/connection' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toMatchObject({ code: 'TUNNEL_NOT_FOUND' });
  });
});

describe('POST /api/tunnels/:id/password', () => {
  it('returns a fresh IAM token for the RDS endpoint, never cached', async () => {
    const res = await (
      await build()
    ).inject({ method: 'POST', url: '/api/tunnels/tun-1/password', payload: { kind: 'iam-token', user: 'reader' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.json();
    expect(body).toMatchObject({ kind: 'iam-token', user: 'reader', expiresAt: '2026-11-22T12:15:00.000Z' });
    const token = new URL(`https://${body.password}`);
    expect(token.host).toBe(`${RDS_HOST}:5432`);
    expect(token.searchParams.get('Action')).toBe('connect');
    expect(token.searchParams.get('DBUser')).toBe('reader');
    expect(token.searchParams.get('X-Amz-Expires')).toBe('900');
  });

  it('accepts an empty body', async () => {
    const res = await (await build()).inject({ method: 'POST', url: '/api/tunnels/tun-1/password', payload: {} });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ kind: 'iam-token', user: 'master' });
  });

  it('accepts no body at all', async () => {
    const res = await (await build()).inject({ method: 'POST', url: '/api/tunnels/tun-1/password' });
    expect(res.statusCode).toBe(200);
    expect(res.json().kind).toBe('iam-token');
  });

  it('rejects an unknown kind', async () => {
    const res = await (await build()).inject({ method: 'POST', url: '/api/tunnels/tun-1/password', payload: { kind: 'guess' } });
    expect(res.statusCode).toBe(400);
  });

  it('answers 400 NO_PASSWORD_SOURCE with a hint when Porthole has no password', async () => {
    const res = await (await build()).inject({ method: 'POST', url: '/api/tunnels/plain/password', payload: {} });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'NO_PASSWORD_SOURCE', hint: expect.any(String) });
  });

  it('answers 404 TUNNEL_NOT_FOUND for an unknown tunnel', async () => {
    const res = await (await build()).inject({ method: 'POST', url: '/api/tunnels/nope/password', payload: {} });
    expect(res.statusCode).toBe(404);
  });
});
