import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { promisify } from 'node:util';
import { StartSessionCommand, TerminateSessionCommand } from '@aws-sdk/client-ssm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SessionBehaviourRule } from '../sandbox/scenario.js';
import type { Sandbox } from '../sandbox/server.js';
import { sandboxClients } from '../sandbox/test-clients.js';
import {
  PluginProcess,
  RIG_HOST as HOST,
  STANDIN_PLUGIN_PATH,
  echoOnce,
  pluginArgs,
  startStandinRig,
  type RigSessionOptions,
  type StandinRig,
} from './plugin-harness.js';

const run = promisify(execFile);
const RDS_HOST = 'orders.c9akciq32.us-east-1.rds.amazonaws.com';

let rig: StandinRig;
let sb: Sandbox;

beforeAll(async () => {
  rig = await startStandinRig((echoPort) => ({ [`${RDS_HOST}:5432`]: `127.0.0.1:${echoPort}` }));
  sb = rig.sb;
});
afterEach(() => rig.reset());
afterAll(() => rig.close());

/** A session to the RDS name, which the sandbox maps to the echo server. */
const startPlugin = (o: Partial<RigSessionOptions> = {}) => rig.start({ host: RDS_HOST, port: '5432', ...o });
const session = (id: string) => rig.session(id);

describe('stand-in plugin: the argv contract', () => {
  it('--version prints the version, overridable by env', async () => {
    expect((await run(STANDIN_PLUGIN_PATH, ['--version'])).stdout).toBe('1.2.677.0\n');
    const old = await run(STANDIN_PLUGIN_PATH, ['--version'], { env: { ...process.env, PORTHOLE_STANDIN_PLUGIN_VERSION: '1.2.463.0' } });
    expect(old.stdout).toBe('1.2.463.0\n');
  });

  it('no argument prints the install message', async () => {
    const { stdout } = await run(STANDIN_PLUGIN_PATH, []);
    expect(stdout).toBe('\nThe Session Manager plugin was installed successfully. Use the AWS CLI to start a session.\n\n');
  });

  it('panics with exit 2 on a missing SessionId or a missing Target', async () => {
    const noId = new PluginProcess(
      pluginArgs({ response: { TokenValue: 't', StreamUrl: 'ws://x' } as never, request: { Target: 'i-1' }, endpoint: 'http://x' }),
    );
    expect((await noId.exit()).code).toBe(2);
    expect(noId.stderr).toMatch(/^panic: runtime error: invalid memory address or nil pointer dereference/);
    const noTarget = new PluginProcess(
      pluginArgs({ response: { SessionId: 's', TokenValue: 't', StreamUrl: 'ws://x' }, request: {} as never, endpoint: 'http://x' }),
    );
    expect((await noTarget.exit()).code).toBe(2);
    expect(noTarget.stderr).toMatch(/^panic: interface conversion: interface \{\} is nil, not string/);
  });

  it('Invalid Operation and bad JSON exit 0 with their lines', async () => {
    const args = pluginArgs({ response: '{"SessionId":"s"', request: { Target: 'i-1' }, endpoint: 'http://x' });
    expect((await run(STANDIN_PLUGIN_PATH, args)).stdout).toBe('Cannot perform start session: unexpected end of JSON input\n');
    const badOp = [...args];
    badOp[2] = 'StartSessions';
    expect((await run(STANDIN_PLUGIN_PATH, badOp)).stdout).toBe('Invalid Operation');
  });

  it('a plugin at or below 1.2.497.0 does not understand the env-var form', async () => {
    const args = pluginArgs({ response: 'AWS_SSM_START_SESSION_RESPONSE', request: { Target: 'i-1' }, endpoint: 'http://x' });
    const env = { ...process.env, PORTHOLE_STANDIN_PLUGIN_VERSION: '1.2.497.0', AWS_SSM_START_SESSION_RESPONSE: '{}' };
    expect((await run(STANDIN_PLUGIN_PATH, args, { env })).stdout).toBe(
      "Cannot perform start session: invalid character 'A' looking for beginning of value\n",
    );
  });
});

