import type { FastifyInstance } from 'fastify';
import type { DaemonStatus } from '../../shared/api.js';
import { buildApp, type AppOptions } from '../../server/app.js';
import { EventBus } from '../../server/events/bus.js';

export const TEST_PORT = 7433;
export const TEST_TOKEN = 'test-token-0123456789abcdefghijklmnopqrstuvwxyzABCD';

export function fakeStatus(): DaemonStatus {
  return {
    version: '0.0.0-test',
    pid: 1,
    startedAt: new Date(0).toISOString(),
    configDir: '/tmp/porthole-test',
    configPath: '/tmp/porthole-test/config.json',
    plugin: { found: true, path: '/usr/bin/session-manager-plugin', version: '1.2.677.0' },
    notices: [],
  };
}

/** buildApp with test defaults; headers for an authenticated, same-origin request. */
export async function testApp(overrides: Partial<AppOptions> = {}): Promise<{ app: FastifyInstance; bus: EventBus }> {
  const bus = overrides.bus ?? new EventBus();
  const app = await buildApp({ port: TEST_PORT, token: TEST_TOKEN, bus, status: fakeStatus, ...overrides });
  return { app, bus };
}

export const authHeaders = { host: `127.0.0.1:${TEST_PORT}`, authorization: `Bearer ${TEST_TOKEN}` };
