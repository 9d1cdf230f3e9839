// Socket plumbing shared by the protocol probes: connect to the relay, read exact byte counts with a
// deadline, upgrade to TLS and verify like libpq's verify-full. Every failure is a ProbeError.
import { isIP, connect as netConnect, type Socket } from 'node:net';
import { checkServerIdentity, createSecureContext, connect as tlsConnect, type PeerCertificate, type SecureContext } from 'node:tls';
import type { TlsSummary } from '../../../shared/api.js';
import { ProbeError, tlsVerifyError } from './probe-error.js';

/** Opens a TCP connection to the relay, or throws RELAY_DOWN / PROBE_TIMEOUT. */
export function connectRelay(host: string, port: number, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = netConnect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new ProbeError('PROBE_TIMEOUT', `Connecting to ${host}:${port} took longer than ${timeoutMs} ms.`));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      socket.destroy();
      const message =
        error.code === 'ECONNREFUSED'
          ? `Nothing listens on ${host}:${port}.`
          : `Could not connect to ${host}:${port}: ${error.code ?? error.message}.`;
      reject(new ProbeError('RELAY_DOWN', message, { cause: error }));
    });
  });
}

type Ending = { kind: 'eof' } | { kind: 'error'; error: NodeJS.ErrnoException };

/**
 * Buffers what the peer sends so a probe can ask for exactly n bytes. How the conversation ends tells
 * the root cause: a close before any byte is what the plugin does when the jump host cannot reach the
 * database; a reset or silence before any byte means the session behind the port is gone.
 */
export class SocketReader {
  private buffer = Buffer.alloc(0);
  private received = 0;
  private ending: Ending | undefined;
  private wake: (() => void) | undefined;
  private readonly onData = (chunk: Buffer): void => {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    this.received += chunk.length;
    this.wake?.();
  };
  private readonly onEnd = (): void => this.finish({ kind: 'eof' });
  private readonly onError = (error: NodeJS.ErrnoException): void => this.finish({ kind: 'error', error });
  private readonly onClose = (): void => this.finish({ kind: 'eof' });

  constructor(private readonly socket: Socket) {
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('error', this.onError);
    socket.on('close', this.onClose);
  }

  get bytesReceived(): number {
    return this.received;
  }

  private finish(ending: Ending): void {
    this.ending ??= ending;
    this.wake?.();
  }

