import net from 'node:net';
import { isPortFree } from '../../server/tunnels/ports.js';

// Small real-socket helpers shared by the tunnel tests (not shipped code paths).

export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * The port check tests give the manager: only ports in the system's ephemeral range count as free, so an
 * automatic choice never takes a well-known one (5432, 3306) that another program may hold or grab between
 * a stop and the next start; it falls through to a port the system picks.
 */
export async function freeEphemeralOnly(port: number): Promise<boolean> {
  return port >= 32_768 && (await isPortFree(port));
}

export interface EchoServer {
  port: number;
  close(): Promise<void>;
}

/** A TCP server that echoes, optionally greeting first (a "server speaks first" database). */
export function echoServer(greeting?: string): Promise<EchoServer> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    if (greeting) socket.write(greeting);
    socket.pipe(socket);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: (server.address() as net.AddressInfo).port,
        close: () =>
          new Promise((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      }),
    );
  });
}

/** Connects, sends `text`, and resolves with the first `text.length` bytes that come back. */
export function roundTrip(port: number, text: string, timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let received = '';
    const socket = net.connect(port, '127.0.0.1', () => socket.write(text));
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no echo on port ${port} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on('data', (data) => {
      received += data.toString();
      if (received.length >= text.length) {
        clearTimeout(timer);
        socket.end();
        resolve(received);
      }
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      if (received.length < text.length) reject(new Error(`connection to ${port} closed after ${JSON.stringify(received)}`));
    });
  });
}

/** Resolves when the socket is closed by the other side. */
export function openConnection(port: number): Promise<{ socket: net.Socket; closed: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const closed = new Promise<void>((done) => socket.once('close', () => done()));
    socket.once('connect', () => resolve({ socket, closed }));
    socket.once('error', reject);
  });
}
