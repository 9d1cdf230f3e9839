// Issue 11 on virtual time (injected clock and timers, real sockets for the relay): a lost session that had been
// open is replaced at once, backoff grows only across failed starts and resets at "open", the attempt count and
// next try, "Retry now", and the service's inactivity end leading to idle when nobody is connected.
import type net from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TunnelSpec } from '../../shared/api.js';
import { PortholeError } from '../errors.js';
import type { PluginEnd } from '../plugin/session-plugin.js';
import { ephemeralPort } from './ports.js';
import type { LaunchHooks, Launcher, SessionHandle } from './session-launcher.js';
import { TunnelSupervisor } from './supervisor.js';
import { echoServer, openConnection, roundTrip, type EchoServer } from './test-helpers.js';
import { FakeTime, settle } from './testing/fake-time.js';
import { tunnelSnapshot } from './tunnel-snapshot.js';

const INACTIVITY = 'Your session timed out due to inactivity and has been terminated.';

interface FakeSession extends SessionHandle {
  /** The plugin prints its end line (the service ended the session); `exit` then ends the run. */
  endLine(reason: string): void;
  exit(end: Partial<PluginEnd>): void;
  stopped: boolean;
}

let echo: EchoServer;
let time: FakeTime;
let sessions: FakeSession[];
let failures: Error[];
let launches: number;
let supervisor: TunnelSupervisor | undefined;
let spec: TunnelSpec;
const clients: net.Socket[] = [];

function fakeSession(index: number, hooks: LaunchHooks): FakeSession {
  let finish!: (end: PluginEnd) => void;
  const ended = new Promise<PluginEnd>((resolve) => (finish = resolve));
  let running = true;
  let lastReason: string | undefined;
  const session: FakeSession = {
    sessionId: `sess-${index}`,
    port: echo.port,
    pid: 2000 + index,
    get running() {
      return running;
    },
    ended,
    stopped: false,
    endLine(reason) {
      lastReason = reason;
      hooks.onSessionEnd?.(reason);
    },
    exit(end) {
      running = false;
      const reason = end.reason ?? lastReason ?? 'the plugin exited (code 0)';
      finish({ lastLines: [], sessionEnded: lastReason !== undefined, ...end, reason });
    },
    async stop() {
      session.stopped = true;
      session.exit({ reason: 'stopped', exitCode: 0 });
    },
  };
  return session;
}

const launcher: Launcher = async (_request, hooks) => {
  launches++;
  const failure = failures.shift();
  if (failure) throw failure;
  const session = fakeSession(sessions.length, hooks);
  sessions.push(session);
  return session;
};

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let round = 0; round < 20_000; round++) {
    if (condition()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`never happened: ${what}`);
}

async function start(overrides: Partial<TunnelSpec> = {}): Promise<TunnelSupervisor> {
  spec = {
    id: 't1',
    name: 'orders',
    profile: 'dev',
    region: 'us-east-1',
    target: { host: 'db.internal', port: 5432, name: 'orders', engine: 'postgres' },
    jumpHostId: 'i-1',
    localPort: await ephemeralPort(),
    lazy: false,
    autoStart: false,
    ...overrides,
  };
  supervisor = new TunnelSupervisor({
    spec: () => spec,
    launch: launcher,
    defaultIdleMinutes: () => 15,
    onChange: () => undefined,
    now: time.clock,
    setTimer: time.setTimer,
    clearTimer: time.clearTimer,
    backoff: { jitter: 0, baseMs: 1_000, maxMs: 8_000 },
  });
  await supervisor.start({ immediate: true });
  await until(() => supervisor!.state === 'open', 'open');
  return supervisor;
}

/** A client query through the tunnel's port: the session carried traffic. */
async function use(): Promise<void> {
  expect(await roundTrip(spec.localPort, 'select 1')).toBe('select 1');
  await until(() => supervisor!.stats.activeConnections === 0, 'the client to leave');
}

/** Waits until the current session was replaced by `sess-<index>` and is open, with no time passing. */
async function openedAgain(index: number): Promise<void> {
  const before = time.now;
  await until(() => supervisor!.state === 'open' && supervisor!.sessionId === `sess-${index}`, `session ${index} open`);
  expect(time.now).toBe(before);
}

beforeEach(async () => {
  echo = await echoServer();
  time = new FakeTime();
  sessions = [];
  failures = [];
  launches = 0;
});

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await supervisor?.stop();
  supervisor = undefined;
  await echo.close();
});

