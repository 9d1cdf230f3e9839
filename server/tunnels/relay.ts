import net from 'node:net';
import { PortholeError } from '../errors.js';
import { timersFrom, type TimerHandle, type Timers } from './timers.js';
import { Upstreams, type UpstreamUse } from './upstreams.js';

// Porthole's own listener on 127.0.0.1:<port>, piping each client to the plugin's current ephemeral port (with
// parallel sessions, to the least busy of the sessions' ports). It outlives plugin restarts, so the port a client
// uses never moves (DESIGN.md "Porthole owns the local port").

export interface RelayStats {
  activeConnections: number;
  totalConnections: number;
  /** Bytes from the database to clients. */
  bytesIn: number;
  /** Bytes from clients to the database. */
  bytesOut: number;
  /** Epoch ms of the last byte either way. */
  lastTrafficAt?: number;
}

export interface RelayOptions extends Partial<Timers> {
  port: number;
  host?: string;
  /** How long a client that arrives while no session is up waits before it is closed. */
  waitTimeoutMs?: number;
  now?: () => number;
  /** A client is waiting and there is no upstream: a lazy tunnel starts its session here. */
  onDemand?: () => void;
  /** Connection counts or byte counts changed. */
  onChange?: () => void;
  /** No client connection for the idle time set with `setIdle`. */
  onIdle?: () => void;
  /** The first bytes came back on a connection: the database answered through the session. */
  onUpstreamReply?: () => void;
  /** A client connected (parallel sessions wake a session that ended for inactivity). */
  onConnection?: () => void;
}

interface Pending {
  socket: net.Socket;
  timer: TimerHandle;
}

export class Relay {
  private readonly server: net.Server;
  private readonly upstreams = new Upstreams();
  private readonly pending = new Set<Pending>();
  /** Each connected client and the upstream port it is piped to (undefined while it waits). */
  private readonly sockets = new Map<net.Socket, number | undefined>();
  private idleMs: number | undefined;
  private idleTimer: TimerHandle | undefined;
  private idleAt: number | undefined;
  private listening = false;
  private readonly counters: RelayStats = { activeConnections: 0, totalConnections: 0, bytesIn: 0, bytesOut: 0 };
  private readonly timers: Timers;

  constructor(private readonly options: RelayOptions) {
    this.timers = timersFrom(options);
    this.server = net.createServer({ noDelay: true }, (socket) => this.accept(socket));
  }

  get port(): number {
    return this.options.port;
  }

  get isListening(): boolean {
    return this.listening;
  }

  /** Clients holding on for a session to come up. */
  get waiting(): number {
    return this.pending.size;
  }

  get stats(): RelayStats {
    return { ...this.counters };
  }

  /** Epoch ms when the idle timer fires, while it runs. */
  get idleDeadline(): number | undefined {
    return this.idleAt;
  }

