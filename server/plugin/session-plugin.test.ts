import { mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPluginInvocation, portForwardRequest } from './plugin-args.js';
import { SessionPlugin, type SessionPluginOptions } from './session-plugin.js';

const FAKE = fileURLToPath(new URL('../../testing/plugin/fake-plugin.mjs', import.meta.url));
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'porthole-plugin-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function launch(mode: string, extra: Partial<SessionPluginOptions> = {}, version = '1.2.677.0'): SessionPlugin {
  const invocation = buildPluginInvocation({
    pluginVersion: version,
    session: { sessionId: 'sess-1', tokenValue: 'TOKEN-XYZ', streamUrl: 'wss://127.0.0.1:1/stream' },
    region: 'us-east-1',
    profile: 'dev',
    request: portForwardRequest('i-1', 'db.internal', 5432),
    endpoint: 'http://127.0.0.1:1',
  });
  invocation.env.FAKE_PLUGIN_MODE = mode;
  invocation.env.FAKE_PLUGIN_RECORD = join(dir, 'record.jsonl');
  return new SessionPlugin({ pluginPath: FAKE, invocation, ...extra });
}

function echo(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(text));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString());
    });
    socket.once('error', reject);
  });
}

describe('SessionPlugin', () => {
  it('learns the port from the port line, serves it, and stops gracefully on SIGINT', async () => {
    const lines: string[] = [];
    const plugin = launch('ok', { onLine: (line) => lines.push(line) });
    const port = await plugin.ready;
    expect(port).toBeGreaterThan(0);
    expect(await echo(port, 'ping')).toBe('ping');
    const end = await plugin.stop();
    expect(end.sessionEnded).toBe(true);
    expect(end.exitCode).toBe(0);
    expect(lines).toContain('Terminate signal received, exiting.');
    expect(plugin.running).toBe(false);
  });

  it('hands the reply over through the environment, never argv, for new plugins', async () => {
    const plugin = launch('ok');
    await plugin.ready;
    await plugin.stop();
    const records = (await readFile(join(dir, 'record.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    const mine = records.find((record) => record.pid === plugin.pid);
    expect(mine.argv).toHaveLength(6);
    expect(mine.argv[0]).toBe('AWS_SSM_START_SESSION_RESPONSE');
    expect(JSON.stringify(mine.argv)).not.toContain('TOKEN-XYZ');
    expect(JSON.parse(mine.envResponse).TokenValue).toBe('TOKEN-XYZ');
    expect(mine.argv.slice(1, 4)).toEqual(['us-east-1', 'StartSession', 'dev']);
  });

  it('rejects with PLUGIN_EXITED and the last lines when it exits before the port line', async () => {
    const plugin = launch('exit-early');
    await expect(plugin.ready).rejects.toMatchObject({ code: 'PLUGIN_EXITED', message: expect.stringContaining('TargetNotConnected') });
    expect((await plugin.exited).lastLines).toContain('An error occurred (TargetNotConnected)');
  });

  it('rejects with PLUGIN_START_FAILED on the bind error although the exit code is 0', async () => {
    const plugin = launch('bind-error');
    await expect(plugin.ready).rejects.toMatchObject({
      code: 'PLUGIN_START_FAILED',
      message: expect.stringContaining('address already in use'),
    });
    expect((await plugin.exited).exitCode).toBe(0);
  });

  it('kills a plugin that hangs before its port line and rejects with PLUGIN_START_TIMEOUT', async () => {
    const plugin = launch('hang', { startTimeoutMs: 300 });
    await expect(plugin.ready).rejects.toMatchObject({ code: 'PLUGIN_START_TIMEOUT' });
    await plugin.exited;
    expect(plugin.running).toBe(false);
  });

  it('escalates to SIGKILL when SIGINT is ignored', async () => {
    const plugin = launch('ignore-sigint', { killAfterMs: 200 });
    await plugin.ready;
    const end = await plugin.stop();
    expect(end.signal).toBe('SIGKILL');
  });

  it('reports the session-end line and counts destination failures', async () => {
    const ended: string[] = [];
    let failures = 0;
    const plugin = launch('dest-fail', { onSessionEndLine: (reason) => ended.push(reason), onDestinationFailure: () => failures++ });
    const port = await plugin.ready;
    await new Promise<void>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.on('close', () => resolve());
      socket.on('error', () => undefined);
    });
    const deadline = Date.now() + 5000;
    while (failures === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(failures).toBe(1);
    await plugin.stop();
    expect(ended).toEqual(['the session was closed']);
  });

  it('ends by itself when the service closes the session', async () => {
    const plugin = launch('end-soon');
    await plugin.ready;
    const end = await plugin.exited;
    expect(end).toMatchObject({ sessionEnded: true, reason: 'Your session timed out due to inactivity and has been terminated.' });
  });

  it('rejects with PLUGIN_NOT_FOUND when the executable is missing', async () => {
    const plugin = new SessionPlugin({ pluginPath: join(dir, 'missing-plugin'), invocation: { args: [], env: {} } });
    await expect(plugin.ready).rejects.toMatchObject({ code: 'PLUGIN_NOT_FOUND' });
  });
});
