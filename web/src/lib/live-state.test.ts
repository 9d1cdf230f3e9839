import { describe, expect, it } from 'vitest';
import type { DaemonStatus, InventoryProgress, Tunnel } from '../../../shared/api';
import { appendHistory, connectionChanged, applyEvent, finishedSlice, HISTORY_LIMIT, tunnelMoved, type LiveState } from './live-state';

const status: DaemonStatus = {
  version: '1.0.0',
  pid: 1,
  startedAt: '2026-01-01T00:00:00Z',
  configDir: '/c',
  configPath: '/c/config.json',
  plugin: { found: true, version: '1.2.3' },
  notices: [],
};

function tunnel(id: string, patch: Partial<Tunnel> = {}): Tunnel {
  return {
    id,
    name: id,
    profile: 'dev',
    region: 'eu-west-1',
    target: { host: 'db.example', port: 5432, name: id },
    jumpHostId: 'i-1',
    localPort: 5432,
    lazy: false,
    autoStart: false,
    state: 'starting',
    since: '2026-01-01T00:00:00Z',
    stats: { activeConnections: 0, totalConnections: 0, bytesIn: 0, bytesOut: 0, restarts: 0, destinationFailures: 0 },
    health: { status: 'unknown', layers: [] },
    ...patch,
  };
}

const progress = (phase: InventoryProgress['phase'], done: number, fetchedAt?: string): InventoryProgress => ({
  profile: 'dev',
  region: 'eu-west-1',
  phase,
  done,
  total: 4,
  ...(fetchedAt ? { fetchedAt } : {}),
});

const empty: LiveState = { tunnels: [], inventory: [] };

describe('applyEvent', () => {
  it('replaces everything on a snapshot', () => {
    const before: LiveState = { tunnels: [tunnel('old')], inventory: [progress('loading', 1)] };
    const after = applyEvent(before, { type: 'snapshot', data: { status, tunnels: [tunnel('a')], inventory: [] } });
    expect(after).toEqual({ status, tunnels: [tunnel('a')], inventory: [] });
  });

  it('upserts tunnels in place and appends new ones', () => {
    let s = applyEvent(empty, { type: 'tunnel', data: tunnel('a') });
    s = applyEvent(s, { type: 'tunnel', data: tunnel('b') });
    s = applyEvent(s, { type: 'tunnel', data: tunnel('a', { state: 'open' }) });
    expect(s.tunnels.map((t) => [t.id, t.state])).toEqual([
      ['a', 'open'],
      ['b', 'starting'],
    ]);
  });

  it('removes a tunnel and ignores unknown ids', () => {
    const s = applyEvent({ ...empty, tunnels: [tunnel('a'), tunnel('b')] }, { type: 'tunnel-removed', data: { id: 'a' } });
    expect(s.tunnels.map((t) => t.id)).toEqual(['b']);
    expect(applyEvent(s, { type: 'tunnel-removed', data: { id: 'zzz' } }).tunnels).toHaveLength(1);
  });

  it('keeps one progress entry per profile and region', () => {
    let s = applyEvent(empty, { type: 'inventory', data: progress('loading', 1) });
    s = applyEvent(s, { type: 'inventory', data: progress('loading', 3) });
    s = applyEvent(s, { type: 'inventory', data: { ...progress('loading', 1), region: 'us-east-1' } });
    expect(s.inventory.map((p) => `${p.region}:${p.done}`)).toEqual(['eu-west-1:3', 'us-east-1:1']);
  });

  it('replaces the status on a daemon event and leaves the rest alone', () => {
    const before: LiveState = { tunnels: [tunnel('a')], inventory: [] };
    const after = applyEvent(before, { type: 'daemon', data: status });
    expect(after.status).toBe(status);
    expect(after.tunnels).toBe(before.tunnels);
  });
});

describe('tunnelMoved', () => {
  it('ignores counter-only updates', () => {
    const a = tunnel('a', { state: 'open' });
    const b = tunnel('a', { state: 'open', stats: { ...a.stats, bytesIn: 99 } });
    expect(tunnelMoved(a, b)).toBe(false);
  });
  it('notices state changes, restarts and new tunnels', () => {
    const a = tunnel('a');
    expect(tunnelMoved(undefined, a)).toBe(true);
    expect(tunnelMoved(a, tunnel('a', { state: 'open' }))).toBe(true);
    expect(tunnelMoved(a, tunnel('a', { stats: { ...a.stats, restarts: 1 } }))).toBe(true);
  });
});

describe('finishedSlice', () => {
  it('is true when a loading slice finishes, false while loading', () => {
    expect(finishedSlice([], progress('loading', 1))).toBe(false);
    expect(finishedSlice([progress('loading', 3)], progress('done', 4, 't1'))).toBe(true);
    expect(finishedSlice([progress('loading', 3)], progress('error', 2))).toBe(true);
  });
  it('is false for a repeated done event with the same fetch time', () => {
    expect(finishedSlice([progress('done', 4, 't1')], progress('done', 4, 't1'))).toBe(false);
    expect(finishedSlice([progress('done', 4, 't1')], progress('done', 4, 't2'))).toBe(true);
  });
});

describe('appendHistory', () => {
  it('adds an entry per state change, refines the reason in place, and stays bounded', () => {
    let h = appendHistory(undefined, tunnel('a', { state: 'starting', since: 't0' }));
    h = appendHistory(h, tunnel('a', { state: 'starting', since: 't0', stats: { ...tunnel('a').stats, bytesIn: 5 } }));
    h = appendHistory(h, tunnel('a', { state: 'open', since: 't1', reason: 'Port open' }));
    h = appendHistory(h, tunnel('a', { state: 'open', since: 't1', reason: 'Port 5432 open' }));
    expect(h).toEqual([
      { state: 'starting', since: 't0' },
      { state: 'open', since: 't1', reason: 'Port 5432 open' },
    ]);
    for (let i = 0; i < 50; i++) h = appendHistory(h, tunnel('a', { state: i % 2 ? 'open' : 'reconnecting', since: `s${i}` }));
    expect(h).toHaveLength(HISTORY_LIMIT);
    expect(h[h.length - 1]?.since).toBe('s49');
  });
});

describe('connectionChanged', () => {
  it('is true when the port, user or database changed (the strings differ), not for counters or state', () => {
    const a = tunnel('a', { state: 'open' });
    expect(connectionChanged(undefined, a)).toBe(false);
    expect(connectionChanged(a, tunnel('a', { state: 'healthy' }))).toBe(false);
    expect(connectionChanged(a, tunnel('a', { user: 'reporting' }))).toBe(true);
    expect(connectionChanged(a, tunnel('a', { database: 'billing' }))).toBe(true);
    expect(connectionChanged(a, tunnel('a', { localPort: 6000 }))).toBe(true);
  });
});
