import type { Worker } from 'node:worker_threads';
import { startWorker } from '../../worker-script.js';
import type { AwsClients } from '../clients.js';
import type { SliceKey } from './convert.js';
import type { DiscoveredSlice } from './read-slice.js';
import { fromWireError, toWireError, type FromWorker, type ToWorker, type WireCredentials } from './worker-protocol.js';

// Discovery off the main thread (issue 17): parsing thousands of databases' XML blocked the event loop for up to
// ~80 ms at a time, which every client of an open tunnel felt as a pause. Worker threads run the fetches; the
// main thread only answers their credential requests and takes the converted slices.

export interface DiscoveryThreadOptions {
  /** The main thread's clients: their credentials and settings are what the workers use. */
  aws: AwsClients;
  /** Workers at most (each slice goes to the least busy one); default 1. */
  workers?: number;
  /** A worker with no fetch for this long is stopped (its SDK clients hold tens of MB); default 5 min. */
  idleMs?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  /** The worker script (tests); default discovery-worker.js beside this file. */
  workerUrl?: URL;
}

interface Job {
  slot: Slot;
  onCallDone: (call: string) => void;
  resolve: (slice: DiscoveredSlice) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  jobs: number;
  idleTimer?: unknown;
}

/** Fetches slices in worker threads, started on first use and stopped when idle; a crashed one is replaced. */
export class DiscoveryThread {
  private readonly slots = new Set<Slot>();
  private readonly jobs = new Map<number, Job>();
  private nextId = 1;
  private closed = false;
  /** Workers started so far (a test reads it to see an idle one stopped and a new one started). */
  started = 0;

  constructor(private readonly options: DiscoveryThreadOptions) {}

  /** The same contract as readSlice: per-call failures inside the slice; a rejection only if the worker died. */
  readonly fetch = (key: SliceKey, onCallDone: (call: string) => void): Promise<DiscoveredSlice> => {
    if (this.closed) return Promise.reject(new Error('discovery has stopped'));
    const slot = this.pick();
    this.clearIdle(slot);
    slot.jobs++;
    // Kept alive while it works; an idle one never holds the daemon (or a test) open.
    slot.worker.ref();
    const id = this.nextId++;
    return new Promise<DiscoveredSlice>((resolve, reject) => {
      this.jobs.set(id, { slot, onCallDone, resolve, reject });
      const configFile = this.options.aws.ownConfigFile(key.profile);
      this.post(slot, { type: 'fetch', id, key, ...(configFile ? { configFile } : {}) });
    });
  };

  /** Whether a worker runs now. */
  get active(): boolean {
    return this.slots.size > 0;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.slots].map((slot) => this.stop(slot, new Error('discovery has stopped'))));
  }

  /** The least busy worker; a new one while there are fewer than allowed and every one is busy. */
  private pick(): Slot {
    let best: Slot | undefined;
    for (const slot of this.slots) if (!best || slot.jobs < best.jobs) best = slot;
    if (best && (best.jobs === 0 || this.slots.size >= (this.options.workers ?? 1))) return best;
    return this.spawn();
  }

  private spawn(): Slot {
    const worker = startWorker(
      import.meta.url,
      'discovery-worker',
      { workerData: { settings: this.options.aws.settings() } },
      this.options.workerUrl,
    );
    const slot: Slot = { worker, jobs: 0 };
    this.started++;
    worker.on('message', (message: FromWorker) => void this.onMessage(slot, message));
    worker.on('error', (error) => void this.stop(slot, error));
    worker.on('exit', (code) => void this.stop(slot, new Error(`the discovery worker stopped (exit code ${code})`)));
    this.slots.add(slot);
    return slot;
  }

  private async onMessage(slot: Slot, message: FromWorker): Promise<void> {
    switch (message.type) {
      case 'progress':
        this.jobs.get(message.id)?.onCallDone(message.call);
        return;
      case 'done':
      case 'failed': {
        const job = this.jobs.get(message.id);
        if (!job) return;
        this.jobs.delete(message.id);
        if (message.type === 'done') job.resolve(message.slice);
        else job.reject(fromWireError(message.error));
        if (--slot.jobs === 0) this.armIdle(slot);
        return;
      }
      case 'credentials': {
        const answer: ToWorker = { type: 'credentials', id: message.id };
        try {
          answer.credentials = wire(await this.options.aws.credentials(message.profile)());
        } catch (error) {
          answer.error = toWireError(error);
        }
        this.post(slot, answer);
        return;
      }
      case 'auth-failure':
        this.options.aws.resetProfile(message.profile);
        return;
    }
  }

  private post(slot: Slot, message: ToWorker): void {
    if (this.slots.has(slot)) slot.worker.postMessage(message);
  }

  /** Ends a worker (once) and fails what it was doing. */
  private async stop(slot: Slot, reason: Error): Promise<void> {
    if (!this.slots.delete(slot)) return;
    this.clearIdle(slot);
    for (const [id, job] of this.jobs) {
      if (job.slot !== slot) continue;
      this.jobs.delete(id);
      job.reject(reason);
    }
    await slot.worker.terminate();
  }

  private armIdle(slot: Slot): void {
    this.clearIdle(slot);
    slot.worker.unref();
    const setTimer = this.options.setTimer ?? ((fn, ms) => setTimeout(fn, ms).unref());
    slot.idleTimer = setTimer(
      () => {
        slot.idleTimer = undefined;
        if (slot.jobs === 0) void this.stop(slot, new Error('idle'));
      },
      this.options.idleMs ?? 5 * 60_000,
    );
  }

  private clearIdle(slot: Slot): void {
    if (slot.idleTimer === undefined) return;
    (this.options.clearTimer ?? ((handle) => clearTimeout(handle as NodeJS.Timeout)))(slot.idleTimer);
    slot.idleTimer = undefined;
  }
}

function wire(identity: {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
  accountId?: string;
}): WireCredentials {
  return {
    accessKeyId: identity.accessKeyId,
    secretAccessKey: identity.secretAccessKey,
    ...(identity.sessionToken ? { sessionToken: identity.sessionToken } : {}),
    ...(identity.expiration ? { expiration: identity.expiration.getTime() } : {}),
    ...(identity.accountId ? { accountId: identity.accountId } : {}),
  };
}
