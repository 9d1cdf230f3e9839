import net from 'node:net';
import { engineInfo } from '../../shared/engines.js';

// Which local port a new tunnel gets: the user's choice, else the one this target used last time, else the
// engine's usual port if free, else a free port near it (issue 4, "Starting" step 1).

/** Whether nothing listens on 127.0.0.1:port right now (we try to bind it, then let go). */
export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** A port the system picks as free. */
export function ephemeralPort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port: 0, host }, () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface PortChoice {
  requested?: number;
  /** settings.lastPorts[targetId] */
  lastPort?: number;
  engine?: string;
  /** The destination port, the fallback "usual port" for engines we do not know. */
  targetPort: number;
  /** Ports other tunnels hold, even while stopped: never hand them out twice. */
  reserved: ReadonlySet<number>;
  isFree?: (port: number) => Promise<boolean>;
  /** How many ports above the usual one to try before asking the system. */
  searchSpan?: number;
}

export async function resolveLocalPort(choice: PortChoice): Promise<number> {
  // The user's own choice is kept even when busy: binding it reports PORT_IN_USE naming it.
  if (choice.requested !== undefined) return choice.requested;
  const isFree = choice.isFree ?? ((port: number) => isPortFree(port));
  const usable = async (port: number): Promise<boolean> => !choice.reserved.has(port) && (await isFree(port));
  if (choice.lastPort !== undefined && (await usable(choice.lastPort))) return choice.lastPort;
  const usual = engineInfo(choice.engine, choice.targetPort).defaultPort ?? choice.targetPort;
  const span = choice.searchSpan ?? 100;
  for (let port = usual; port <= Math.min(65535, usual + span); port++) {
    if (await usable(port)) return port;
  }
  for (let tries = 0; tries < 20; tries++) {
    const port = await ephemeralPort();
    if (!choice.reserved.has(port)) return port;
  }
  throw new Error('no free local port found');
}

/**
 * Picks a port as `resolveLocalPort` does and binds with it. An automatic port can be taken by another
 * program between the check and the bind: then the next one is tried, a few times. The user's own port is
 * never changed behind their back: its PORT_IN_USE goes to the caller.
 */
export async function bindOnFreePort<T>(choice: PortChoice, bind: (port: number) => Promise<T>, retries = 5): Promise<T> {
  const reserved = new Set(choice.reserved);
  for (let attempt = 0; ; attempt++) {
    const port = await resolveLocalPort({ ...choice, reserved });
    try {
      return await bind(port);
    } catch (error) {
      const lostRace = choice.requested === undefined && (error as { code?: string }).code === 'PORT_IN_USE' && attempt < retries;
      if (!lostRace) throw error;
      reserved.add(port);
    }
  }
}
