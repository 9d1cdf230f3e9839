// The scheduler with fake time: an injected clock and timer functions, a stub probe.
import { describe, expect, it } from 'vitest';
import type { Health } from '../../shared/api.js';
import { DEFAULT_PROBE_INTERVAL_MS, HealthMonitor, type ProbeContext } from './monitor.js';
import type { ProbeRequest, ProbeResult } from './probe.js';
import { FakeTime, settle } from '../../testing/fake-time.js';

const okResult: ProbeResult = { ok: true, checkedAt: 'ignored', latencyMs: 7, database: { protocol: 'postgres' } };

function setup(options: { result?: ProbeResult; interval?: number } = {}) {
  const time = new FakeTime();
  const requests: ProbeRequest[] = [];
  let result = options.result ?? okResult;
  const errors: unknown[] = [];
  const monitor = new HealthMonitor({
    probe: async (request) => {
      requests.push(request);
      return result;
    },
    trust: { ca: () => ['PEM'] },
    now: time.date,
    setTimer: time.setTimer,
    clearTimer: time.clearTimer,
    onError: (error) => errors.push(error),
    ...(options.interval ? { intervalMs: options.interval } : {}),
  });
  const context: ProbeContext = { port: 15432, engine: 'postgres', serverName: 'db.example.rds.amazonaws.com', activeConnections: 0 };
  const results: Health[] = [];
  return {
    time,
    monitor,
    requests,
    errors,
    context,
    results,
    setResult: (next: ProbeResult) => (result = next),
    watch: (id = 't1') =>
      monitor.watch(
        id,
        () => context,
        (health) => results.push(health),
      ),
  };
}

describe('HealthMonitor', () => {
  it('probes on watch with the context and trusted CAs, then again after the interval', async () => {
    const s = setup();
    s.watch();
    await settle();
    expect(s.requests).toEqual([{ port: 15432, engine: 'postgres', serverName: 'db.example.rds.amazonaws.com', ca: ['PEM'] }]);
    expect(s.results).toHaveLength(1);
    expect(s.results[0]).toMatchObject({ status: 'healthy', checkedAt: '2026-11-22T10:00:00.000Z', latencyMs: 7 });

    await s.time.advance(DEFAULT_PROBE_INTERVAL_MS - 1);
    expect(s.requests).toHaveLength(1);
    await s.time.advance(1);
    expect(s.requests).toHaveLength(2);
    expect(s.results[1]?.checkedAt).toBe('2026-11-22T10:10:00.000Z');
    s.monitor.close();
  });

  it('skips scheduled probes while client connections are active, and resumes after', async () => {
    const s = setup({ interval: 1000 });
    s.watch();
    await settle();
    s.context.activeConnections = 2;
    await s.time.advance(5000);
    expect(s.requests).toHaveLength(1);
    expect(s.time.pending().length).toBe(1); // still scheduled
    s.context.activeConnections = 0;
    await s.time.advance(1000);
    expect(s.requests).toHaveLength(2);
    s.monitor.close();
  });

  it('checkNow probes on demand even with active connections, and joins a running probe', async () => {
    const s = setup();
    s.context.activeConnections = 1;
    s.watch();
    await settle();
    const [a, b] = await Promise.all([s.monitor.checkNow('t1'), s.monitor.checkNow('t1')]);
    expect(s.requests).toHaveLength(2);
    expect(a).toEqual(b);
    expect(await s.monitor.checkNow('unknown')).toBeUndefined();
    s.monitor.close();
  });

  it('unwatch and close clear every timer and drop late results', async () => {
    const s = setup();
    s.watch('a');
    s.watch('b');
    await settle();
    expect(s.time.pending().length).toBe(2);
    s.monitor.unwatch('a');
    expect(s.time.pending().length).toBe(1);
    s.monitor.close();
    expect(s.time.pending().length).toBe(0);
    await s.time.advance(DEFAULT_PROBE_INTERVAL_MS * 3);
    expect(s.requests).toHaveLength(2);
    s.monitor.watch(
      'c',
      () => s.context,
      () => undefined,
    );
    expect(s.time.pending().length).toBe(0);
  });

  it('records passive signals: a destination failure makes it unhealthy without a probe; client success is recorded', async () => {
    const s = setup();
    s.watch();
    await settle();
    await s.time.advance(1000);
    s.monitor.noteDestinationFailure('t1');
    expect(s.requests).toHaveLength(1);
    const last = s.results.at(-1);
    expect(last?.status).toBe('unhealthy');
    expect(last?.error?.code).toBe('DESTINATION_UNREACHABLE');

    await s.time.advance(1000);
    s.monitor.noteClientSuccess('t1');
    expect(s.results.at(-1)).toMatchObject({ status: 'healthy', lastClientSuccessAt: '2026-11-22T10:00:02.000Z' });
    const count = s.results.length;
    await s.time.advance(1000);
    s.monitor.noteClientSuccess('t1'); // nothing significant changed: no event
    expect(s.results).toHaveLength(count);
    expect(s.monitor.current('t1')?.lastClientSuccessAt).toBe('2026-11-22T10:00:03.000Z');
    s.monitor.close();
  });

  it('a failing probe reports unhealthy with the root cause, and the supervisor layers are merged', async () => {
    const s = setup({
      result: {
        ok: false,
        checkedAt: 'x',
        latencyMs: 1,
        error: { code: 'SESSION_DEAD', message: 'nothing answered', hint: 'reconnecting' },
      },
    });
    s.context.layers = { 'jump-host': { name: 'jump-host', status: 'ok', detail: 'Online' } };
    s.watch();
    await settle();
    expect(s.results[0]?.status).toBe('unhealthy');
    expect(s.results[0]?.error?.code).toBe('SESSION_DEAD');
    expect(s.results[0]?.layers.find((l) => l.name === 'jump-host')).toEqual({ name: 'jump-host', status: 'ok', detail: 'Online' });
    s.setResult(okResult);
    await s.monitor.checkNow('t1');
    expect(s.results.at(-1)?.status).toBe('healthy');
    s.monitor.close();
  });

  it('survives a crashing probe, context or callback and keeps its beat', async () => {
    const time = new FakeTime();
    const errors: unknown[] = [];
    let calls = 0;
    const monitor = new HealthMonitor({
      probe: async () => {
        calls++;
        if (calls === 1) throw new Error('boom');
        return okResult;
      },
      trust: { ca: () => [] },
      now: time.date,
      setTimer: time.setTimer,
      clearTimer: time.clearTimer,
      intervalMs: 1000,
      onError: (error) => errors.push(error),
    });
    monitor.watch(
      't',
      () => ({ port: 1, serverName: 'x', activeConnections: 0 }),
      () => {
        throw new Error('callback');
      },
    );
    await settle();
    expect(errors.map((e) => (e as Error).message)).toEqual(['boom']);
    await time.advance(1000);
    expect(calls).toBe(2);
    expect(errors.map((e) => (e as Error).message)).toEqual(['boom', 'callback']);
    expect(time.pending().length).toBe(1);
    monitor.close();
  });

  it('does not probe while the context says the tunnel is not open', async () => {
    const s = setup({ interval: 1000 });
    let open = false;
    s.monitor.watch(
      't',
      () => (open ? s.context : undefined),
      () => undefined,
    );
    await settle();
    await s.time.advance(3000);
    expect(s.requests).toHaveLength(0);
    open = true;
    await s.time.advance(1000);
    expect(s.requests).toHaveLength(1);
    s.monitor.close();
  });
});