describe('stand-in plugin: sessions through the sandbox', () => {
  it('JSON form: prints the contract lines, forwards bytes, and the sandbox records the argv', async () => {
    const { p, sessionId, request } = await startPlugin({ host: '127.0.0.1', port: String(rig.echo.port) });
    const port = await p.port();
    expect(p.stdout).toBe(
      `\nStarting session with SessionId: ${sessionId}\nPort ${port} opened for sessionId ${sessionId}.\nWaiting for connections...\n`,
    );
    expect(await echoOnce(port, 'hello through the tunnel')).toBe('hello through the tunnel');
    expect(await echoOnce(port, 'second connection')).toBe('second connection');
    await p.waitFor(/Connection accepted/);
    expect(p.stdout.match(/Connection accepted for session \[/g)).toHaveLength(1);
    const attach = session(sessionId).attaches[0]!;
    expect(attach.argv).toHaveLength(6);
    expect(attach.viaEnv).toBe(false);
    expect(attach.argv.slice(1)).toEqual(['us-east-1', 'StartSession', 'dev', JSON.stringify(request), sb.url]);
    expect(session(sessionId).connections).toBe(2);
  });

  it("at the real plugin's pace (opt-in) it still carries every byte, in order, on two connections at once", async () => {
    const { p } = await startPlugin({ env: { PORTHOLE_STANDIN_PACE: 'real' } });
    const port = await p.port();
    const big = (seed: string) => Array.from({ length: 3000 }, (_, index) => `${seed}${index};`).join('');
    const [a, b] = [big('a'), big('b')];
    expect(a.length).toBeGreaterThan(10 * 1024);
    const [echoedA, echoedB] = await Promise.all([echoOnce(port, a), echoOnce(port, b)]);
    expect(echoedA).toBe(a);
    expect(echoedB).toBe(b);
  });

  it('env form: the response comes through AWS_SSM_START_SESSION_RESPONSE; RDS host mapped to loopback', async () => {
    const { p, sessionId } = await startPlugin({ viaEnv: true });
    const port = await p.port();
    expect(await echoOnce(port, 'via env')).toBe('via env');
    expect(session(sessionId).attaches[0]).toMatchObject({
      viaEnv: true,
      argv: expect.arrayContaining(['AWS_SSM_START_SESSION_RESPONSE']),
    });
  });

  it('SIGINT: terminate lines, exit 0, and the sandbox sees plugin-sigint', async () => {
    const { p, sessionId } = await startPlugin();
    await p.port();
    p.child.kill('SIGINT');
    expect((await p.exit()).code).toBe(0);
    expect(p.stdout.endsWith(`Terminate signal received, exiting.\n\n\nExiting session with sessionId: ${sessionId}.\n\n`)).toBe(true);
    expect(session(sessionId)).toMatchObject({ state: 'terminated', endedBy: 'plugin-sigint' });
  });

  it('SIGTERM kills it silently and the session stays active', async () => {
    const { p, sessionId } = await startPlugin();
    await p.port();
    p.child.kill('SIGTERM');
    expect((await p.exit()).signal).toBe('SIGTERM');
    expect(p.stdout).not.toMatch(/Exiting/);
    expect(session(sessionId).state).toBe('active');
  });

  it('TerminateSession makes it print Exiting and exit 0', async () => {
    const { p, sessionId } = await startPlugin();
    await p.port();
    await sandboxClients(sb.url).ssm.send(new TerminateSessionCommand({ SessionId: sessionId }));
    expect((await p.exit()).code).toBe(0);
    expect(p.stdout.endsWith(`\n\nExiting session with sessionId: ${sessionId}.\n\n`)).toBe(true);
    expect(session(sessionId)).toMatchObject({ state: 'terminated', endedBy: 'api' });
  });

  it('the service ending the session with a reason prints "SessionId: <id> : <reason>"', async () => {
    const { p, sessionId } = await startPlugin();
    await p.port();
    expect(sb.endSession(sessionId, 'Your session timed out due to inactivity.')).toBe(true);
    expect((await p.exit()).code).toBe(0);
    expect(p.stdout.endsWith(`\n\nSessionId: ${sessionId} : Your session timed out due to inactivity.\n\n`)).toBe(true);
  });

  it('destinationUnreachable: accepts, prints the failure line per connection, closes the client', async () => {
    const { p } = await startPlugin({ behaviours: [{ target: HOST.ec2.id, behaviour: 'destinationUnreachable' }] });
    const port = await p.port();
    expect(await echoOnce(port, 'x')).toBe('');
    expect(await echoOnce(port, 'y')).toBe('');
    await p.waitFor(/failed[\s\S]*failed/);
    expect(p.stdout.match(/\nConnection to destination port failed, check SSM Agent logs.\n/g)).toHaveLength(2);
  });

  it('an unmapped destination fails the same way', async () => {
    const { p } = await startPlugin({ host: 'unknown.rds.amazonaws.com' });
    expect(await echoOnce(await p.port(), 'x')).toBe('');
    await p.waitFor(/Connection to destination port failed, check SSM Agent logs\.\n/);
  });

  it('a busy local port prints the bind error and exits 0', async () => {
    const busy: Server = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as { port: number }).port;
    try {
      const { p, sessionId } = await startPlugin({ localPort: String(port) });
      expect((await p.exit()).code).toBe(0);
      expect(p.stdout).toBe(
        `\nStarting session with SessionId: ${sessionId}\nCannot perform start session: listen tcp 127.0.0.1:${port}: bind: address already in use\n`,
      );
    } finally {
      await new Promise<void>((resolve) => busy.close(() => resolve()));
    }
  });

  it('a wrong token is refused', async () => {
    const { ssm } = sandboxClients(sb.url);
    const request = {
      Target: HOST.ec2.id,
      DocumentName: 'AWS-StartPortForwardingSessionToRemoteHost',
      Parameters: { host: [RDS_HOST], portNumber: ['5432'], localPortNumber: ['0'] },
    };
    const res = await ssm.send(new StartSessionCommand(request));
    const p = new PluginProcess(
      pluginArgs({ response: { SessionId: res.SessionId!, TokenValue: 'wrong', StreamUrl: res.StreamUrl! }, request, endpoint: sb.url }),
    );
    rig.track(p);
    expect((await p.exit()).code).toBe(0);
    expect(p.stdout).toMatch(/Cannot perform start session: websocket: bad handshake\n$/);
  });
});

