// MySQL/MariaDB probe: read the server greeting (protocol v10), and when the server offers TLS send
// the SSL request packet and verify the certificate like verify-full. Never authenticates.
// Protocol: https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase.html
//
// Why rare: MySQL counts connections aborted during the handshake against the client host and blocks
// it after max_connect_errors (default 100) unless a successful login resets the count. Through SSM the
// client host is the jump host, so probes must stay rare (the monitor's default is every 10 minutes,
// and never while clients are connected, whose logins reset the count).
import type { TlsSummary } from '../../../shared/api.js';
import { Deadline, type ProbeSuccess, type ProbeTarget } from './contract.js';
import { ProbeError } from './probe-error.js';
import { SocketReader, connectRelay, upgradeAndVerify } from './wire.js';

export const CLIENT_SSL = 0x800;
const CLIENT_LONG_PASSWORD = 0x1;
const CLIENT_PROTOCOL_41 = 0x200;
const CLIENT_SECURE_CONNECTION = 0x8000;
const CLIENT_PLUGIN_AUTH = 0x80000;
const MAX_GREETING = 64 * 1024;

export interface Greeting {
  protocol: number;
  serverVersion: string;
  capabilities: number;
}

/** Parses a HandshakeV10 payload (protocol, version, capability flags). */
export function parseGreeting(payload: Buffer): Greeting {
  const protocol = payload[0] ?? 0;
  const versionEnd = payload.indexOf(0, 1);
  if (protocol !== 10 || versionEnd < 0) {
    throw new ProbeError('PROTOCOL_MISMATCH', `The server's greeting is not a MySQL protocol 10 handshake (first byte ${protocol}).`);
  }
  // MariaDB before 11 prefixes "5.5.5-" so old replicas accept it; drop the disguise.
  const serverVersion = payload.toString('latin1', 1, versionEnd).replace(/^5\.5\.5-(?=\d+\.\d+\.\d+.*MariaDB)/, '');
  // version\0, connection id (4), auth-plugin-data part 1 (8), filler (1), capabilities low (2),
  // charset (1), status (2), capabilities high (2).
  let at = versionEnd + 1 + 4 + 8 + 1;
  let capabilities = payload.length >= at + 2 ? payload.readUInt16LE(at) : 0;
  at += 2 + 1 + 2;
  if (payload.length >= at + 2) capabilities |= payload.readUInt16LE(at) << 16;
  return { protocol, serverVersion, capabilities: capabilities >>> 0 };
}

/** The 32-byte SSLRequest (a HandshakeResponse41 prefix with CLIENT_SSL), sequence id 1. */
export function sslRequestPacket(): Buffer {
  const packet = Buffer.alloc(4 + 32);
  packet.writeUIntLE(32, 0, 3);
  packet[3] = 1;
  const flags = CLIENT_LONG_PASSWORD | CLIENT_PROTOCOL_41 | CLIENT_SECURE_CONNECTION | CLIENT_PLUGIN_AUTH | CLIENT_SSL;
  packet.writeUInt32LE(flags >>> 0, 4);
  packet.writeUInt32LE(16 * 1024 * 1024, 8);
  packet[12] = 33; // utf8_general_ci: known to every server version
  return packet; // 23 reserved zero bytes follow
}

function refusal(payload: Buffer): ProbeError {
  const code = payload.length >= 3 ? payload.readUInt16LE(1) : 0;
  let text = payload.toString('utf8', 3);
  if (text.startsWith('#')) text = text.slice(6); // '#' + SQLSTATE
  const hint =
    code === 1129
      ? 'The database blocked the jump host after too many aborted connections: run FLUSH HOSTS (or raise max_connect_errors).'
      : undefined;
  return new ProbeError('DATABASE_REFUSED', `The database refused the connection: ${code} ${text}`.trim(), {
    database: { protocol: 'mysql' },
    ...(hint ? { hint } : {}),
  });
}

export async function probeMysql(target: ProbeTarget): Promise<ProbeSuccess> {
  const deadline = new Deadline(target.timeoutMs);
  const socket = await connectRelay(target.host, target.port, deadline.left());
  try {
    const reader = new SocketReader(socket);
    const header = await reader.read(4, deadline.left());
    const length = header.readUIntLE(0, 3);
    if (length === 0 || length > MAX_GREETING) {
      throw new ProbeError('PROTOCOL_MISMATCH', 'The server did not send a MySQL greeting.');
    }
    const payload = await reader.read(length, deadline.left());
    if (payload[0] === 0xff) throw refusal(payload);
    const greeting = parseGreeting(payload);
    const database = { protocol: 'mysql' as const, version: greeting.serverVersion };
    if ((greeting.capabilities & CLIENT_SSL) === 0) {
      const tls: TlsSummary = {
        verified: false,
        serverName: target.serverName,
        error: 'The server does not offer TLS.',
        acceptsPlaintext: true,
      };
      return { database, tls };
    }
    socket.write(sslRequestPacket());
    reader.detach();
    try {
      const tls = await upgradeAndVerify(socket, target.serverName, target.ca, deadline.left());
      return { database, tls };
    } catch (error) {
      if (error instanceof ProbeError && !error.database) {
        throw new ProbeError(error.code, error.message, { hint: error.hint, tls: error.tls, database, cause: error.cause });
      }
      throw error;
    }
  } finally {
    socket.destroy();
  }
}
