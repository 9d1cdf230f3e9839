import type { Worker } from 'node:worker_threads';
import { startWorker } from '../worker-script.js';
import type { PageAnswer, PageRequest } from './page-render-protocol.js';

/** A render that has not answered by then is given up (the plain page is sent) and its thread replaced. */
const RENDER_TIMEOUT_MS = 5_000;
/** A thread with no page to render for this long is stopped: it holds ~30 MB (its own V8 and React). */
const IDLE_MS = 3 * 60_000;

export interface PageRendererOptions {
  idleMs?: number;
  renderTimeoutMs?: number;
  /** The idle timer (tests); it never keeps the daemon running. */
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

/**
 * The thread that renders the dashboard's pages (page-render-worker.ts). It starts with the daemon, when a browser
 * is most likely to come, and warms up before any page is asked for; it stops when idle, and a page asked for
 * later, or after a crash, starts a new one (that page waits for React to load: ~0.1–0.2 s more).
 */
export class PageRenderer {
  private worker?: Worker;
  private readonly pending = new Map<number, { worker: Worker; resolve: (page: string) => void; reject: (error: Error) => void }>();
  private nextId = 1;
  private closed = false;
  private idleTimer?: unknown;
  private readonly idleMs: number;
  private readonly renderTimeoutMs: number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;
  /** Threads started so far. */
  started = 0;

  constructor(
    private readonly rendererUrl: string,
    options: PageRendererOptions = {},
  ) {
    this.idleMs = options.idleMs ?? IDLE_MS;
    this.renderTimeoutMs = options.renderTimeoutMs ?? RENDER_TIMEOUT_MS;
    this.setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms).unref());
    this.clearTimer = options.clearTimer ?? ((handle) => clearTimeout(handle as NodeJS.Timeout));
    this.start(true);
  }

  /** `rendered`: the RenderedFirstLook as JSON. */
  render(template: string, rendered: string): Promise<string> {
    const worker = this.worker ?? this.start(false);
    this.clearTimer(this.idleTimer);
    const id = this.nextId++;
    worker.ref();
    return new Promise<string>((resolve, reject) => {
      // A thread that does not answer is replaced, so one stuck render does not hold every later page.
      const timer = setTimeout(() => {
        this.settle(id, new Error(`the page was not rendered within ${this.renderTimeoutMs} ms`));
        if (this.worker === worker) void this.stopWorker();
      }, this.renderTimeoutMs);
      this.pending.set(id, {
        worker,
        resolve: (page) => (clearTimeout(timer), resolve(page)),
        reject: (error) => (clearTimeout(timer), reject(error)),
      });
      const request: PageRequest = { id, template, rendered };
      worker.postMessage(request);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.clearTimer(this.idleTimer);
    await this.stopWorker();
  }

  /** `warmUp`: render a sample page first (only worth it when nobody is waiting for a page yet). */
  private start(warmUp: boolean): Worker {
    const worker = startWorker(import.meta.url, 'page-render-worker', { workerData: { renderer: this.rendererUrl, warmUp } });
    this.started++;
    // Never what keeps the daemon (or a test) running: held only while a page is on its way.
    worker.unref();
    worker.on('message', (answer: PageAnswer) => this.settle(answer.id, 'page' in answer ? answer.page : new Error(answer.error)));
    // Only this thread's pages fail with it: a stopped thread's exit may come after a new one took a page.
    const lost = (error: Error) => {
      if (this.worker === worker) this.worker = undefined;
      for (const [id, job] of [...this.pending]) if (job.worker === worker) this.settle(id, error);
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`the page renderer stopped (exit code ${code})`)));
    if (!this.closed) this.worker = worker;
    this.armIdle();
    return worker;
  }

  private async stopWorker(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private armIdle(): void {
    this.clearTimer(this.idleTimer);
    if (this.closed || this.pending.size > 0) return;
    this.idleTimer = this.setTimer(() => void this.stopWorker(), this.idleMs);
  }

  private settle(id: number, outcome: string | Error): void {
    const waiting = this.pending.get(id);
    if (!waiting) return;
    this.pending.delete(id);
    if (this.pending.size === 0) {
      this.worker?.unref();
      this.armIdle();
    }
    if (typeof outcome === 'string') waiting.resolve(outcome);
    else waiting.reject(outcome);
  }
}
