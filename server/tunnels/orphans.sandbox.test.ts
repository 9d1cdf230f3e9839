// A daemon killed with SIGKILL leaves its plugins running and their sessions open; the next daemon's
// cleanupOrphans stops exactly those plugins and ends their sessions. The "daemon" is a real child process.
import { spawn } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processCommandLine } from '../platform.js';
import { isRecordedPlugin, type PluginRecord } from './plugin-registry.js';
import { echoServer, waitFor, type EchoServer } from '../../testing/tunnels/helpers.js';
import { makeManager, startSandboxRig, tempDir, type SandboxRig } from '../../testing/tunnels/sandbox-world.js';

const CRASHED = fileURLToPath(new URL('../../testing/tunnels/crashed-daemon.ts', import.meta.url));

let rig: SandboxRig;
let echo: EchoServer;
let configDir: string;

beforeAll(async () => {
  echo = await echoServer();
  rig = await startSandboxRig(echo.port);
  configDir = await tempDir('porthole-orphans-');
});
afterAll(async () => {
  await echo.close();
  await rig.close();
  await rm(configDir, { recursive: true, force: true });
});

async function stillOurs(record: PluginRecord): Promise<boolean> {
  return isRecordedPlugin(await processCommandLine(record.pid), record);
}

describe('orphan cleanup after a SIGKILLed daemon', () => {
  it('stops the leftover plugins (SIGINT) and terminates their sessions', async () => {
    // One process (node with tsx's loader), so SIGKILL really kills the "daemon" and nothing else.
    const child = spawn(process.execPath, ['--import', 'tsx', CRASHED, configDir, rig.sandbox.url, rig.files.dir, '2'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      await waitFor(() => output.includes('READY'), 30_000, `the child daemon (${output})`);
      expect(output).toMatch(/"state":"open".*"state":"open"/);
      const records = JSON.parse(await readFile(join(configDir, 'plugins.json'), 'utf8')).plugins as PluginRecord[];
      expect(records).toHaveLength(2);
      expect(records.every((record) => record.pid !== child.pid)).toBe(true);
      child.kill('SIGKILL');
      await exited;
      expect(await processCommandLine(child.pid!)).toBeUndefined();
      for (const record of records) expect(await stillOurs(record)).toBe(true);

      const world = await makeManager({ env: rig.files.env, configDir });
      try {
        const messages = await world.manager.cleanupOrphans();
        expect(messages).toEqual([
          'Stopped 2 orphaned session-manager-plugin processes left by a previous run.',
          'Ended 2 Session Manager sessions left open by a previous run.',
        ]);
        for (const record of records) expect(await stillOurs(record)).toBe(false);
        const sessions = rig.sandbox.sessions().filter((session) => records.some((record) => record.sessionId === session.sessionId));
        expect(sessions.map((session) => session.state)).toEqual(['terminated', 'terminated']);
        // An orphan's stdout pipe has no reader any more, so its goodbye on SIGINT may die of EPIPE before it
        // reaches the service (the real Go plugin dies of SIGPIPE): TerminateSession is what makes sure.
        for (const session of sessions) expect(['plugin-sigint', 'api']).toContain(session.endedBy);
        const terminated = rig.sandbox
          .calls({ service: 'ssm', op: 'TerminateSession' })
          .map((call) => (call.params as { SessionId: string }).SessionId);
        for (const record of records) expect(terminated).toContain(record.sessionId);
        expect(JSON.parse(await readFile(join(configDir, 'plugins.json'), 'utf8')).plugins).toEqual([]);
        expect(await world.manager.cleanupOrphans()).toEqual([]);
      } finally {
        await world.close();
      }
    } finally {
      child.kill('SIGKILL');
    }
  }, 60_000);
});

describe('isRecordedPlugin', () => {
  const record: PluginRecord = {
    pid: 42,
    sessionId: 's-1',
    profile: 'dev',
    region: 'us-east-1',
    target: 'i-0abc',
    pluginPath: '/usr/local/bin/session-manager-plugin',
    tunnelId: 't-1',
    startedAt: '2026-11-22T00:00:00.000Z',
  };
  const request = JSON.stringify({ Target: 'i-0abc', DocumentName: 'AWS-StartPortForwardingSessionToRemoteHost' });

  it('recognises the plugin run it recorded, directly or through an interpreter', () => {
    const args = ['AWS_SSM_START_SESSION_RESPONSE', 'us-east-1', 'StartSession', 'dev', request, 'https://ssm.us-east-1.amazonaws.com'];
    expect(isRecordedPlugin(['/usr/local/bin/session-manager-plugin', ...args], record)).toBe(true);
    expect(isRecordedPlugin(['node', '/usr/local/bin/session-manager-plugin', ...args], record)).toBe(true);
  });

  it('leaves alone a reused pid, another target or region, and a gone process', () => {
    const args = ['AWS_SSM_START_SESSION_RESPONSE', 'us-east-1', 'StartSession', 'dev', request, 'x'];
    expect(isRecordedPlugin(['/usr/bin/vim', 'notes.txt'], record)).toBe(false);
    expect(isRecordedPlugin(['/usr/local/bin/session-manager-plugin', ...args.slice(0, 1), 'eu-west-1', ...args.slice(2)], record)).toBe(
      false,
    );
    expect(
      isRecordedPlugin(['/usr/local/bin/session-manager-plugin', ...args.slice(0, 4), JSON.stringify({ Target: 'i-other' }), 'x'], record),
    ).toBe(false);
    expect(isRecordedPlugin([], record)).toBe(false);
    expect(isRecordedPlugin(undefined, record)).toBe(false);
  });
});