describe('stand-in plugin: scenario behaviours', () => {
  it('basicMode has no Waiting line', async () => {
    const { p, sessionId } = await startPlugin({ behaviours: [{ behaviour: 'basicMode' }] });
    const port = await p.port();
    expect(p.stdout).toBe(`\nStarting session with SessionId: ${sessionId}\nPort ${port} opened for sessionId ${sessionId}.\n`);
  });

  it('hangBeforePort prints Starting and never the port line', async () => {
    const { p, sessionId } = await startPlugin({ behaviours: [{ behaviour: 'hangBeforePort' }] });
    await p.waitFor(/Starting session/);
    // The plugin attaches before deciding to hang: once the sandbox saw it, no port line can follow.
    const deadline = Date.now() + 5000;
    while (session(sessionId).attaches.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(session(sessionId).attaches).toHaveLength(1);
    await expect(p.waitFor(/Port \d+/, 300)).rejects.toThrow(/timed out/);
  });

  it('exitBeforePort prints the reason and exits 0', async () => {
    const { p, sessionId } = await startPlugin({ behaviours: [{ behaviour: 'exitBeforePort', reason: 'boom' }] });
    expect((await p.exit()).code).toBe(0);
    expect(p.stdout).toBe(`\nStarting session with SessionId: ${sessionId}\n\n\nSessionId: ${sessionId} : boom\n\n`);
  });

  it('dieAfterMs crashes after the port line; endAfterMs ends it from the service; times limits a rule', async () => {
    // The delays count from the plugin's attach, so they must outlast its way to the port line on a busy machine.
    const behaviours: SessionBehaviourRule[] = [
      { behaviour: 'dieAfterMs', ms: 1000, times: 1 },
      { behaviour: 'endAfterMs', ms: 1000 },
    ];
    const first = await startPlugin({ behaviours });
    await first.p.port();
    expect((await first.p.exit()).code).toBe(2);
    expect(session(first.sessionId).state).toBe('active');
    const second = await startPlugin();
    await second.p.port();
    expect((await second.p.exit()).code).toBe(0);
    expect(second.p.stdout).toMatch(/Exiting session with sessionId/);
    expect(session(second.sessionId)).toMatchObject({ state: 'terminated', endedBy: 'service' });
  });

  it('ignoreSigint survives SIGINT until SIGKILL', async () => {
    const { p } = await startPlugin({ behaviours: [{ behaviour: 'normal', ignoreSigint: true }] });
    await p.port();
    p.child.kill('SIGINT');
    await expect(p.waitFor(/Terminate/, 300)).rejects.toThrow(/timed out/);
    p.child.kill('SIGKILL');
    expect((await p.exit()).signal).toBe('SIGKILL');
  });
});
