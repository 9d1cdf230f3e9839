// The launcher's undo logic: whatever fails half-way leaves no plugin running, no pid recorded and no
// session open. A real child process (the small fake plugin) on real sockets; the launcher's own timers on
// virtual time.
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StartedSession, StartSessionRequest } from '../aws/ssm-sessions.js';
import { PortholeError } from '../errors.js';
import { FakeTime, settle } from '../../testing/fake-time.js';
import { tempDir } from '../../testing/tunnels/sandbox-world.js';
import { waitFor } from '../../testing/tunnels/helpers.js';
import { PluginRegistry } from './plugin-registry.js';
import { createLauncher, type LaunchHooks, type LauncherDeps } from './session-launcher.js';

const FAKE = fileURLToPath(new URL('../../testing/plugin/fake-plugin.mjs', import.meta.url));
const request = {
  tunnelId: 't-1',
  profile: 'dev',
  region: 'eu-west-1',
  jumpHostId: 'i-0123456789abcdef0',
  host: 'db.internal',
  port: 5432,
};

let calls: string[];
let lines: string[];
let time: FakeTime;
let registry: PluginRegistry;
let terminateAnswer: () => Promise<void>;

const hooks: LaunchHooks = {
  log: (_source, line) => lines.push(line),
  onDestinationFailure: () => calls.push('destination-failure'),
  onSessionEnd: (reason) => calls.push(`session-end: ${reason}`),
};

function launcher(extra: Partial<LauncherDeps> = {}) {
  let started = 0;
  return createLauncher({
    plugin: async () => ({ found: true, path: FAKE, version: '1.2.677.0' }),
    sessions: () => ({
      endpoint: async () => 'https://ssm.eu-west-1.amazonaws.com',
      start: async (_request: StartSessionRequest): Promise<StartedSession> => {
        started += 1;
        calls.push('start');
        return { sessionId: `s-${started}`, tokenValue: 'secret-token', streamUrl: 'wss://example/stream' };
      },
      terminate: async (sessionId) => {
        calls.push(`terminate ${sessionId}`);
        await terminateAnswer();
      },
    }),
    registry,
    killAfterMs: 2_000,
    timers: time,
    ...extra,
  });
}

function withMode(mode: string): void {
  process.env.FAKE_PLUGIN_MODE = mode;
}

beforeEach(async () => {
  calls = [];
  lines = [];
  time = new FakeTime();
  registry = new PluginRegistry(await tempDir('porthole-launcher-'));
  terminateAnswer = async () => undefined;
});
afterEach(() => {
  delete process.env.FAKE_PLUGIN_MODE;
});

