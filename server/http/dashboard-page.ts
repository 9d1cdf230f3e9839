import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Worker } from 'node:worker_threads';
import type { SharedHostsResponse } from '../../shared/api.js';
import { startWorker } from '../worker-script.js';
import type { PageAnswer, PageRequest } from './page-render-protocol.js';

const STYLESHEET = /<link rel="stylesheet" crossorigin href="\/(assets\/[\w.-]+\.css)">/g;
/** A render that has not answered by then is given up for the plain page. */
const RENDER_TIMEOUT_MS = 5_000;

/** The inventory as the dashboard first shows it, and what to start once the page has gone out. */
export type FirstLook = () => Promise<{ look: SharedHostsResponse; afterAnswer: () => void }>;

export interface DashboardPages {
  /** The page, or undefined without the renderer's build; rejects when rendering fails. */
  render(): Promise<string | undefined>;
  close(): Promise<void>;
}

/**
 * The dashboard page with its first screen rendered on the daemon by the dashboard's own code
 * (web/src/render-first-look.tsx, built into dist/web-ssr beside dist/web) in a worker thread, its stylesheet
 * inline: the targets are on screen as soon as the page is in, before the script has arrived (issue 17).
 * Without that build (route tests, a dashboard built by hand) `/` sends the plain index.html, which renders in
 * the browser: slower, never broken.
 */
export function dashboardPages(webRoot: string, firstLook: FirstLook): DashboardPages {
  const file = join(webRoot, '..', 'web-ssr', 'render-first-look.js');
  const renderer = existsSync(file) ? new PageRenderer(pathToFileURL(file).href) : undefined;
  const stylesheets = new Map<string, Promise<string>>();
  const stylesheet = (path: string) => {
    const css = stylesheets.get(path) ?? readFile(join(webRoot, path), 'utf8');
    stylesheets.set(path, css);
    return css;
  };

  /** The built index.html (read at every page: a rebuild names other assets), its stylesheets inline. */
  const template = async (): Promise<string> => {
    const html = await readFile(join(webRoot, 'index.html'), 'utf8');
    const paths = [...html.matchAll(STYLESHEET)].map((match) => match[1] as string);
    const css = new Map(await Promise.all(paths.map(async (path) => [path, await stylesheet(path)] as const)));
    return html.replace(STYLESHEET, (_link, path: string) => `<style>${css.get(path) ?? ''}</style>`);
  };

  return {
    async render() {
      if (!renderer) return undefined;
      const [page, { look, afterAnswer }] = await Promise.all([template(), firstLook()]);
      try {
        return await renderer.render(page, JSON.stringify({ now: Date.now(), look }));
      } finally {
        setImmediate(afterAnswer);
      }
    },
    close: async () => renderer?.close(),
  };
}

/** The worker thread that renders pages (page-render-worker.ts), started at once and again after a crash. */
class PageRenderer {
  private worker?: Worker;
  private readonly pending = new Map<number, { resolve: (page: string) => void; reject: (error: Error) => void }>();
  private nextId = 1;
  private closed = false;

  constructor(private readonly rendererUrl: string) {
    this.start();
  }

  render(template: string, rendered: string): Promise<string> {
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    worker.ref();
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => this.settle(id, new Error(`the page was not rendered within ${RENDER_TIMEOUT_MS} ms`)),
        RENDER_TIMEOUT_MS,
      );
      this.pending.set(id, {
        resolve: (page) => (clearTimeout(timer), resolve(page)),
        reject: (error) => (clearTimeout(timer), reject(error)),
      });
      const request: PageRequest = { id, template, rendered };
      worker.postMessage(request);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private start(): Worker {
    const worker = startWorker(import.meta.url, 'page-render-worker', { workerData: { renderer: this.rendererUrl } });
    // Never what keeps the daemon (or a test) running: held only while a page is on its way.
    worker.unref();
    worker.on('message', (answer: PageAnswer) => this.settle(answer.id, 'page' in answer ? answer.page : new Error(answer.error)));
    const lost = (error: Error) => {
      if (this.worker === worker) this.worker = undefined;
      for (const id of [...this.pending.keys()]) this.settle(id, error);
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`the page renderer stopped (exit code ${code})`)));
    if (!this.closed) this.worker = worker;
    return worker;
  }

  private settle(id: number, outcome: string | Error): void {
    const waiting = this.pending.get(id);
    if (!waiting) return;
    this.pending.delete(id);
    if (this.pending.size === 0) this.worker?.unref();
    if (typeof outcome === 'string') waiting.resolve(outcome);
    else waiting.reject(outcome);
  }
}
