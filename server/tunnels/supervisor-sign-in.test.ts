// Issue 13 on virtual time: a start that needs a sign-in waits in `waiting-for-sign-in` — the port stays, clients
// queue, no retry is spent and no timer runs — and the tunnel resumes on the same port the moment it is told the
// profile works again, serving the clients that waited.
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { PortholeError } from '../errors.js';
import { roundTrip } from '../../testing/tunnels/helpers.js';
import { INACTIVITY, rigPerTest, until, type SupervisorRig } from '../../testing/tunnels/supervisor-rig.js';
import { tunnelSnapshot } from './tunnel-snapshot.js';

let rig: SupervisorRig;
rigPerTest((r) => (rig = r));

const expired = () =>
  new PortholeError('SSO_LOGIN_REQUIRED', 'The SSO session for profile "dev" has expired or is missing.', {
    hint: 'aws sso login --profile dev',
  });

/** A client that connects now and sends `text`; resolves with what comes back once a session serves it. */
function queuedClient(port: number, text: string): { socket: net.Socket; answer: Promise<string> } {
  const socket = net.connect({ port, host: '127.0.0.1' });
  rig.clients.push(socket);
  const answer = new Promise<string>((resolve, reject) => {
    let got = '';
    socket.on('data', (chunk: Buffer) => {
      got += chunk.toString();
      if (got.length >= text.length) resolve(got);
    });
    socket.on('error', reject);
    socket.on('close', () => reject(new Error(`closed after "${got}"`)));
  });
  socket.on('connect', () => socket.write(text));
  // Marked handled: a test that expects the client to be turned away awaits it later.
  answer.catch(() => undefined);
  return { socket, answer };
}

describe('TunnelSupervisor waiting for sign-in (issue 13)', () => {
  it('keeps the port and the queued clients, spends no retry, and resumes on the same port when the profile works again', async () => {
    let told = 0;
    const subject = await rig.start({}, { onSignInNeeded: () => told++ });
    await rig.use();
    rig.failures.push(expired());
    rig.sessions[0]!.exit({ reason: 'the plugin was killed (SIGKILL)', signal: 'SIGKILL' });
    await until(() => subject.state === 'waiting-for-sign-in', 'waiting for sign-in');
    const waiting = tunnelSnapshot(rig.spec, subject);
    expect(waiting).toMatchObject({
      state: 'waiting-for-sign-in',
      reason: 'waiting for sign-in to dev: The SSO session for profile "dev" has expired or is missing.',
      error: { code: 'SSO_LOGIN_REQUIRED', hint: 'aws sso login --profile dev' },
    });
    expect(waiting.failedStarts).toBeUndefined();
    expect(waiting.retryAt).toBeUndefined();
    expect(told).toBe(1);
    expect(rig.time.pending()).toEqual([]);

    const client = queuedClient(rig.spec.localPort, 'select 1 after sign-in');
    await until(() => subject.stats.activeConnections === 1, 'the client to be accepted and held');
    // Virtual time passes, but less than the relay's wait limit: nothing retries behind the user's back.
    await rig.time.advance(20_000);
    expect(rig.launches).toBe(2);
    expect(subject.state).toBe('waiting-for-sign-in');

    expect(subject.resume('signed in to https://x/start')).toBe(true);
    await until(() => subject.state === 'open', 'open again');
    expect(await client.answer).toBe('select 1 after sign-in');
    expect(subject.sessionId).toBe('sess-1');
    expect(subject.failedStarts).toBe(0);
    expect(subject.cell.reason).toBe(`session sess-1 open on port ${rig.spec.localPort}`);
    expect(
      subject.log.entries().some((line) => line.line.startsWith('starting: signed in to https://x/start: profile dev works again')),
    ).toBe(true);
  });

  it('does not count the wait as a failed start: backoff and retries carry on from where they were', async () => {
    const subject = await rig.start();
    await rig.use();
    rig.failures.push(new PortholeError('PLUGIN_EXITED', 'exited early'), expired());
    rig.sessions[0]!.exit({ reason: 'the plugin was killed (SIGKILL)' });
    await until(() => subject.retryAt !== undefined, 'the first retry scheduled');
    expect(subject.failedStarts).toBe(1);
    await rig.time.advance(subject.retryAt! - rig.time.now);
    await until(() => subject.state === 'waiting-for-sign-in', 'waiting for sign-in');
    expect(subject.failedStarts).toBe(1);
    expect(subject.retryAt).toBeUndefined();
    subject.resume('signed in');
    await until(() => subject.state === 'open', 'open');
    expect(subject.failedStarts).toBe(0);
  });

  it('a lazy tunnel with nobody waiting goes back to idle; "Retry now" (start) tries at once; stop ends the wait', async () => {
    const subject = await rig.start({ lazy: true });
    const inactive = (index: number) => {
      rig.sessions[index]!.endLine(INACTIVITY);
      rig.sessions[index]!.exit({});
    };
    inactive(0);
    await until(() => subject.state === 'idle', 'idle: the service ended it for inactivity, nobody was connected');
    rig.failures.push(expired(), expired());
    const first = queuedClient(rig.spec.localPort, 'x');
    await until(() => rig.launches === 2 && subject.state === 'waiting-for-sign-in', 'the demanded start waits for sign-in');
    await subject.start({ immediate: true });
    await until(() => rig.launches === 3 && subject.state === 'waiting-for-sign-in', 'tried at once, waiting again');
    // The relay's usual limit for a waiting client (30 s) still applies while the tunnel waits for sign-in.
    await rig.time.advance(30_000);
    await expect(first.answer).rejects.toThrow(/closed|ECONNRESET/);
    await until(() => subject.stats.activeConnections === 0, 'the held client to be let go');
    expect(subject.resume('signed in')).toBe(true);
    expect(subject.state).toBe('idle');
    expect(rig.launches).toBe(3);
    expect(await roundTrip(rig.spec.localPort, 'wake')).toBe('wake');
    expect(subject.state).toBe('open');
    expect(subject.resume('again')).toBe(false);

    await until(() => subject.stats.activeConnections === 0, 'the client to leave');
    inactive(rig.sessions.length - 1);
    await until(() => subject.state === 'idle', 'idle again');
    rig.failures.push(expired());
    const second = queuedClient(rig.spec.localPort, 'y');
    await until(() => subject.state === 'waiting-for-sign-in', 'waiting again');
    await subject.stop('stopped by the user');
    expect(subject.state).toBe('stopped');
    await expect(second.answer).rejects.toThrow(/closed|ECONNRESET/);
    expect(subject.resume('signed in')).toBe(false);
  });
});