  /** Binds 127.0.0.1:<port>; a busy port is PORT_IN_USE (409) naming it. */
  listen(): Promise<void> {
    const host = this.options.host ?? '127.0.0.1';
    return new Promise((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException): void => {
        this.server.off('listening', onListening);
        reject(listenError(this.options.port, host, error));
      };
      const onListening = (): void => {
        this.server.off('error', onError);
        this.server.on('error', () => undefined);
        this.listening = true;
        resolve();
      };
      this.server.once('error', onError);
      this.server.once('listening', onListening);
      this.server.listen({ port: this.options.port, host, exclusive: true });
    });
  }

  /** The first session's port; undefined makes new clients wait (unless an extra session is open). */
  setUpstream(port: number | undefined): void {
    this.upstreams.setPrimary(port);
    this.serveWaiting();
  }

  /** An extra (parallel) session's port: new clients are spread over it too. */
  addUpstream(port: number): void {
    this.upstreams.add(port);
    this.serveWaiting();
  }

  removeUpstream(port: number): void {
    this.upstreams.remove(port);
  }

  /** How many clients an upstream port carries now and has carried. */
  upstreamUse(port: number): UpstreamUse {
    return this.upstreams.of(port);
  }

  /** Closes the client connections piped to `port` (all when undefined): the session behind them is gone. */
  dropClients(port?: number): void {
    for (const [socket, upstream] of [...this.sockets]) if (port === undefined || upstream === port) socket.destroy();
  }

  /** Arms (or with undefined, disarms) the "no client for N ms" timer; it runs only while no client is connected. */
  setIdle(ms: number | undefined): void {
    this.idleMs = ms;
    this.rearmIdle();
  }

  async close(): Promise<void> {
    this.setIdle(undefined);
    for (const waiting of this.pending) {
      this.timers.clearTimer(waiting.timer);
      waiting.socket.destroy();
    }
    this.pending.clear();
    this.dropClients();
    if (!this.listening) return;
    this.listening = false;
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: net.Socket): void {
    this.counters.activeConnections++;
    this.counters.totalConnections++;
    this.sockets.set(client, undefined);
    this.rearmIdle();
    client.on('error', () => undefined);
    client.once('close', () => {
      this.sockets.delete(client);
      this.counters.activeConnections--;
      this.rearmIdle();
      this.options.onChange?.();
    });
    this.options.onChange?.();
    this.options.onConnection?.();
    const port = this.upstreams.pick();
    if (port !== undefined) {
      this.pipe(client, port);
      return;
    }
    client.pause();
    const waiting: Pending = {
      socket: client,
      timer: this.timers.setTimer(() => {
        this.pending.delete(waiting);
        client.destroy();
      }, this.options.waitTimeoutMs ?? 30_000),
    };
    this.pending.add(waiting);
    client.once('close', () => {
      this.timers.clearTimer(waiting.timer);
      this.pending.delete(waiting);
    });
    this.options.onDemand?.();
  }

  private serveWaiting(): void {
    for (const waiting of [...this.pending]) {
      const port = this.upstreams.pick();
      if (port === undefined) return;
      this.pending.delete(waiting);
      this.timers.clearTimer(waiting.timer);
      this.pipe(waiting.socket, port);
    }
  }

  private pipe(client: net.Socket, port: number): void {
    if (client.destroyed) return;
    this.sockets.set(client, port);
    client.once('close', this.upstreams.opened(port));
    const upstream = net.connect({ port, host: '127.0.0.1', noDelay: true });
    let answered = false;
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
    upstream.once('close', () => client.destroy());
    client.once('close', () => upstream.destroy());
    upstream.on('data', (chunk: Buffer) => {
      this.counters.bytesIn += chunk.length;
      this.traffic();
      if (!answered) {
        answered = true;
        this.options.onUpstreamReply?.();
      }
    });
    client.on('data', (chunk: Buffer) => {
      this.counters.bytesOut += chunk.length;
      this.traffic();
    });
    client.pipe(upstream);
    upstream.pipe(client);
    client.resume();
  }

  private traffic(): void {
    this.counters.lastTrafficAt = (this.options.now ?? Date.now)();
    this.options.onChange?.();
  }

  private rearmIdle(): void {
    if (this.idleTimer !== undefined) this.timers.clearTimer(this.idleTimer);
    this.idleTimer = undefined;
    this.idleAt = undefined;
    if (this.idleMs === undefined || this.counters.activeConnections > 0) return;
    const ms = this.idleMs;
    this.idleAt = (this.options.now ?? Date.now)() + ms;
    this.idleTimer = this.timers.setTimer(() => {
      this.idleTimer = undefined;
      this.idleAt = undefined;
      this.options.onIdle?.();
    }, ms);
  }
}

function listenError(port: number, host: string, error: NodeJS.ErrnoException): PortholeError {
  if (error.code === 'EADDRINUSE') {
    return new PortholeError('PORT_IN_USE', `Local port ${port} is already in use on ${host}.`, {
      hint: `Stop the program that listens on port ${port}, or choose another local port for this tunnel.`,
      status: 409,
      cause: error,
    });
  }
  if (error.code === 'EACCES') {
    return new PortholeError('PORT_NOT_ALLOWED', `Local port ${port} may not be used by this user.`, {
      hint: 'Ports below 1024 need special rights; choose a port above 1024.',
      status: 409,
      cause: error,
    });
  }
  return new PortholeError('PORT_UNAVAILABLE', `Local port ${port} could not be opened (${error.code ?? 'error'}).`, {
    status: 409,
    cause: error,
  });
}
