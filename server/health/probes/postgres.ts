// PostgreSQL probe: SSLRequest, TLS with verify-full semantics, then a cheap second connection that
// asks whether the server would also talk without TLS. Never authenticates.
// Protocol: https://www.postgresql.org/docs/current/protocol-message-formats.html
import type { Socket } from 'node:net';
import type { TlsSummary } from '../../../shared/api.js';
import { Deadline, type ProbeSuccess, type ProbeTarget } from './contract.js';
import { ProbeError } from './probe-error.js';
import { SocketReader, connectRelay, upgradeAndVerify } from './wire.js';

const SSL_REQUEST_CODE = 80877103;
const PROTOCOL_3_0 = 196608;
/** The role and application name the plaintext check announces (it never logs in). */
const PROBE_USER = 'porthole_probe';

export function sslRequest(): Buffer {
  const message = Buffer.alloc(8);
  message.writeInt32BE(8, 0);
  message.writeInt32BE(SSL_REQUEST_CODE, 4);
  return message;
}

export function startupMessage(user: string, database: string): Buffer {
  const params = Buffer.from(`user\0${user}\0database\0${database}\0application_name\0porthole-health\0\0`, 'utf8');
  const message = Buffer.alloc(8 + params.length);
  message.writeInt32BE(message.length, 0);
  message.writeInt32BE(PROTOCOL_3_0, 4);
  params.copy(message, 8);
  return message;
}

/** Fields of an ErrorResponse body: `C` is the SQLSTATE, `M` the message. */
export function parseErrorFields(body: Buffer): Record<string, string> {
  const fields: Record<string, string> = {};
  let at = 0;
  while (at < body.length && body[at] !== 0) {
    const type = String.fromCharCode(body[at] as number);
    const end = body.indexOf(0, at + 1);
    if (end < 0) break;
    fields[type] = body.toString('utf8', at + 1, end);
    at = end + 1;
  }
  return fields;
}

/**
 * What the first answer to a plaintext StartupMessage says about non-TLS connections. An auth request
 * means the server would go on without TLS; a pg_hba rejection that mentions "no encryption" (PG 12+)
 * or "SSL off" (older, and RDS with rds.force_ssl) means it would not.
 */
export function plaintextVerdict(type: string, body: Buffer): boolean | undefined {
  if (type === 'R') return true;
  if (type !== 'E') return undefined;
  const { C: code = '', M: message = '' } = parseErrorFields(body);
  if (/pg_hba\.conf/.test(message)) return /no encryption|SSL off/i.test(message) ? false : undefined;
  // Past pg_hba: the role or database is unknown, or the password is wrong; plaintext got that far.
  if (code === '28000' || code === '28P01' || code === '3D000') return true;
  return undefined;
}

async function checkPlaintext(target: ProbeTarget, deadline: Deadline): Promise<boolean | undefined> {
  let socket: Socket | undefined;
  try {
    socket = await connectRelay(target.host, target.port, deadline.left());
    const reader = new SocketReader(socket);
    socket.write(startupMessage(PROBE_USER, 'postgres'));
    const header = await reader.read(5, deadline.left());
    const type = String.fromCharCode(header[0] as number);
    const length = header.readInt32BE(1);
    if (length < 4 || length > 8192) return undefined;
    const body = await reader.read(length - 4, deadline.left());
    return plaintextVerdict(type, body);
  } catch {
    return undefined;
  } finally {
    socket?.destroy();
  }
}

export async function probePostgres(target: ProbeTarget): Promise<ProbeSuccess> {
  const deadline = new Deadline(target.timeoutMs);
  const socket = await connectRelay(target.host, target.port, deadline.left());
  const database = { protocol: 'postgres' as const };
  let tls: TlsSummary;
  try {
    const reader = new SocketReader(socket);
    socket.write(sslRequest());
    const answer = String.fromCharCode((await reader.read(1, deadline.left()))[0] as number);
    if (answer === 'N') {
      return {
        database,
        tls: { verified: false, serverName: target.serverName, error: 'The server does not offer TLS.', acceptsPlaintext: true },
      };
    }
    if (answer !== 'S') {
      throw new ProbeError(
        'PROTOCOL_MISMATCH',
        `The server answered the SSLRequest with ${JSON.stringify(answer)}, not S or N: it is not PostgreSQL.`,
        { database },
      );
    }
    // Bytes after 'S' and before the handshake would be a man-in-the-middle's injection (CVE-2021-23222).
    if (reader.detach().length > 0) {
      throw new ProbeError('PROTOCOL_MISMATCH', 'The server sent unencrypted data after agreeing to TLS.', { database });
    }
    tls = await upgradeAndVerify(socket, target.serverName, target.ca, deadline.left());
  } catch (error) {
    if (error instanceof ProbeError && !error.database && error.code.startsWith('TLS_')) {
      throw new ProbeError(error.code, error.message, { hint: error.hint, tls: error.tls, database, cause: error.cause });
    }
    throw error;
  } finally {
    socket.destroy();
  }
  const acceptsPlaintext = await checkPlaintext(target, deadline);
  if (acceptsPlaintext !== undefined) tls.acceptsPlaintext = acceptsPlaintext;
  return { database, tls };
}
