// Issue 11 on virtual time (injected clock and timers, real sockets for the relay): a lost session that had been
// open is replaced at once, backoff grows only across consecutive failed starts and resets at "open", the
// attempt count and next try, and "Retry now".
import { describe, expect, it } from 'vitest';
import { PortholeError } from '../errors.js';
import { roundTrip } from '../../testing/tunnels/helpers.js';
import { rigPerTest, until, type SupervisorRig } from '../../testing/tunnels/supervisor-rig.js';
import { tunnelSnapshot } from './tunnel-snapshot.js';

let rig: SupervisorRig;
rigPerTest((r) => (rig = r));

describe('TunnelSupervisor reconnects (issue 11)', () => {
  it('replaces a lost session that had been open at once, every time, on the same port, without growing waits', async () => {
    const subject = await rig.start();
    for (let cycle = 1; cycle <= 6; cycle++) {
      await rig.use();
      rig.sessions[cycle - 1]!.exit({ reason: 'the plugin was killed (SIGKILL)', signal: 'SIGKILL' });
      await rig.openedAgain(cycle);
      expect(rig.launches).toBe(cycle + 1);
      expect(subject.retryAt).toBeUndefined();
      expect(subject.failedStarts).toBe(0);
      expect(subject.stats.restarts).toBe(cycle);
    }
    expect(await roundTrip(rig.spec.localPort, 'still here')).toBe('still here');
    const states = subject.log.entries().filter((line) => line.source === 'supervisor' && /^reconnecting:/.test(line.line));
    expect(states).toHaveLength(6);
    for (const line of states) expect(line.line).toContain('starting a new session');
  });

  it('grows the backoff only across consecutive failed starts, and starts over once one reaches "open"', async () => {
    const subject = await rig.start();
    await rig.use();
    rig.failures.push(new PortholeError('PLUGIN_EXITED', 'exited early'), new PortholeError('PLUGIN_START_TIMEOUT', 'hung'));
    rig.failures.push(new PortholeError('TARGET_NOT_CONNECTED', 'i-1 is not connected.'));
    rig.sessions[0]!.exit({ reason: 'the plugin was killed (SIGKILL)' });
    // The first new start runs at once; only its failure makes the tunnel wait.
    await until(() => rig.launches === 2 && subject.retryAt !== undefined, 'the first retry scheduled');
    const waits: number[] = [];
    for (let failed = 1; failed <= 3; failed++) {
      await until(() => rig.launches === failed + 1 && subject.retryAt !== undefined, `retry ${failed} scheduled`);
      expect(subject.state).toBe('reconnecting');
      expect(subject.failedStarts).toBe(failed);
      waits.push(subject.retryAt! - rig.time.now);
      await rig.time.advance(subject.retryAt! - rig.time.now);
    }
    expect(waits).toEqual([1_000, 2_000, 4_000]);
    await until(() => subject.state === 'open' && subject.sessionId === 'sess-1', 'open after the failures');
    expect(subject.failedStarts).toBe(0);
    expect(subject.retryAt).toBeUndefined();

    // Lost again after it was used: at once; and a failure now waits the base delay, not 8 s.
    await rig.use();
    rig.failures.push(new PortholeError('PLUGIN_EXITED', 'exited early'));
    rig.sessions[1]!.exit({ reason: 'the plugin was killed (SIGKILL)' });
    await until(() => rig.launches === 6 && subject.retryAt !== undefined, 'a retry after the reset');
    expect(subject.retryAt! - rig.time.now).toBe(1_000);
    expect(subject.failedStarts).toBe(1);
  });

  it('caps the backoff: starts that keep failing wait at most maxMs', async () => {
    const subject = await rig.start();
    await rig.use();
    for (let index = 0; index < 8; index++) rig.failures.push(new PortholeError('PLUGIN_EXITED', `exited early ${index}`));
    rig.sessions[0]!.exit({ reason: 'gone' });
    const waits: number[] = [];
    for (let failed = 1; failed <= 8; failed++) {
      await until(() => rig.launches === failed + 1 && subject.retryAt !== undefined, `retry ${failed}`);
      waits.push(subject.retryAt! - rig.time.now);
      await rig.time.advance(subject.retryAt! - rig.time.now);
    }
    expect(waits).toEqual([1_000, 2_000, 4_000, 8_000, 8_000, 8_000, 8_000, 8_000]);
    await until(() => subject.state === 'open', 'open at last');
  });

  it('shows the attempt count and the next try while starts keep failing (API fields and reason)', async () => {
    const subject = await rig.start();
    await rig.use();
    rig.failures.push(new PortholeError('PLUGIN_EXITED', 'exited early'), new PortholeError('PLUGIN_EXITED', 'exited early again'));
    rig.sessions[0]!.exit({ reason: 'gone' });
    await until(() => rig.launches === 2 && subject.retryAt !== undefined, 'first retry');
    let tunnel = tunnelSnapshot(rig.spec, subject);
    expect(tunnel).toMatchObject({ state: 'reconnecting', failedStarts: 1, retryAt: new Date(rig.time.now + 1_000).toISOString() });
    expect(tunnel.reason).toBe('exited early; attempt 1 failed');
    expect(subject.log.entries().at(-1)?.line).toBe('next try in 1 s');
    expect(tunnel.error?.code).toBe('PLUGIN_EXITED');
    await rig.time.advance(1_000);
    await until(() => rig.launches === 3 && subject.retryAt !== undefined, 'second retry');
    tunnel = tunnelSnapshot(rig.spec, subject);
    expect(tunnel).toMatchObject({ failedStarts: 2, retryAt: new Date(rig.time.now + 2_000).toISOString() });
    expect(tunnel.reason).toBe('exited early again; attempt 2 failed');
    expect(subject.log.entries().at(-1)?.line).toBe('next try in 2 s');
    await rig.time.advance(2_000);
    await until(() => subject.state === 'open', 'open');
    tunnel = tunnelSnapshot(rig.spec, subject);
    expect(tunnel.failedStarts).toBeUndefined();
    expect(tunnel.retryAt).toBeUndefined();
  });

  it('"Retry now": start on a tunnel waiting out its backoff tries at once, and the old timer does not fire again', async () => {
    const subject = await rig.start();
    await rig.use();
    rig.failures.push(new PortholeError('PLUGIN_EXITED', 'exited early'), new PortholeError('PLUGIN_EXITED', 'again'));
    rig.sessions[0]!.exit({ reason: 'gone' });
    await until(() => rig.launches === 3 || (rig.launches === 2 && subject.retryAt !== undefined), 'first retry');
    await rig.time.advance(1_000);
    await until(() => rig.launches === 3 && subject.retryAt !== undefined, 'second retry, 2 s away');
    const due = subject.retryAt!;
    await subject.start({ immediate: true });
    await until(() => subject.state === 'open', 'open after retry now');
    expect(rig.launches).toBe(4);
    expect(rig.time.now).toBeLessThan(due);
    await rig.time.advance(due - rig.time.now + 1);
    expect(rig.launches).toBe(4);
    expect(subject.sessionId).toBe('sess-1');
    // Start on an open tunnel still does nothing.
    await subject.start({ immediate: true });
    expect(rig.launches).toBe(4);
  });

  it('an unused session that ends right after opening is a failed start (no hot StartSession loop)', async () => {
    const subject = await rig.start();
    rig.sessions[0]!.exit({ reason: 'the plugin exited (code 0)' });
    await until(() => subject.state === 'reconnecting' && subject.retryAt !== undefined, 'a backoff wait');
    expect(rig.launches).toBe(1);
    expect(subject.failedStarts).toBe(1);
    expect(subject.cell.reason).toContain('before any client used it');
    await rig.time.advance(1_000);
    await until(() => subject.state === 'open' && subject.sessionId === 'sess-1', 'open again');
    // The same ending 5 s after opening is not quick: a new session at once.
    await rig.time.advance(5_000);
    rig.sessions[1]!.exit({ reason: 'the plugin exited (code 0)' });
    await rig.openedAgain(2);
  });
});