describe('TunnelSupervisor reconnects (issue 11)', () => {
  it('replaces a lost session that had been open at once, every time, on the same port, without growing waits', async () => {
    const subject = await start();
    for (let cycle = 1; cycle <= 6; cycle++) {
      await use();
      sessions[cycle - 1]!.exit({ reason: 'the plugin was killed (SIGKILL)', signal: 'SIGKILL' });
      await openedAgain(cycle);
      expect(launches).toBe(cycle + 1);
      expect(subject.retryAt).toBeUndefined();
      expect(subject.failedStarts).toBe(0);
      expect(subject.stats.restarts).toBe(cycle);
    }
    expect(await roundTrip(spec.localPort, 'still here')).toBe('still here');
    const states = subject.log.entries().filter((line) => line.source === 'supervisor' && /^reconnecting:/.test(line.line));
    expect(states).toHaveLength(6);
    for (const line of states) expect(line.line).toContain('starting a new session');
  });

  it('grows the backoff only across consecutive failed starts, and starts over once one reaches "open"', async () => {
    const subject = await start();
    await use();
    failures.push(new PortholeError('PLUGIN_EXITED', 'exited early'), new PortholeError('PLUGIN_START_TIMEOUT', 'hung'));
    failures.push(new PortholeError('TARGET_NOT_CONNECTED', 'i-1 is not connected.'));
    sessions[0]!.exit({ reason: 'the plugin was killed (SIGKILL)' });
    // The first new start runs at once; only its failure makes the tunnel wait.
    await until(() => launches === 2 && subject.retryAt !== undefined, 'the first retry scheduled');
    const waits: number[] = [];
    for (let failed = 1; failed <= 3; failed++) {
      await until(() => launches === failed + 1 && subject.retryAt !== undefined, `retry ${failed} scheduled`);
      expect(subject.state).toBe('reconnecting');
      expect(subject.failedStarts).toBe(failed);
      waits.push(subject.retryAt! - time.now);
      await time.advance(subject.retryAt! - time.now);
    }
    expect(waits).toEqual([1_000, 2_000, 4_000]);
    await until(() => subject.state === 'open' && subject.sessionId === 'sess-1', 'open after the failures');
    expect(subject.failedStarts).toBe(0);
    expect(subject.retryAt).toBeUndefined();

    // Lost again after it was used: at once; and a failure now waits the base delay, not 8 s.
    await use();
    failures.push(new PortholeError('PLUGIN_EXITED', 'exited early'));
    sessions[1]!.exit({ reason: 'the plugin was killed (SIGKILL)' });
    await until(() => launches === 6 && subject.retryAt !== undefined, 'a retry after the reset');
    expect(subject.retryAt! - time.now).toBe(1_000);
    expect(subject.failedStarts).toBe(1);
  });

  it('caps the backoff: starts that keep failing wait at most maxMs', async () => {
    const subject = await start();
    await use();
    for (let index = 0; index < 8; index++) failures.push(new PortholeError('PLUGIN_EXITED', `exited early ${index}`));
    sessions[0]!.exit({ reason: 'gone' });
    const waits: number[] = [];
    for (let failed = 1; failed <= 8; failed++) {
      await until(() => launches === failed + 1 && subject.retryAt !== undefined, `retry ${failed}`);
      waits.push(subject.retryAt! - time.now);
      await time.advance(subject.retryAt! - time.now);
    }
    expect(waits).toEqual([1_000, 2_000, 4_000, 8_000, 8_000, 8_000, 8_000, 8_000]);
    await until(() => subject.state === 'open', 'open at last');
  });

  it('shows the attempt count and the next try while starts keep failing (API fields and reason)', async () => {
    const subject = await start();
    await use();
    failures.push(new PortholeError('PLUGIN_EXITED', 'exited early'), new PortholeError('PLUGIN_EXITED', 'exited early again'));
    sessions[0]!.exit({ reason: 'gone' });
    await until(() => launches === 2 && subject.retryAt !== undefined, 'first retry');
    let tunnel = tunnelSnapshot(spec, subject);
    expect(tunnel).toMatchObject({ state: 'reconnecting', failedStarts: 1, retryAt: new Date(time.now + 1_000).toISOString() });
    expect(tunnel.reason).toBe('exited early; attempt 1 failed');
    expect(subject.log.entries().at(-1)?.line).toBe('next try in 1 s');
    expect(tunnel.error?.code).toBe('PLUGIN_EXITED');
    await time.advance(1_000);
    await until(() => launches === 3 && subject.retryAt !== undefined, 'second retry');
    tunnel = tunnelSnapshot(spec, subject);
    expect(tunnel).toMatchObject({ failedStarts: 2, retryAt: new Date(time.now + 2_000).toISOString() });
    expect(tunnel.reason).toBe('exited early again; attempt 2 failed');
    expect(subject.log.entries().at(-1)?.line).toBe('next try in 2 s');
    await time.advance(2_000);
    await until(() => subject.state === 'open', 'open');
    tunnel = tunnelSnapshot(spec, subject);
    expect(tunnel.failedStarts).toBeUndefined();
    expect(tunnel.retryAt).toBeUndefined();
  });

  it('"Retry now": start on a tunnel waiting out its backoff tries at once, and the old timer does not fire again', async () => {
    const subject = await start();
    await use();
    failures.push(new PortholeError('PLUGIN_EXITED', 'exited early'), new PortholeError('PLUGIN_EXITED', 'again'));
    sessions[0]!.exit({ reason: 'gone' });
    await until(() => launches === 3 || (launches === 2 && subject.retryAt !== undefined), 'first retry');
    await time.advance(1_000);
    await until(() => launches === 3 && subject.retryAt !== undefined, 'second retry, 2 s away');
    const due = subject.retryAt!;
    await subject.start({ immediate: true });
    await until(() => subject.state === 'open', 'open after retry now');
    expect(launches).toBe(4);
    expect(time.now).toBeLessThan(due);
    await time.advance(due - time.now + 1);
    expect(launches).toBe(4);
    expect(subject.sessionId).toBe('sess-1');
    // Start on an open tunnel still does nothing.
    await subject.start({ immediate: true });
    expect(launches).toBe(4);
  });

  it('an unused session that ends right after opening is a failed start (no hot StartSession loop)', async () => {
    const subject = await start();
    sessions[0]!.exit({ reason: 'the plugin exited (code 0)' });
    await until(() => subject.state === 'reconnecting' && subject.retryAt !== undefined, 'a backoff wait');
    expect(launches).toBe(1);
    expect(subject.failedStarts).toBe(1);
    expect(subject.reason).toContain('before any client used it');
    await time.advance(1_000);
    await until(() => subject.state === 'open' && subject.sessionId === 'sess-1', 'open again');
    // The same ending 5 s after opening is not quick: a new session at once.
    await time.advance(5_000);
    sessions[1]!.exit({ reason: 'the plugin exited (code 0)' });
    await openedAgain(2);
  });
});