  /** Resolves with exactly `n` bytes, or throws a ProbeError that names the root cause. */
  async read(n: number, timeoutMs: number): Promise<Buffer> {
    const startedAt = Date.now();
    while (this.buffer.length < n) {
      if (this.ending) throw this.endingError(this.ending);
      const left = timeoutMs - (Date.now() - startedAt);
      if (left <= 0) throw this.silenceError(timeoutMs);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
    const out = this.buffer.subarray(0, n);
    this.buffer = this.buffer.subarray(n);
    return out;
  }

  /** Waits up to `waitMs` for the first bytes; undefined when the peer stays silent (not an error). */
  async readSome(waitMs: number): Promise<Buffer | undefined> {
    if (this.buffer.length === 0 && !this.ending) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, waitMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
    if (this.buffer.length > 0) {
      const out = this.buffer;
      this.buffer = Buffer.alloc(0);
      return out;
    }
    if (this.ending) throw this.endingError(this.ending);
    return undefined;
  }

  /** Stops listening so another consumer (TLS) can own the socket; returns bytes not yet read. */
  detach(): Buffer {
    this.socket.off('data', this.onData);
    this.socket.off('end', this.onEnd);
    this.socket.off('error', this.onError);
    this.socket.off('close', this.onClose);
    const rest = this.buffer;
    this.buffer = Buffer.alloc(0);
    return rest;
  }

  private endingError(ending: Ending): ProbeError {
    if (this.received === 0 && ending.kind === 'eof') {
      return new ProbeError(
        'DESTINATION_UNREACHABLE',
        'The tunnel accepted the connection and closed it before the database said anything.',
      );
    }
    if (this.received === 0) {
      const code = ending.kind === 'error' ? (ending.error.code ?? ending.error.message) : 'closed';
      return new ProbeError('SESSION_DEAD', `The connection was reset (${code}) before the database answered.`);
    }
    return new ProbeError('PROTOCOL_MISMATCH', 'The server closed the connection in the middle of its answer.');
  }

  private silenceError(timeoutMs: number): ProbeError {
    if (this.received === 0) {
      return new ProbeError('SESSION_DEAD', `The tunnel accepted the connection but nothing answered within ${timeoutMs} ms.`);
    }
    return new ProbeError('PROBE_TIMEOUT', `The database stopped answering for ${timeoutMs} ms in the middle of the handshake.`);
  }
}

function firstName(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The certificate facts the dashboard shows. */
export function summarizeCertificate(cert: PeerCertificate, serverName: string, version: string | null): TlsSummary {
  const summary: TlsSummary = { verified: false, serverName };
  if (version) summary.version = version;
  const subject = firstName(cert.subject?.CN);
  const issuer = firstName(cert.issuer?.CN) ?? firstName(cert.issuer?.O);
  if (subject) summary.subject = subject;
  if (issuer) summary.issuer = issuer;
  if (cert.valid_to) {
    const validTo = new Date(cert.valid_to);
    summary.validTo = Number.isNaN(validTo.getTime()) ? cert.valid_to : validTo.toISOString();
  }
  return summary;
}

/**
 * Loading the ~120 certificates of the RDS bundle into a TLS context takes 25–50 ms of CPU, on the event loop that
 * relays every tunnel's traffic, and a probe runs each time a tunnel opens (issue 17): every probe shares one
 * context per set of CAs, made again only when the set changes.
 */
let sharedContext: { key: string; context: SecureContext } | undefined;
function contextFor(ca: string[]): SecureContext {
  const key = ca.join('\n');
  if (sharedContext?.key !== key) sharedContext = { key, context: createSecureContext({ ca }) };
  return sharedContext.context;
}

/**
 * Runs a TLS handshake over `socket` and verifies the chain against `ca` and the certificate's names
 * against `serverName` (libpq's verify-full while connecting to 127.0.0.1). The handshake runs with
 * rejectUnauthorized off so a failure still reports which certificate the server showed; the
 * verdict is ours, made in the same order Node makes it (chain first, then name, checked against
 * serverName even when it is an IP and so cannot be sent as SNI). Always closes.
 */
export function upgradeAndVerify(socket: Socket, serverName: string, ca: string[], timeoutMs: number): Promise<TlsSummary> {
  return new Promise((resolve, reject) => {
    const useSni = isIP(serverName) === 0;
    const secure = tlsConnect({
      socket,
      secureContext: contextFor(ca),
      rejectUnauthorized: false,
      // Node would check the name against `host` (localhost) when there is no SNI name; we check below.
      checkServerIdentity: () => undefined,
      ...(useSni ? { servername: serverName } : {}),
    });
    let settled = false;
    const done = (error: ProbeError | undefined, summary?: TlsSummary): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      secure.removeAllListeners('secureConnect');
      secure.on('error', () => undefined); // late errors after destroy are expected
      secure.destroy();
      socket.destroy();
      if (error) reject(error);
      else resolve(summary as TlsSummary);
    };
    const timer = setTimeout(
      () => done(new ProbeError('PROBE_TIMEOUT', `The TLS handshake did not finish within ${timeoutMs} ms.`)),
      timeoutMs,
    );
    secure.once('secureConnect', () => {
      const summary = summarizeCertificate(secure.getPeerCertificate(), serverName, secure.getProtocol());
      if (!secure.authorized) {
        const code = String(secure.authorizationError ?? 'UNKNOWN');
        summary.error = code;
        done(tlsVerifyError(code, code, summary, serverName));
        return;
      }
      const identityError = checkServerIdentity(serverName, secure.getPeerCertificate()) as (Error & { code?: string }) | undefined;
      if (identityError) {
        summary.error = identityError.message;
        done(tlsVerifyError(identityError.code ?? 'ERR_TLS_CERT_ALTNAME_INVALID', identityError.message, summary, serverName));
        return;
      }
      summary.verified = true;
      done(undefined, summary);
    });
    secure.once('error', (error: NodeJS.ErrnoException) => {
      done(new ProbeError('TLS_FAILED', `The TLS handshake failed: ${error.code ?? error.message}.`, { cause: error }));
    });
    secure.once('close', () => done(new ProbeError('TLS_FAILED', 'The server closed the connection during the TLS handshake.')));
  });
}
