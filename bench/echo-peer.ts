// The echo "database" for traffic benchmarks, in its own process (traffic-peer.mjs) so the daemon's event loop
// only does the relay's work.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { waitFor } from '../testing/tunnels/helpers.js';

const PEER = fileURLToPath(new URL('./traffic-peer.mjs', import.meta.url));

export async function echoPeer(): Promise<{ port: number; close(): Promise<void> }> {
  const child = spawn(process.execPath, [PEER, 'echo'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await waitFor(() => /PORT \d+/.test(output), 10_000, 'the echo peer');
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return {
    port: Number(/PORT (\d+)/.exec(output)?.[1]),
    close: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
