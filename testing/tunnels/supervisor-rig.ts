// Test wiring (not shipped): a TunnelSupervisor on virtual time (FakeTime) with a fake launcher whose sessions the
// test ends by hand, and real sockets for the relay, piped to an echo server standing in for the plugin's port.
import type net from 'node:net';
import { afterEach, beforeEach, expect } from 'vitest';
import type { TunnelSpec } from '../../shared/api.js';
import type { PluginEnd } from '../../server/plugin/session-plugin.js';
import { ephemeralPort } from '../../server/tunnels/ports.js';
import type { LaunchHooks, Launcher, SessionHandle } from '../../server/tunnels/session-launcher.js';
import { TunnelSupervisor, type SupervisorDeps } from '../../server/tunnels/supervisor.js';
import { echoServer, roundTrip, type EchoServer } from './helpers.js';
import { FakeTime } from '../fake-time.js';

export const INACTIVITY = 'Your session timed out due to inactivity and has been terminated.';

export interface FakeSession extends SessionHandle {
  /** The plugin prints its end line (the service ended the session); `exit` then ends the run. */
  endLine(reason: string): void;
  exit(end: Partial<PluginEnd>): void;
  stopped: boolean;
}

/** Polls with setImmediate (never faked) so real socket I/O runs in between; bounded. */
export async function until(condition: () => boolean, what: string): Promise<void> {
  for (let round = 0; round < 20_000; round++) {
    if (condition()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`never happened: ${what}`);
}

/** The tunnel the supervisor tests run: "orders" through i-1, on a free local port (with `overrides` on top). */
export async function testSpec(overrides: Partial<TunnelSpec> = {}): Promise<TunnelSpec> {
  return {
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
}

/** A fresh echo server and rig around each test of the calling file, handed to `use` (closed after the test). */
export function rigPerTest(use: (rig: SupervisorRig, echo: EchoServer) => void): void {
  let echo: EchoServer | undefined;
  let rig: SupervisorRig | undefined;
  beforeEach(async () => {
    echo = await echoServer();
    rig = new SupervisorRig(echo);
    use(rig, echo);
  });
  afterEach(async () => {
    await rig?.close();
    await echo?.close();
  });
}

export class SupervisorRig {
  readonly time = new FakeTime();
  readonly sessions: FakeSession[] = [];
  /** Errors the next launches throw, in order. */
  readonly failures: Error[] = [];
  readonly clients: net.Socket[] = [];
  launches = 0;
  /** Each session's plugin port, in turn (default: the echo server's for all). */
  ports: number[] = [];
  spec!: TunnelSpec;
  private current: TunnelSupervisor | undefined;

  constructor(private readonly echo: EchoServer) {}

  get supervisor(): TunnelSupervisor {
    if (!this.current) throw new Error('start() first');
    return this.current;
  }

  /** A supervisor on its own free port, started and open (with `deps` on top of the rig's own). */
  async start(overrides: Partial<TunnelSpec> = {}, deps: Partial<SupervisorDeps> = {}): Promise<TunnelSupervisor> {
    this.spec = await testSpec(overrides);
    const subject = new TunnelSupervisor({
      spec: () => this.spec,
      launch: this.launcher,
      defaultIdleMinutes: () => 15,
      onChange: () => undefined,
      now: this.time.clock,
      setTimer: this.time.setTimer,
      clearTimer: this.time.clearTimer,
      backoff: { jitter: 0, baseMs: 1_000, maxMs: 8_000 },
      ...deps,
    });
    this.current = subject;
    await subject.start({ immediate: true });
    await until(() => subject.state === 'open', 'open');
    return subject;
  }

  /** A client query through the tunnel's port: the session carried traffic. */
  async use(): Promise<void> {
    expect(await roundTrip(this.spec.localPort, 'select 1')).toBe('select 1');
    await until(() => this.supervisor.stats.activeConnections === 0, 'the client to leave');
  }

  /** Waits until `sess-<index>` is open in place of the lost one, with no virtual time passing. */
  async openedAgain(index: number): Promise<void> {
    const before = this.time.now;
    await until(() => this.supervisor.state === 'open' && this.supervisor.sessionId === `sess-${index}`, `session ${index} open`);
    expect(this.time.now).toBe(before);
  }

  async close(): Promise<void> {
    for (const client of this.clients.splice(0)) client.destroy();
    await this.current?.stop();
  }

  private readonly launcher: Launcher = async (_request, hooks) => {
    this.launches++;
    const failure = this.failures.shift();
    if (failure) throw failure;
    const session = this.fakeSession(this.sessions.length, hooks);
    this.sessions.push(session);
    return session;
  };

  private fakeSession(index: number, hooks: LaunchHooks): FakeSession {
    let finish!: (end: PluginEnd) => void;
    const ended = new Promise<PluginEnd>((resolve) => (finish = resolve));
    let running = true;
    let lastReason: string | undefined;
    const session: FakeSession = {
      sessionId: `sess-${index}`,
      port: this.ports.length > 0 ? this.ports[index % this.ports.length]! : this.echo.port,
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
}