describe('createLauncher', () => {
  it("looks up the plugin's environment while StartSession is under way, and ends the session if that lookup fails", async () => {
    let answerStart!: () => void;
    const startAnswered = new Promise<void>((resolve) => (answerStart = resolve));
    const slowStart = (): LauncherDeps['sessions'] => () => ({
      endpoint: async () => 'https://ssm.eu-west-1.amazonaws.com',
      start: async () => {
        calls.push('start');
        await startAnswered;
        return { sessionId: 's-1', tokenValue: 'secret-token', streamUrl: 'wss://example/stream' };
      },
      terminate: async (sessionId) => void calls.push(`terminate ${sessionId}`),
    });
    const launching = launcher({
      sessions: slowStart(),
      pluginEnv: async () => {
        calls.push('plugin env');
        throw new Error('the AWS config file could not be read');
      },
    })(request, hooks);
    await settle();
    // Both asked before StartSession answered.
    expect(calls.sort()).toEqual(['plugin env', 'start']);
    answerStart();
    await expect(launching).rejects.toThrow('the AWS config file could not be read');
    expect(calls).toEqual(['plugin env', 'start', 'terminate s-1']);
    expect(await registry.readLeftovers()).toEqual([]);
  });

  it('a plugin that exits before opening its port: stopped, pid forgotten, session terminated, error passed on', async () => {
    withMode('exit-early');
    await expect(launcher()(request, hooks)).rejects.toBeInstanceOf(Error);
    expect(calls).toEqual(['start', 'terminate s-1']);
    expect(await registry.readLeftovers()).toEqual([]);
  });

  it('a StartSession that fails leaves nothing to undo', async () => {
    withMode('ok');
    const failing = createLauncher({
      plugin: async () => ({ found: true, path: FAKE, version: '1.2.677.0' }),
      sessions: () => ({
        endpoint: async () => 'https://ssm.eu-west-1.amazonaws.com',
        start: async () => {
          throw new PortholeError('ACCESS_DENIED', 'no', { status: 403 });
        },
        terminate: async () => void calls.push('terminate'),
      }),
      registry,
      timers: time,
    });
    await expect(failing(request, hooks)).rejects.toMatchObject({ code: 'ACCESS_DENIED' });
    expect(calls).toEqual([]);
    expect(await registry.readLeftovers()).toEqual([]);
  });

  it('a missing plugin fails before any AWS call', async () => {
    const missing = launcher({ plugin: async () => ({ found: false, error: { code: 'PLUGIN_NOT_FOUND', message: 'not on PATH' } }) });
    await expect(missing(request, hooks)).rejects.toMatchObject({ code: 'PLUGIN_NOT_FOUND', message: 'not on PATH' });
    expect(calls).toEqual([]);
  });

  it('an open session records its pid; stop ends the plugin, forgets the pid and terminates the session once', async () => {
    withMode('ok');
    const handle = await launcher()(request, hooks);
    expect(handle.sessionId).toBe('s-1');
    expect(handle.port).toBeGreaterThan(0);
    expect((await registry.readLeftovers()).map((record) => record.sessionId)).toEqual(['s-1']);
    await Promise.all([handle.stop(), handle.stop()]);
    expect(handle.running).toBe(false);
    // The plugin says goodbye on SIGINT ("Exiting session…"); the session is terminated exactly once.
    expect(calls.filter((call) => !call.startsWith('session-end'))).toEqual(['start', 'terminate s-1']);
    expect(await registry.readLeftovers()).toEqual([]);
    expect(lines.join('\n')).not.toContain('secret-token');
  });

  it('a plugin that ends by itself: its session is terminated in the background, without holding up `ended`', async () => {
    withMode('end-soon');
    let releaseTerminate!: () => void;
    terminateAnswer = () => new Promise<void>((resolve) => (releaseTerminate = resolve));
    const handle = await launcher()(request, hooks);
    const end = await handle.ended;
    expect(end.reason).toBeDefined();
    expect(calls[0]).toBe('start');
    expect(calls).toContainEqual(expect.stringMatching(/^session-end: .*inactivity/));
    await waitFor(() => calls.includes('terminate s-1'), 5000, 'TerminateSession');
    releaseTerminate();
    await settle();
    expect(await registry.readLeftovers()).toEqual([]);
  });

  it('a TerminateSession that never answers is given up after its time limit', async () => {
    withMode('ok');
    terminateAnswer = () => new Promise<void>(() => undefined);
    const handle = await launcher({ terminateTimeoutMs: 10_000 })(request, hooks);
    let stopped = false;
    const stopping = handle.stop().then(() => (stopped = true));
    await waitFor(() => calls.includes('terminate s-1'), 5000, 'TerminateSession');
    await time.advance(9_999);
    expect(stopped).toBe(false);
    await time.advance(1);
    await stopping;
    expect(lines.some((line) => /TerminateSession s-1 failed: no answer within 10 s/.test(line))).toBe(true);
  });

  it('a plugin that lingers after printing that its session ended is stopped after the grace time', async () => {
    withMode('end-linger');
    const handle = await launcher()(request, hooks);
    await waitFor(() => calls.some((call) => call.startsWith('session-end')), 5000, 'the end line');
    expect(handle.running).toBe(true);
    await time.advance(1_999);
    expect(handle.running).toBe(true);
    await time.advance(1);
    await handle.ended;
    expect(handle.running).toBe(false);
  });
});
