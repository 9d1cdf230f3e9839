// The interface watcher in virtual time: a hand-driven clock and a scripted os.networkInterfaces().
import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { addressSet, watchInterfaces, type InterfaceChange } from './interface-watcher.js';

/** A manual clock: timers fire only when the test advances time. */
class FakeClock {
  now = 0;
  private timers = new Map<number, { at: number; fn: () => void }>();
  private nextId = 1;

  setTimer = (fn: () => void, ms: number): number => {
    const id = this.nextId++;
    this.timers.set(id, { at: this.now + ms, fn });
    return id;
  };

  clearTimer = (handle: unknown): void => {
    this.timers.delete(handle as number);
  };

  get pending(): number {
    return this.timers.size;
  }

  advance(ms: number): void {
    const end = this.now + ms;
    for (let guard = 0; guard < 1000; guard += 1) {
      const due = [...this.timers.entries()].filter(([, timer]) => timer.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.now = due[1].at;
      due[1].fn();
    }
    this.now = end;
  }
}

function info(address: string, cidr: string, internal = false): NetworkInterfaceInfo {
  const family = address.includes(':') ? 'IPv6' : 'IPv4';
  return {
    address,
    netmask: '',
    family,
    mac: '00:00:00:00:00:00',
    internal,
    cidr,
    ...(family === 'IPv6' ? { scopeid: 0 } : {}),
  } as NetworkInterfaceInfo;
}

const LAN = { lo: [info('127.0.0.1', '127.0.0.1/8', true)], en0: [info('192.168.1.20', '192.168.1.20/24')] };
const WITH_VPN = { ...LAN, tun0: [info('10.20.0.5', '10.20.0.5/22')] };

function setup(initial: NodeJS.Dict<NetworkInterfaceInfo[]>) {
  const clock = new FakeClock();
  const changes: InterfaceChange[] = [];
  let current = initial;
  let reads = 0;
  const watcher = watchInterfaces({
    intervalMs: 1000,
    onChange: (change) => changes.push(change),
    readInterfaces: () => {
      reads += 1;
      return current;
    },
    setTimer: clock.setTimer,
    clearTimer: clock.clearTimer,
  });
  return {
    clock,
    changes,
    watcher,
    reads: () => reads,
    set(next: NodeJS.Dict<NetworkInterfaceInfo[]>) {
      current = next;
    },
  };
}

describe('watchInterfaces', () => {
  it('stays quiet while nothing changes', () => {
    const rig = setup(LAN);
    rig.clock.advance(10_000);
    expect(rig.reads()).toBe(11); // the first snapshot, then one poll per second
    expect(rig.changes).toEqual([]);
    expect(rig.watcher.addresses()).toEqual(['en0 192.168.1.20/24']);
  });

  it('reports a VPN coming up and going away, at the next poll', () => {
    const rig = setup(LAN);
    rig.clock.advance(1000);
    rig.set(WITH_VPN);
    rig.clock.advance(999);
    expect(rig.changes).toEqual([]);
    rig.clock.advance(1);
    expect(rig.changes).toEqual([{ added: ['tun0 10.20.0.5/22'], removed: [] }]);
    rig.set(LAN);
    rig.clock.advance(1000);
    expect(rig.changes[1]).toEqual({ added: [], removed: ['tun0 10.20.0.5/22'] });
  });

  it('reports an address that changes on the same interface as one removed and one added', () => {
    const rig = setup(LAN);
    rig.set({ ...LAN, en0: [info('192.168.7.9', '192.168.7.9/24')] });
    rig.clock.advance(1000);
    expect(rig.changes).toEqual([{ added: ['en0 192.168.7.9/24'], removed: ['en0 192.168.1.20/24'] }]);
  });

  it('keeps polling when reading the interfaces or the listener throws', () => {
    const clock = new FakeClock();
    const seen: InterfaceChange[] = [];
    let step = 0;
    const script = [LAN, 'throw', WITH_VPN, LAN] as const;
    const watcher = watchInterfaces({
      intervalMs: 1000,
      readInterfaces: () => {
        const next = script[Math.min(step++, script.length - 1)];
        if (next === 'throw') throw new Error('uv_interface_addresses failed');
        return next as NodeJS.Dict<NetworkInterfaceInfo[]>;
      },
      onChange: (change) => {
        seen.push(change);
        throw new Error('listener bug');
      },
      setTimer: clock.setTimer,
      clearTimer: clock.clearTimer,
    });
    clock.advance(3000);
    expect(seen).toEqual([
      { added: ['tun0 10.20.0.5/22'], removed: [] },
      { added: [], removed: ['tun0 10.20.0.5/22'] },
    ]);
    watcher.stop();
  });

  it('stops: no timer left, no read, no report after stop()', () => {
    const rig = setup(LAN);
    rig.clock.advance(1000);
    rig.watcher.stop();
    expect(rig.clock.pending).toBe(0);
    const reads = rig.reads();
    rig.set(WITH_VPN);
    rig.clock.advance(10_000);
    expect(rig.reads()).toBe(reads);
    expect(rig.changes).toEqual([]);
  });

  it('stop() from inside the listener ends the watch too', () => {
    const clock = new FakeClock();
    let current: NodeJS.Dict<NetworkInterfaceInfo[]> = LAN;
    let calls = 0;
    const watcher = watchInterfaces({
      intervalMs: 1000,
      readInterfaces: () => current,
      onChange: () => {
        calls += 1;
        watcher.stop();
      },
      setTimer: clock.setTimer,
      clearTimer: clock.clearTimer,
    });
    current = WITH_VPN;
    clock.advance(1000);
    current = LAN;
    clock.advance(5000);
    expect(calls).toBe(1);
    expect(clock.pending).toBe(0);
  });
});

describe('addressSet', () => {
  it('leaves out internal addresses and falls back to the address when cidr is missing', () => {
    const set = addressSet({ lo: [info('::1', '::1/128', true)], wg0: [{ ...info('fd00::2', ''), cidr: null }] });
    expect([...set]).toEqual(['wg0 fd00::2']);
  });
});
