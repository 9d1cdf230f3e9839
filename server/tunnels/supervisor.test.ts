import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Health, TunnelSpec } from '../../shared/api.js';
import { PortholeError } from '../errors.js';
import type { PluginEnd } from '../plugin/session-plugin.js';
import type { Launcher, SessionHandle } from './session-launcher.js';
import { TunnelSupervisor } from './supervisor.js';
import { echoServer, roundTrip, type EchoServer } from '../../testing/tunnels/helpers.js';
import { testSpec } from '../../testing/tunnels/supervisor-rig.js';

// The supervisor with a fake launcher and fake time (setTimeout/Date), real sockets for the relay.

/** Polls with setImmediate (not faked) so real socket I/O can run in between. */
async function until(condition: () => boolean, what: string): Promise<void> {
  for (let round = 0; round < 20_000; round++) {
    if (condition()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`never happened: ${what}`);
}

interface FakeSession extends SessionHandle {
  end(reason: string): void;
  stopped: boolean;
}

let echo: EchoServer;
let sessions: FakeSession[];
let failures: unknown[];
let launches: number;
let supervisor: TunnelSupervisor | undefined;

function fakeSession(index: number): FakeSession {
  let finish!: (end: PluginEnd) => void;
  const ended = new Promise<PluginEnd>((resolve) => (finish = resolve));
  let running = true;
  const session: FakeSession = {
    sessionId: `sess-${index}`,
    port: echo.port,
    pid: 1000 + index,
    get running() {
      return running;
    },
    ended,
    stopped: false,
    end(reason) {
      running = false;
      finish({ reason, lastLines: [], sessionEnded: true, exitCode: 0 });
    },
    async stop() {
      session.stopped = true;
      session.end('stopped');
    },
  };
  return session;
}

const launcher: Launcher = async () => {
  launches++;
  const failure = failures.shift();
  if (failure) throw failure;
  const session = fakeSession(sessions.length);
  sessions.push(session);
  return session;
};

async function make(spec: Partial<TunnelSpec> = {}, extra: { onOpen?: () => void; onClose?: () => void } = {}) {
  const full = await testSpec(spec);
  supervisor = new TunnelSupervisor({
    spec: () => full,
    launch: launcher,
    defaultIdleMinutes: () => 15,
    onChange: () => undefined,
    backoff: { jitter: 0 },
    ...extra,
  });
  return { supervisor, spec: full };
}

beforeEach(async () => {
  echo = await echoServer();
  sessions = [];
  failures = [];
  launches = 0;
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});

afterEach(async () => {
  await supervisor?.stop();
  supervisor = undefined;
  vi.useRealTimers();
  await echo.close();
});

describe('TunnelSupervisor', () => {
  it('starts, opens, and pipes clients through its own port', async () => {
    const { supervisor, spec } = await make();
    await supervisor.start({ immediate: true });
    await until(() => supervisor.state === 'open', 'open');
    expect(supervisor.sessionId).toBe('sess-0');
    vi.useRealTimers();
    expect(await roundTrip(spec.localPort, 'select 1')).toBe('select 1');
  });

  it('an unused session that ends at once counts as a failed start: backoff, same port, one restart counted', async () => {
    const { supervisor } = await make();
    await supervisor.start({ immediate: true });
    await until(() => supervisor.state === 'open', 'open');
    sessions[0]?.end('Session terminated by the administrator.');
    await until(() => supervisor.state === 'reconnecting', 'reconnecting');
    expect(supervisor.cell.reason).toContain('Session terminated by the administrator.');
    expect(supervisor.retryAt).toBe(Date.now() + 1000);
    await vi.advanceTimersByTimeAsync(999);
    expect(launches).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    await until(() => supervisor.state === 'open', 'open again');
    expect(supervisor.sessionId).toBe('sess-1');
    expect(supervisor.stats.restarts).toBe(1);
  });

  it('doubles the delay between failed reconnects', async () => {
    const { supervisor } = await make();
    await supervisor.start({ immediate: true });
    await until(() => supervisor.state === 'open', 'open');
    failures.push(new PortholeError('PLUGIN_EXITED', 'exited early'), new PortholeError('PLUGIN_START_TIMEOUT', 'hung'));
    sessions[0]?.end('gone');
    await until(() => supervisor.state === 'reconnecting', 'reconnecting');
    await vi.advanceTimersByTimeAsync(1000);
    await until(() => launches === 2 && supervisor.retryAt !== undefined, 'second retry scheduled');
    expect(supervisor.retryAt).toBe(Date.now() + 2000);
    await vi.advanceTimersByTimeAsync(2000);
    await until(() => launches === 3 && supervisor.retryAt !== undefined, 'third retry scheduled');
    expect(supervisor.retryAt).toBe(Date.now() + 4000);
    expect(supervisor.cell.error?.code).toBe('PLUGIN_START_TIMEOUT');
    await vi.advanceTimersByTimeAsync(4000);
    await until(() => supervisor.state === 'open', 'open after retries');
  });

  it('retries TargetNotConnected a few times at start, then fails with the hint', async () => {
    const { supervisor } = await make();
    const notConnected = () => new PortholeError('TARGET_NOT_CONNECTED', 'i-1 is not connected.', { hint: 'Check the SSM agent.' });
    failures.push(notConnected(), notConnected(), notConnected(), notConnected());
    await supervisor.start({ immediate: true });
    for (let attempt = 1; attempt <= 3; attempt++) {
      await until(() => launches === attempt && supervisor.retryAt !== undefined, `retry ${attempt}`);
      expect(supervisor.state).toBe('reconnecting');
      await vi.advanceTimersByTimeAsync((supervisor.retryAt ?? 0) - Date.now());
    }
    await until(() => supervisor.state === 'failed', 'failed');
    expect(launches).toBe(4);
    expect(supervisor.cell.error).toEqual({ code: 'TARGET_NOT_CONNECTED', message: 'i-1 is not connected.', hint: 'Check the SSM agent.' });
  });

  it.each(['ACCESS_DENIED', 'DOCUMENT_NOT_ALLOWED', 'MFA_REQUIRED', 'PLUGIN_NOT_FOUND'] as const)(
    'fails at once on %s and frees the port',
    async (code) => {
      const { supervisor, spec } = await make();
      failures.push(new PortholeError(code, 'no', { hint: 'do this' }));
      await supervisor.start({ immediate: true });
      await until(() => supervisor.state === 'failed', 'failed');
      expect(launches).toBe(1);
      expect(supervisor.cell.error?.hint).toBe('do this');
      vi.useRealTimers();
      await expect(roundTrip(spec.localPort, 'x', 2000)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    },
  );

  it('reports PORT_IN_USE as failed without launching anything', async () => {
    const blocker = net.createServer();
    const port = await new Promise<number>((resolve) =>
      blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as net.AddressInfo).port)),
    );
    const { supervisor } = await make({ localPort: port });
    await expect(supervisor.start({ immediate: true })).rejects.toMatchObject({ code: 'PORT_IN_USE' });
    expect(supervisor.state).toBe('failed');
    expect(launches).toBe(0);
    await new Promise((resolve) => blocker.close(resolve));
  });

  it('lazy: listens idle, starts on the first client, ends the session after the idle time, keeps listening', async () => {
    const opened: string[] = [];
    const { supervisor, spec } = await make(
      { lazy: true, idleMinutes: 1 },
      { onOpen: () => opened.push('open'), onClose: () => opened.push('close') },
    );
    await supervisor.start({ immediate: false });
    expect(supervisor.state).toBe('idle');
    expect(launches).toBe(0);
    const answer = roundTrip(spec.localPort, 'lazy hello');
    await until(() => supervisor.state === 'open', 'open on demand');
    expect(await answer).toBe('lazy hello');
    await until(() => supervisor.stats.activeConnections === 0 && supervisor.idleDeadline !== undefined, 'idle countdown');
    expect(supervisor.idleDeadline).toBe(Date.now() + 60_000);
    await vi.advanceTimersByTimeAsync(60_000);
    await until(() => supervisor.state === 'idle', 'idle again');
    expect(sessions[0]?.stopped).toBe(true);
    expect(opened).toEqual(['open', 'close']);
    expect(await roundTrip(spec.localPort, 'wakes it')).toBe('wakes it');
    expect(launches).toBe(2);
  });

  it('lazy: a session lost with no client waiting is still brought back (the idle timer ends it later)', async () => {
    const { supervisor, spec } = await make({ lazy: true });
    await supervisor.start({ immediate: true });
    await until(() => supervisor.state === 'open', 'open');
    sessions[0]?.end('closed by the service');
    await until(() => supervisor.state === 'reconnecting', 'reconnecting');
    expect(supervisor.cell.reason).toContain('closed by the service');
    await vi.advanceTimersByTimeAsync(1000);
    await until(() => supervisor.state === 'open' && supervisor.sessionId === 'sess-1', 'a new session');
    expect(await roundTrip(spec.localPort, 'back')).toBe('back');
  });

  it('turns health results into healthy/unhealthy and restarts a dead session', async () => {
    const { supervisor } = await make();
    await supervisor.start({ immediate: true });
    await until(() => supervisor.state === 'open', 'open');
    const healthy: Health = { status: 'healthy', layers: [] };
    supervisor.applyHealth(healthy);
    expect(supervisor.state).toBe('healthy');
    supervisor.applyHealth({ status: 'unhealthy', layers: [], error: { code: 'DESTINATION_UNREACHABLE', message: 'unreachable' } });
    expect(supervisor.state).toBe('unhealthy');
    expect(supervisor.cell.reason).toBe('unreachable');
    supervisor.applyHealth({ status: 'unhealthy', layers: [], error: { code: 'SESSION_DEAD', message: 'reset' } });
    await until(() => supervisor.state === 'open' && supervisor.sessionId === 'sess-1', 'a new session');
    expect(sessions[0]?.stopped).toBe(true);
    expect(supervisor.stats.restarts).toBe(1);
    expect(supervisor.health.status).toBe('unknown');
  });

  it('stop during a start leaves nothing running', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow: Launcher = async (...args) => {
      await gate;
      return launcher(...args);
    };
    const { spec } = await make();
    supervisor = new TunnelSupervisor({ spec: () => spec, launch: slow, defaultIdleMinutes: () => 15, onChange: () => undefined });
    await supervisor.start({ immediate: true });
    expect(supervisor.state).toBe('starting');
    await supervisor.stop();
    release();
    await until(() => sessions[0]?.stopped === true, 'the late session to be stopped');
    expect(supervisor.state).toBe('stopped');
  });

  it('stop ends the session, closes the port, and keeps the byte counts', async () => {
    const { supervisor, spec } = await make();
    await supervisor.start({ immediate: true });
    await until(() => supervisor.state === 'open', 'open');
    vi.useRealTimers();
    await roundTrip(spec.localPort, 'abc');
    await supervisor.stop();
    expect(sessions[0]?.stopped).toBe(true);
    expect(supervisor.state).toBe('stopped');
    expect(supervisor.stats).toMatchObject({ totalConnections: 1, bytesIn: 3, bytesOut: 3, activeConnections: 0 });
    await expect(roundTrip(spec.localPort, 'x', 2000)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});

describe('TunnelSupervisor races', () => {
  it('a double start shares one relay and one session', async () => {
    const { supervisor } = await make();
    await Promise.all([supervisor.start({ immediate: true }), supervisor.start({ immediate: true })]);
    await until(() => supervisor.state === 'open', 'open');
    expect(launches).toBe(1);
  });

  it('a stop while the relay binds wins: nothing listens, nothing launches', async () => {
    const { supervisor, spec } = await make();
    const starting = supervisor.start({ immediate: true });
    await supervisor.stop();
    await starting;
    expect(supervisor.state).toBe('stopped');
    expect(launches).toBe(0);
    vi.useRealTimers();
    await expect(roundTrip(spec.localPort, 'x', 2000)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
