import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SharedHostsResponse } from '../../shared/api.js';
import { PageRenderer, type PageRendererOptions } from './page-renderer.js';

const STYLESHEET = /<link rel="stylesheet" crossorigin href="\/(assets\/[\w.-]+\.css)">/g;

/** The inventory as the dashboard first shows it, and what to start once the page has gone out. */
export type FirstLook = () => Promise<{ look: SharedHostsResponse; afterAnswer: () => void }>;

export interface DashboardPages {
  /** The page, or undefined without the renderer's build; rejects when rendering fails. */
  render(): Promise<string | undefined>;
  /** Render threads started so far (0 without the build). */
  readonly threadsStarted: number;
  close(): Promise<void>;
}

/**
 * The dashboard page with its first screen rendered on the daemon by the dashboard's own code
 * (web/src/render-first-look.tsx, built into dist/web-ssr beside dist/web) in a worker thread, its stylesheet
 * inline: the targets are on screen as soon as the page is in, before the script has arrived (issue 17).
 * Without that build (route tests, a dashboard built by hand) `/` sends the plain index.html, which renders in
 * the browser: slower, never broken.
 */
export function dashboardPages(webRoot: string, firstLook: FirstLook, options: PageRendererOptions = {}): DashboardPages {
  const file = join(webRoot, '..', 'web-ssr', 'render-first-look.js');
  const renderer = existsSync(file) ? new PageRenderer(pathToFileURL(file).href, options) : undefined;
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
    get threadsStarted() {
      return renderer?.started ?? 0;
    },
    close: async () => renderer?.close(),
  };
}
