import { describe, expect, it } from 'vitest';
import type { HealthLayer } from '../../shared/api.js';
import { composeHealth } from './compose.js';
import type { ProbeResult } from './probe.js';

const T0 = '2026-11-22T10:00:00.000Z';
const T1 = '2026-11-22T10:05:00.000Z';
const T2 = '2026-11-22T10:10:00.000Z';

const okProbe: ProbeResult = {
  ok: true,
  checkedAt: T1,
  latencyMs: 42,
  database: { protocol: 'postgres' },
  tls: {
    verified: true,
    version: 'TLSv1.3',
    serverName: 'db.rds.amazonaws.com',
    subject: 'db.rds.amazonaws.com',
    issuer: 'Amazon RDS eu-west-1 Root CA RSA2048 G1',
  },
};
const failed = (code: string, checkedAt = T1): ProbeResult => ({
  ok: false,
  checkedAt,
  latencyMs: 5,
  error: { code, message: `${code} happened`, hint: 'do something' },
});
const layer = (name: HealthLayer['name'], status: HealthLayer['status'], detail?: string): HealthLayer => ({
  name,
  status,
  ...(detail ? { detail } : {}),
});
const statuses = (h: ReturnType<typeof composeHealth>) => Object.fromEntries(h.layers.map((l) => [l.name, l.status]));

describe('composeHealth', () => {
  it('knows nothing without evidence', () => {
    const health = composeHealth({});
    expect(health.status).toBe('unknown');
    expect(health.layers.map((l) => l.name)).toEqual(['credentials', 'jump-host', 'relay', 'session', 'database']);
    expect(health.error).toBeUndefined();
  });

  it('a good probe makes the path healthy and carries TLS, latency and time', () => {
    const health = composeHealth({
      probe: okProbe,
      layers: { credentials: layer('credentials', 'ok'), 'jump-host': layer('jump-host', 'ok', 'Online') },
    });
    expect(health.status).toBe('healthy');
    expect(statuses(health)).toEqual({ credentials: 'ok', 'jump-host': 'ok', relay: 'ok', session: 'ok', database: 'ok' });
    expect(health.layers[4]?.detail).toMatch(/TLSv1.3, certificate verified/);
    expect(health).toMatchObject({ latencyMs: 42, checkedAt: T1, tls: okProbe.tls, database: { protocol: 'postgres' } });
  });

  it('a working session vouches for the credentials and the jump host, so a healthy tunnel has no unknown layer', () => {
    const health = composeHealth({ probe: okProbe });
    expect(statuses(health)).toEqual({ credentials: 'ok', 'jump-host': 'ok', relay: 'ok', session: 'ok', database: 'ok' });
    expect(health.layers[1]?.detail).toMatch(/SSM agent/);
    // No session proven (the relay is down): nothing is claimed about the layers below it.
    expect(statuses(composeHealth({ probe: failed('RELAY_DOWN') }))).toMatchObject({ credentials: 'unknown', 'jump-host': 'unknown' });
    expect(statuses(composeHealth({ probe: failed('SESSION_DEAD') }))).toMatchObject({ credentials: 'unknown', 'jump-host': 'unknown' });
  });

  it.each([
    ['RELAY_DOWN', 'relay', { relay: 'fail', session: 'unknown', database: 'unknown' }],
    ['SESSION_DEAD', 'session', { relay: 'ok', session: 'fail', database: 'unknown' }],
    ['DESTINATION_UNREACHABLE', 'database', { relay: 'ok', session: 'ok', database: 'fail' }],
    ['TLS_NAME_MISMATCH', 'database', { relay: 'ok', session: 'ok', database: 'fail' }],
    ['PROBE_TIMEOUT', 'database', { relay: 'ok', session: 'ok', database: 'fail' }],
  ])('probe %s fails the %s layer and is the root cause', (code, _layer, expected) => {
    const health = composeHealth({ probe: failed(code) });
    expect(health.status).toBe('unhealthy');
    expect(statuses(health)).toMatchObject(expected);
    expect(health.error).toEqual({ code, message: `${code} happened`, hint: 'do something' });
  });

  it('the first failing layer is the root cause: an offline jump host explains a dead database', () => {
    const health = composeHealth({
      probe: failed('DESTINATION_UNREACHABLE'),
      layers: { 'jump-host': layer('jump-host', 'fail', 'PingStatus is ConnectionLost') },
    });
    expect(health.status).toBe('unhealthy');
    expect(health.error?.code).toBe('JUMP_HOST_OFFLINE');
    expect(health.error?.message).toBe('PingStatus is ConnectionLost');
  });

  it('a supervisor layer failing now beats an older good probe', () => {
    const health = composeHealth({ probe: okProbe, layers: { session: layer('session', 'fail', 'The plugin exited; reconnecting') } });
    expect(health.status).toBe('unhealthy');
    expect(health.error).toMatchObject({ code: 'SESSION_DEAD', message: 'The plugin exited; reconnecting' });
  });

  it('expired credentials alone do not make a working tunnel unhealthy, but show on their layer', () => {
    const health = composeHealth({ probe: okProbe, layers: { credentials: layer('credentials', 'fail', 'SSO token expired') } });
    expect(health.status).toBe('healthy');
    expect(statuses(health).credentials).toBe('fail');
    const noProbe = composeHealth({ layers: { credentials: layer('credentials', 'fail', 'SSO token expired') } });
    expect(noProbe.status).toBe('unhealthy');
    expect(noProbe.error?.code).toBe('CREDENTIALS_INVALID');
  });

  it('a destination-failure line after a good probe → unhealthy DESTINATION_UNREACHABLE without a probe', () => {
    const health = composeHealth({ probe: okProbe, passive: { destinationFailureAt: T2 } });
    expect(health.status).toBe('unhealthy');
    expect(health.error?.code).toBe('DESTINATION_UNREACHABLE');
    expect(health.error?.hint).toMatch(/security group/);
    expect(health.tls).toEqual(okProbe.tls);
  });

  it('a client success after a connectivity failure heals; after a TLS fault it does not', () => {
    const healed = composeHealth({ probe: failed('SESSION_DEAD'), passive: { destinationFailureAt: T0, lastClientSuccessAt: T2 } });
    expect(healed.status).toBe('healthy');
    expect(healed.lastClientSuccessAt).toBe(T2);
    const tls = composeHealth({ probe: failed('TLS_UNKNOWN_CA'), passive: { lastClientSuccessAt: T2 } });
    expect(tls.status).toBe('unhealthy');
    expect(tls.error?.code).toBe('TLS_UNKNOWN_CA');
  });

  it('a probe newer than a destination failure decides', () => {
    const health = composeHealth({ probe: { ...okProbe, checkedAt: T2 }, passive: { destinationFailureAt: T1 } });
    expect(health.status).toBe('healthy');
  });
});
