// The automatic diagnosis's rules with a real bus and a fake diagnosis: which failures start one, one run per
// failure, no note on a tunnel that recovered meanwhile, and the note cleared on recovery.
import { describe, expect, it } from 'vitest';
import type { Diagnosis, Tunnel, TunnelDiagnosis } from '../../shared/api.js';
import { EventBus } from '../events/bus.js';
import { AutoDiagnosis, diagnosableFailure } from './auto-diagnosis.js';

function tunnel(over: Partial<Tunnel> = {}): Tunnel {
  return {
    id: 't-1',
    name: 'orders',
    profile: 'dev',
    region: 'us-east-1',
    target: { id: 'dev:us-east-1:instance:orders', host: 'orders.example', port: 5432, name: 'orders' },
    jumpHostId: 'i-0123456789abcdef0',
    localPort: 5432,
    lazy: false,
    autoStart: false,
    state: 'failed',
    since: '2026-11-22T12:00:00.000Z',
    error: { code: 'TARGET_NOT_CONNECTED', message: 'not connected' },
    stats: { activeConnections: 0, totalConnections: 0, bytesIn: 0, bytesOut: 0, restarts: 0, destinationFailures: 0 },
    health: { status: 'unknown', layers: [] },
    ...over,
  };
}

const RESULT: Diagnosis = {
  targetId: 'dev:us-east-1:instance:orders',
  jumpHostId: 'i-0123456789abcdef0',
  profile: 'dev',
  region: 'us-east-1',
  checkedAt: '2026-11-22T12:00:01.000Z',
  cached: false,
  checks: [],
  firstBroken: { check: 'host-online', title: 'SSM agent Online', summary: 'The SSM agent is ConnectionLost, not Online.' },
};

function rig(current: () => Tunnel | undefined, gate: Promise<void> = Promise.resolve()) {
  const bus = new EventBus();
  const runs: string[] = [];
  const notes: (TunnelDiagnosis | undefined)[] = [];
  const auto = new AutoDiagnosis({
    bus,
    diagnose: async (targetId) => (runs.push(targetId), await gate, RESULT),
    current,
    annotate: (_id, note) => notes.push(note),
  });
  const publish = async (data: Tunnel) => {
    bus.publish({ type: 'tunnel', data });
    await new Promise((resolve) => setImmediate(resolve));
    await auto.idle();
  };
  return { auto, runs, notes, publish };
}

describe('diagnosableFailure', () => {
  it('starts on the failures a diagnosis explains, only for inventory targets', () => {
    expect(diagnosableFailure(tunnel())).toBe('TARGET_NOT_CONNECTED');
    expect(diagnosableFailure(tunnel({ state: 'reconnecting', error: { code: 'PLUGIN_START_TIMEOUT', message: '' } }))).toBe(
      'PLUGIN_START_TIMEOUT',
    );
    expect(diagnosableFailure(tunnel({ error: { code: 'ACCESS_DENIED', message: '' } }))).toBe('ACCESS_DENIED');
    const unreachable = tunnel({
      state: 'unhealthy',
      health: { status: 'unhealthy', layers: [], error: { code: 'DESTINATION_UNREACHABLE', message: '' } },
    });
    expect(diagnosableFailure(unreachable)).toBe('DESTINATION_UNREACHABLE');
    expect(diagnosableFailure(tunnel({ error: { code: 'PORT_IN_USE', message: '' } }))).toBeUndefined();
    expect(diagnosableFailure(tunnel({ target: { host: 'db.internal', port: 5432, name: 'custom' } }))).toBeUndefined();
  });
});

describe('AutoDiagnosis', () => {
  it('runs once per failure and puts the first broken link on the tunnel', async () => {
    const failed = tunnel();
    const { runs, notes, publish, auto } = rig(() => failed);
    await publish(failed);
    await publish({ ...failed, state: 'reconnecting' });
    expect(runs).toEqual(['dev:us-east-1:instance:orders']);
    expect(notes).toEqual([
      {
        checkedAt: RESULT.checkedAt,
        trigger: 'TARGET_NOT_CONNECTED',
        targetId: RESULT.targetId,
        jumpHostId: RESULT.jumpHostId,
        firstBroken: RESULT.firstBroken,
      },
    ]);
    auto.close();
  });

  it('puts no note on a tunnel that recovered while the diagnosis ran', async () => {
    let now: Tunnel = tunnel();
    let release!: () => void;
    const { notes, publish, auto } = rig(() => now, new Promise<void>((resolve) => (release = resolve)));
    const done = publish(now);
    now = tunnel({ state: 'healthy' });
    release();
    await done;
    expect(notes).toEqual([]);
    auto.close();
  });

  it('clears the note once the tunnel is healthy again, and diagnoses a later failure anew', async () => {
    const failed = tunnel();
    const { runs, notes, publish, auto } = rig(() => failed);
    await publish(failed);
    await publish(
      tunnel({ state: 'healthy', diagnosis: { checkedAt: '', trigger: 'TARGET_NOT_CONNECTED', targetId: '', jumpHostId: '' } }),
    );
    expect(notes.at(-1)).toBeUndefined();
    await publish(failed);
    expect(runs).toHaveLength(2);
    auto.close();
  });
});
