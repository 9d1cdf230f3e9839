// Tells when this machine's network addresses change (a VPN connects or drops, Wi-Fi changes), so
// direct paths are checked again. Node has no event for it, so it polls os.networkInterfaces() on a
// self-rescheduling timer with an off switch; the clock and the reader are injected for tests.
import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';

type TimerHandle = unknown;

export interface InterfaceChange {
  /** `name address/prefix` entries that appeared, e.g. `tun0 10.20.0.5/22`. */
  added: string[];
  removed: string[];
}

export interface InterfaceWatcherOptions {
  onChange: (change: InterfaceChange) => void;
  intervalMs?: number;
  readInterfaces?: () => NodeJS.Dict<NetworkInterfaceInfo[]>;
  setTimer?: (fn: () => void, ms: number) => TimerHandle;
  clearTimer?: (handle: TimerHandle) => void;
}

export interface InterfaceWatcher {
  /** The addresses as of the last poll, sorted. */
  addresses(): string[];
  /** Stops polling; no onChange call happens after it returns. */
  stop(): void;
}

export const DEFAULT_INTERFACE_POLL_MS = 5000;

/** Non-internal addresses as `name address/prefix`; loopback never carries a path to a database. */
export function addressSet(interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>): Set<string> {
  const set = new Set<string>();
  for (const [name, infos] of Object.entries(interfaces)) {
    for (const info of infos ?? []) {
      if (!info.internal) set.add(`${name} ${info.cidr ?? info.address}`);
    }
  }
  return set;
}

function defaultSetTimer(fn: () => void, ms: number): TimerHandle {
  const timer = setTimeout(fn, ms);
  timer.unref(); // a watcher alone never keeps the daemon alive
  return timer;
}

export function watchInterfaces(options: InterfaceWatcherOptions): InterfaceWatcher {
  const read = options.readInterfaces ?? networkInterfaces;
  const setTimer = options.setTimer ?? defaultSetTimer;
  const clearTimer = options.clearTimer ?? ((handle: TimerHandle) => clearTimeout(handle as NodeJS.Timeout));
  const intervalMs = options.intervalMs ?? DEFAULT_INTERFACE_POLL_MS;
  const snapshot = (): Set<string> | undefined => {
    try {
      return addressSet(read());
    } catch {
      return undefined; // some platforms fail now and then (uv_interface_addresses); try next time
    }
  };

  let current = snapshot() ?? new Set<string>();
  let stopped = false;
  let timer: TimerHandle | undefined;

  const poll = (): void => {
    timer = undefined;
    if (stopped) return;
    const next = snapshot();
    if (next) {
      const added = [...next].filter((entry) => !current.has(entry)).sort();
      const removed = [...current].filter((entry) => !next.has(entry)).sort();
      current = next;
      if (added.length > 0 || removed.length > 0) {
        try {
          options.onChange({ added, removed });
        } catch {
          // A failing listener must not end the watch.
        }
      }
    }
    if (!stopped) timer = setTimer(poll, intervalMs);
  };
  timer = setTimer(poll, intervalMs);

  return {
    addresses: () => [...current].sort(),
    stop() {
      stopped = true;
      if (timer !== undefined) clearTimer(timer);
      timer = undefined;
    },
  };
}