describe('TunnelSupervisor and the service idle timeout (issue 11)', () => {
  it('goes idle when the service ends the session for inactivity and no client is connected; the next client starts one', async () => {
    const subject = await start();
    await use();
    sessions[0]!.endLine(INACTIVITY);
    sessions[0]!.exit({ exitCode: 0 });
    await until(() => subject.state === 'idle', 'idle');
    expect(subject.reason).toContain('timed out due to inactivity');
    expect(subject.sessionId).toBeUndefined();
    expect(subject.stats.restarts).toBe(0);
    await time.advance(60 * 60_000);
    expect(launches).toBe(1);
    expect(subject.state).toBe('idle');

    expect(await roundTrip(spec.localPort, 'wake up')).toBe('wake up');
    expect(launches).toBe(2);
    expect(subject.state).toBe('open');
    expect(subject.sessionId).toBe('sess-1');
  });

  it('starts a new session at once when a client is connected as the service ends the session for inactivity', async () => {
    const subject = await start();
    const { socket } = await openConnection(spec.localPort);
    clients.push(socket);
    await until(() => subject.stats.activeConnections === 1, 'the client connected');
    sessions[0]!.endLine(INACTIVITY);
    sessions[0]!.exit({ exitCode: 0 });
    await openedAgain(1);
    expect(launches).toBe(2);
  });

  it('counts the client seen at the end line even when its connection closed before the plugin exited', async () => {
    const subject = await start();
    const { socket, closed } = await openConnection(spec.localPort);
    await until(() => subject.stats.activeConnections === 1, 'the client connected');
    sessions[0]!.endLine(INACTIVITY);
    // The plugin's sockets close as it exits: the relay sees the client leave before the exit is reported.
    socket.destroy();
    await closed;
    await until(() => subject.stats.activeConnections === 0, 'the client gone');
    sessions[0]!.exit({ exitCode: 0 });
    await openedAgain(1);
  });

  it('a lazy tunnel too: inactivity with nobody connected → idle, no idle countdown, new session on demand', async () => {
    const subject = await start({ lazy: true, idleMinutes: 30 });
    await use();
    expect(subject.idleDeadline).toBe(time.now + 30 * 60_000);
    sessions[0]!.endLine(INACTIVITY);
    sessions[0]!.exit({ exitCode: 0 });
    await until(() => subject.state === 'idle', 'idle');
    expect(subject.idleDeadline).toBeUndefined();
    await settle();
    expect(launches).toBe(1);
    expect(await roundTrip(spec.localPort, 'again')).toBe('again');
    expect(launches).toBe(2);
  });

  it('any other ending of a used session reconnects at once, also with nobody connected', async () => {
    const subject = await start();
    await use();
    sessions[0]!.endLine('Session terminated by the administrator.');
    sessions[0]!.exit({ exitCode: 0 });
    await openedAgain(1);
    expect(subject.reason).toContain('sess-1 open');
    const log = subject.log.entries().map((line) => line.line);
    expect(log.some((line) => line.includes('session ended: Session terminated by the administrator.'))).toBe(true);
  });
});
