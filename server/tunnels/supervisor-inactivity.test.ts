// Issue 11 on virtual time: when the service ends a session for inactivity (its idle timeout) and no client is
// connected, the tunnel goes idle and the next client starts a session; with a client connected, a new session
// starts at once.
import { describe, expect, it } from 'vitest';
import { openConnection, roundTrip } from '../../testing/tunnels/helpers.js';
import { settle } from '../../testing/fake-time.js';
import { INACTIVITY, rigPerTest, until, type SupervisorRig } from '../../testing/tunnels/supervisor-rig.js';
import type { SessionLimits } from '../../shared/api.js';
import { tunnelSnapshot } from './tunnel-snapshot.js';

let rig: SupervisorRig;
rigPerTest((r) => (rig = r));

describe('TunnelSupervisor and the service idle timeout (issue 11)', () => {
  it('goes idle when the service ends the session for inactivity and no client is connected; the next client starts one', async () => {
    const subject = await rig.start();
    await rig.use();
    rig.sessions[0]!.endLine(INACTIVITY);
    rig.sessions[0]!.exit({ exitCode: 0 });
    await until(() => subject.state === 'idle', 'idle');
    expect(subject.cell.reason).toContain('timed out due to inactivity');
    expect(subject.sessionId).toBeUndefined();
    expect(subject.stats.restarts).toBe(0);
    await rig.time.advance(60 * 60_000);
    expect(rig.launches).toBe(1);
    expect(subject.state).toBe('idle');

    expect(await roundTrip(rig.spec.localPort, 'wake up')).toBe('wake up');
    expect(rig.launches).toBe(2);
    expect(subject.state).toBe('open');
    expect(subject.sessionId).toBe('sess-1');
  });

  it('starts a new session at once when a client is connected as the service ends the session for inactivity', async () => {
    const subject = await rig.start();
    const { socket } = await openConnection(rig.spec.localPort);
    rig.clients.push(socket);
    await until(() => subject.stats.activeConnections === 1, 'the client connected');
    rig.sessions[0]!.endLine(INACTIVITY);
    rig.sessions[0]!.exit({ exitCode: 0 });
    await rig.openedAgain(1);
    expect(rig.launches).toBe(2);
  });

  it('counts the client seen at the end line even when its connection closed before the plugin exited', async () => {
    const subject = await rig.start();
    const { socket, closed } = await openConnection(rig.spec.localPort);
    await until(() => subject.stats.activeConnections === 1, 'the client connected');
    rig.sessions[0]!.endLine(INACTIVITY);
    // The plugin's sockets close as it exits: the relay sees the client leave before the exit is reported.
    socket.destroy();
    await closed;
    await until(() => subject.stats.activeConnections === 0, 'the client gone');
    rig.sessions[0]!.exit({ exitCode: 0 });
    await rig.openedAgain(1);
  });

  it('a lazy tunnel too: inactivity with nobody connected → idle, no idle countdown, new session on demand', async () => {
    const subject = await rig.start({ lazy: true, idleMinutes: 30 });
    await rig.use();
    expect(subject.idleDeadline).toBe(rig.time.now + 30 * 60_000);
    rig.sessions[0]!.endLine(INACTIVITY);
    rig.sessions[0]!.exit({ exitCode: 0 });
    await until(() => subject.state === 'idle', 'idle');
    expect(subject.idleDeadline).toBeUndefined();
    await settle();
    expect(rig.launches).toBe(1);
    expect(await roundTrip(rig.spec.localPort, 'again')).toBe('again');
    expect(rig.launches).toBe(2);
  });

  it('any other ending of a used session reconnects at once, also with nobody connected', async () => {
    const subject = await rig.start();
    await rig.use();
    rig.sessions[0]!.endLine('Session terminated by the administrator.');
    rig.sessions[0]!.exit({ exitCode: 0 });
    await rig.openedAgain(1);
    expect(subject.cell.reason).toContain('sess-1 open');
    const log = subject.log.entries().map((line) => line.line);
    expect(log.some((line) => line.includes('session ended: Session terminated by the administrator.'))).toBe(true);
  });

  it("follows the account's session limits: a lazy tunnel's idle stop comes no later than the service's idle timeout", async () => {
    const read: { limits?: SessionLimits } = {};
    const subject = await rig.start({ lazy: true, idleMinutes: 30 }, { sessionLimits: () => read.limits });
    await rig.use();
    expect(subject.idleDeadline).toBe(rig.time.now + 30 * 60_000);
    expect(tunnelSnapshot(rig.spec, subject).sessionEndsAt).toBeUndefined();
    // Read once the session opened: a 10-minute idle timeout and a 60-minute maximum.
    const limits: SessionLimits = { idleTimeoutMinutes: 10, maxDurationMinutes: 60, source: 'document' };
    read.limits = limits;
    subject.limitsChanged();
    expect(subject.idleDeadline).toBe(rig.time.now + 10 * 60_000);
    expect(tunnelSnapshot(rig.spec, subject)).toMatchObject({
      sessionLimits: limits,
      sessionEndsAt: new Date(subject.openedAt! + 60 * 60_000).toISOString(),
    });
    await rig.time.advance(10 * 60_000);
    await until(() => subject.state === 'idle', 'idle after the service idle timeout');
    expect(subject.cell.reason).toContain('no client connection for 10 min');
    expect(rig.sessions[0]!.stopped).toBe(true);
  });

  it("a longer service idle timeout leaves Porthole's own shorter one in place", async () => {
    const subject = await rig.start(
      { lazy: true, idleMinutes: 5 },
      { sessionLimits: () => ({ idleTimeoutMinutes: 20, source: 'defaults' }) },
    );
    await rig.use();
    expect(subject.idleDeadline).toBe(rig.time.now + 5 * 60_000);
  });
});
