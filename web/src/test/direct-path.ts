// Test kit (imported by *.test.tsx only): one database reachable directly over a VPN, as the daemon describes it.
import type { DirectPathResult } from '../../../shared/paths';

export const DIRECT_TARGET = 'acme-dev:us-east-1:instance:orders';
export const DIRECT_HOST = 'orders.c0ffee.us-east-1.rds.amazonaws.com';

export const directPath = (patch: Partial<DirectPathResult> = {}): DirectPathResult => ({
  targetId: DIRECT_TARGET,
  host: DIRECT_HOST,
  port: 5432,
  status: 'direct',
  usable: true,
  address: '10.0.8.12',
  scope: 'private',
  route: { interface: 'tun0', vpnInterface: true },
  health: {
    ok: true,
    checkedAt: '2026-12-01T10:00:00.000Z',
    latencyMs: 4,
    tls: { verified: true, serverName: DIRECT_HOST, version: 'TLSv1.3' },
  },
  message: 'This computer reaches the database directly over tun0.',
  checkedAt: '2026-12-01T10:00:00.000Z',
  ...patch,
});
