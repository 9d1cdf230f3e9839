// A TCP port that never answers, on loopback, without root or firewall rules: a child process listens
// with a backlog of 1 and then blocks its own event loop, so it never calls accept(). Once the kernel's
// accept queue is full, Linux drops further SYNs (tcp_conn_request: "accept queue full"), and a
// connect() sees silence, exactly like a security group that drops the packet.
import { spawn, type ChildProcess } from 'node:child_process';
import { connect, type Socket } from 'node:net';

const CHILD = `
const server = require('node:net').createServer();
server.listen({ port: 0, host: process.argv[1], backlog: 1 }, () => {
  process.stdout.write(server.address().port + '\\n');
  // Blocks the event loop; gives up after two minutes so a crashed test leaves no process behind.
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 120000);
  process.exit(0);
});`;

export interface SilentPort {
  host: string;
  port: number;
  close(): Promise<void>;
}

function attempt(host: string, port: number, timeoutMs: number): Promise<Socket | undefined> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(undefined);
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** Starts the silent port and fills its accept queue until a connect goes unanswered (bounded). */
export async function startSilentPort(host = '127.0.0.1'): Promise<SilentPort> {
  const child: ChildProcess = spawn(process.execPath, ['-e', CHILD, host], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the silent listener did not start')), 10_000);
    child.stdout?.once('data', (chunk: Buffer) => {
      clearTimeout(timer);
      resolve(Number(chunk.toString('utf8').trim()));
    });
    child.once('exit', () => reject(new Error('the silent listener exited')));
  });
  const fillers: Socket[] = [];
  const close = async (): Promise<void> => {
    for (const socket of fillers) socket.destroy();
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }
  };
  for (let i = 0; i < 16; i += 1) {
    // A busy machine can delay a connect past a short wait: confirm silence with a longer one.
    const socket = (await attempt(host, port, 300)) ?? (await attempt(host, port, 2000));
    if (!socket) return { host, port, close };
    fillers.push(socket);
  }
  await close();
  throw new Error('the accept queue never filled');
}
