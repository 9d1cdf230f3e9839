// Plain TCP probe for engines we do not speak: connect through the relay and, if the server speaks
// first, read its first bytes. A silent server is fine (many protocols wait for the client).
import { Deadline, type ProbeSuccess, type ProbeTarget } from './contract.js';
import { SocketReader, connectRelay } from './wire.js';

/** How long to wait for a server that speaks first. */
export const BANNER_WAIT_MS = 500;

/** A short, printable rendering of a banner, or undefined for binary noise. */
export function describeBanner(bytes: Buffer): string | undefined {
  const line = bytes.toString('latin1').split(/\r?\n/)[0] ?? '';
  const printable = line.replace(/[^\x20-\x7e]/g, '');
  // Mostly unprintable means a binary protocol: say how many bytes instead.
  if (printable.length === 0 || printable.length < line.length * 0.8) return undefined;
  return printable.slice(0, 80);
}

export async function probeTcp(target: ProbeTarget, bannerWaitMs = BANNER_WAIT_MS): Promise<ProbeSuccess> {
  const deadline = new Deadline(target.timeoutMs);
  const socket = await connectRelay(target.host, target.port, deadline.left());
  try {
    const reader = new SocketReader(socket);
    const first = await reader.readSome(Math.min(bannerWaitMs, deadline.left()));
    if (!first) return { database: { protocol: 'tcp' }, detail: 'Connected; the server waits for the client to speak.' };
    const banner = describeBanner(first);
    return {
      database: { protocol: 'tcp' },
      detail: banner ? `Connected; the server said "${banner}".` : `Connected; the server sent ${first.length} bytes.`,
    };
  } finally {
    socket.destroy();
  }
}
