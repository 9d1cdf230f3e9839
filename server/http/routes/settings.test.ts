import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigStore } from '../../config/store.js';
import { authHeaders, testApp } from '../../../testing/http/test-app.js';

describe('settings routes', () => {
  it('reads and changes settings, saves them in config.json, and refuses bad values without losing saved data', async () => {
    const config = await ConfigStore.open(join(await mkdtemp(join(tmpdir(), 'porthole-settings-')), 'cfg'));
    const reloaded: string[][] = [];
    const { app } = await testApp({ services: { config, onCaBundlePaths: async (paths) => void reloaded.push(paths) } });
    const headers = { ...authHeaders, 'content-type': 'application/json' };

    expect((await app.inject({ method: 'GET', url: '/api/settings', headers: authHeaders })).json()).toEqual({
      idleMinutes: 15,
      probeIntervalMinutes: 10,
      caBundlePaths: [],
    });

    const changed = await app.inject({
      method: 'PATCH',
      url: '/api/settings',
      headers,
      payload: { idleMinutes: 5, caBundlePaths: ['/etc/my-ca.pem'] },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toEqual({ idleMinutes: 5, probeIntervalMinutes: 10, caBundlePaths: ['/etc/my-ca.pem'] });
    expect(reloaded).toEqual([['/etc/my-ca.pem']]);
    expect(JSON.parse(await readFile(config.path, 'utf8')).settings.idleMinutes).toBe(5);

    for (const payload of [{ idleMinutes: -1 }, { idleMinutes: 'soon' }, { unknown: true }]) {
      const refused = await app.inject({ method: 'PATCH', url: '/api/settings', headers, payload });
      expect(refused.statusCode, JSON.stringify(payload)).toBe(400);
      expect(refused.json().error.code).toBe('VALIDATION_FAILED');
    }
    expect(JSON.parse(await readFile(config.path, 'utf8')).settings.idleMinutes).toBe(5);
    await app.close();
  });
});
