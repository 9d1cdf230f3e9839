// The pure parts of the direct-path finder, with a stand-in network for addresses a test must not
// reach (10.x, 100.64.x, public): address scopes, VPN carriers, route parsing, order and concurrency.
import { describe, expect, it } from 'vitest';
import { addressScope, carrierOf } from './address-scope.js';
import { findDirectPath, findDirectPaths, type DirectPathDeps, type LookupAddress } from './find-direct-path.js';
import { ProbeError } from '../../health/probes/probe-error.js';
import { parseBsdRouteGet, parseIpRouteGet } from './route-info.js';

describe('addressScope', () => {
  it.each([
    ['10.0.8.14', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.1', 'public'],
    ['192.168.1.20', 'private'],
    ['100.64.0.1', 'shared'],
    ['100.127.255.254', 'shared'],
    ['100.128.0.1', 'public'],
    ['127.0.0.2', 'loopback'],
    ['169.254.10.1', 'link-local'],
    ['52.95.110.1', 'public'],
    ['fd12:3456::1', 'unique-local'],
    ['fe80::1', 'link-local'],
    ['::1', 'loopback'],
    ['2600:1f18::1', 'public'],
    ['::ffff:10.1.2.3', 'private'],
  ])('%s is %s', (address, scope) => {
    expect(addressScope(address)).toBe(scope);
  });
});

describe('carrierOf', () => {
  const networks = [
    { cidr: '10.0.0.0/16', via: 'dev VPN' },
    { cidr: '10.0.8.0/24', via: 'dba VPN' },
    { cidr: 'not-a-cidr', via: 'broken' },
    { cidr: 'fd00::/8', via: 'v6 VPN' },
  ];
  it('picks the longest matching prefix, as routing does', () => {
    expect(carrierOf('10.0.8.14', networks)?.via).toBe('dba VPN');
    expect(carrierOf('10.0.9.14', networks)?.via).toBe('dev VPN');
    expect(carrierOf('fd00::5', networks)?.via).toBe('v6 VPN');
    expect(carrierOf('192.168.0.1', networks)).toBeUndefined();
  });
});

describe('route parsing', () => {
  it('reads iproute2', () => {
    expect(parseIpRouteGet('10.0.8.14 via 10.20.0.1 dev tun0 src 10.20.0.5 uid 1000 \n    cache \n')).toEqual({
      interface: 'tun0',
      gateway: '10.20.0.1',
      source: '10.20.0.5',
      vpnInterface: true,
    });
    expect(parseIpRouteGet('local 127.0.0.1 dev lo src 127.0.0.1 uid 0 \n    cache <local> \n')).toEqual({
      interface: 'lo',
      source: '127.0.0.1',
      vpnInterface: false,
    });
    expect(parseIpRouteGet('')).toBeUndefined();
  });

  it('reads macOS route -n get', () => {
    const text = [
      '   route to: 10.0.8.14',
      'destination: 10.0.0.0',
      '       mask: 255.255.0.0',
      '    gateway: 10.20.0.1',
      '  interface: utun4',
      '      flags: <UP,GATEWAY,DONE,STATIC,PRCLONING>',
      ' recvpipe  sendpipe  ssthresh  rtt,msec    rttvar  hopcount      mtu     expire',
      '       0         0         0         0         0         0      1500         0',
    ].join('\n');
    expect(parseBsdRouteGet(text)).toEqual({ interface: 'utun4', gateway: '10.20.0.1', vpnInterface: true });
  });
});

type Outcome = 'open' | 'silent' | 'refused' | 'unreachable';

/** A stand-in network: each address answers as told; records the connect order. */
function network(outcomes: Record<string, Outcome>): { connect: NonNullable<DirectPathDeps['connect']>; tried: string[] } {
  const tried: string[] = [];
  const connect = async (address: string, port: number): Promise<void> => {
    tried.push(`${address}:${port}`);
    const outcome = outcomes[address] ?? 'silent';
    if (outcome === 'open') return;
    if (outcome === 'silent') throw new ProbeError('PROBE_TIMEOUT', 'silent');
    const code = outcome === 'refused' ? 'ECONNREFUSED' : 'EHOSTUNREACH';
    throw new ProbeError('RELAY_DOWN', code, { cause: Object.assign(new Error(code), { code }) });
  };
  return { connect, tried };
}

function lookupFrom(table: Record<string, string[]>): DirectPathDeps['lookup'] {
  return async (hostname: string): Promise<LookupAddress[]> => (table[hostname] ?? []).map((address) => ({ address, family: 4 }));
}

describe('findDirectPath with a stand-in network', () => {
  const names = {
    'orders.internal': ['10.0.8.14'],
    'cgnat.internal': ['100.64.3.4'],
    'public.db': ['52.95.110.1'],
    'multi.db': ['10.9.9.9', '10.0.8.20'],
  };

  it('a private address that stays silent is blocked and names the most specific VPN', async () => {
    const { connect } = network({});
    const path = await findDirectPath(
      { host: 'orders.internal', port: 5432 },
      {
        lookup: lookupFrom(names),
        ca: [],
        connect,
        knownNetworks: [
          { cidr: '10.0.0.0/16', via: 'Client VPN "dev"' },
          { cidr: '10.0.8.0/24', via: 'Client VPN "dba"' },
        ],
      },
    );
    expect(path).toMatchObject({ status: 'blocked', reason: 'timeout', scope: 'private', via: 'Client VPN "dba"' });
  });

  it('without a known network, a route over a VPN interface names that interface', async () => {
    const { connect } = network({});
    const path = await findDirectPath(
      { host: 'cgnat.internal', port: 3306 },
      { lookup: lookupFrom(names), ca: [], connect, routeTo: async () => ({ interface: 'utun3', vpnInterface: true }) },
    );
    expect(path).toMatchObject({ status: 'blocked', scope: 'shared', via: 'the VPN on utun3', route: { interface: 'utun3' } });
  });

  it('a public address: reachable is public; silent is blocked with a security-group hint, and no VPN is named', async () => {
    const open = await findDirectPath(
      { host: 'public.db', port: 6379, engine: 'redis' },
      { lookup: lookupFrom(names), ca: [], connect: network({ '52.95.110.1': 'open' }).connect },
    );
    expect(open).toMatchObject({ status: 'public', scope: 'public' });
    expect(open).not.toHaveProperty('handshake');
    const silent = await findDirectPath(
      { host: 'public.db', port: 6379 },
      { lookup: lookupFrom(names), ca: [], connect: network({}).connect, knownNetworks: [{ cidr: '0.0.0.0/0', via: 'full tunnel' }] },
    );
    expect(silent).toMatchObject({ status: 'blocked', scope: 'public' });
    expect(silent).not.toHaveProperty('via');
    expect(silent.message).toMatch(/security group/);
  });

  it('tries the addresses in order, skipping a tunnel-held one, and reports the first failure when none answers', async () => {
    const stand = network({ '10.0.8.20': 'open' });
    const path = await findDirectPath({ host: 'multi.db', port: 1433 }, { lookup: lookupFrom(names), ca: [], connect: stand.connect });
    expect(path).toMatchObject({ status: 'direct', address: '10.0.8.20' });
    expect(stand.tried).toEqual(['10.9.9.9:1433', '10.0.8.20:1433']);

    const none = network({ '10.9.9.9': 'unreachable', '10.0.8.20': 'refused' });
    const blocked = await findDirectPath({ host: 'multi.db', port: 1433 }, { lookup: lookupFrom(names), ca: [], connect: none.connect });
    expect(blocked).toMatchObject({ status: 'blocked', address: '10.9.9.9', reason: 'unreachable' });

    const held = network({});
    const skipped = await findDirectPath(
      { host: 'multi.db', port: 1433 },
      { lookup: lookupFrom(names), ca: [], connect: held.connect, isTunnelPort: () => true },
    );
    expect(skipped).toMatchObject({ status: 'skipped', address: '10.9.9.9' });
    expect(held.tried).toEqual([]);
  });

  it('a name with no address is unresolved', async () => {
    const path = await findDirectPath({ host: 'empty.db', port: 5432 }, { lookup: lookupFrom({}), ca: [], connect: network({}).connect });
    expect(path.status).toBe('unresolved');
  });
});

describe('findDirectPaths', () => {
  it('checks no more targets at once than asked, and answers in the order given', async () => {
    let inFlight = 0;
    let most = 0;
    const lookup: DirectPathDeps['lookup'] = async (hostname) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight -= 1;
      return [{ address: hostname.startsWith('open') ? '10.0.0.1' : '10.0.0.2', family: 4 }];
    };
    const { connect } = network({ '10.0.0.1': 'open' });
    const targets = ['open-1', 'shut-2', 'open-3', 'shut-4', 'open-5', 'shut-6'].map((host) => ({ host, port: 5432 }));
    const paths = await findDirectPaths(targets, { lookup, ca: [], connect }, 2);
    expect(most).toBe(2);
    expect(paths.map((path) => `${path.target.host}:${path.status}`)).toEqual([
      'open-1:direct',
      'shut-2:blocked',
      'open-3:direct',
      'shut-4:blocked',
      'open-5:direct',
      'shut-6:blocked',
    ]);
  });
});
