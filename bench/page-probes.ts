// What the dashboard benchmarks measure inside Chromium, installed before the page's own scripts run: long tasks
// (PerformanceObserver), the moment all 2,000 targets are on screen, and the last change to the page with the
// frame that painted it (for "keystroke → result"). Read back with `probes(page)`. The in-page code is plain
// JavaScript text: tsx's compiled functions may call helpers that do not exist inside the page.
import type { Page } from '@playwright/test';

export interface PageProbes {
  longTasks: { start: number; duration: number }[];
  /** performance.now() when the table first showed the expected count with rows in view. */
  shownAt?: number;
  /** Date.now() at that moment (to compare with the daemon's listening line). */
  shownAtWall?: number;
  /** Date.now() when the page first said "live": its script has run and its event stream is open. */
  liveAtWall?: number;
  /** Whether, at that moment, a group row said its rows came from the disk cache (its age shown). */
  shownCached?: boolean;
  /** performance.now() of the last change to the page, and of the frame after it. */
  lastChange?: number;
  lastPaint?: number;
  keydownAt?: number;
  /** The fewest rows in view at any change since `watchRows` (a refresh that flashes shows 0). */
  fewestRows?: number;
}

const ROWS = '[data-testid="targets-scroller"] [role="row"][data-testid^="target-"]';

/** Installs the probes; `expected` is the count line that means "everything is shown", e.g. "2000 databases". */
export async function installProbes(page: Page, expected: string): Promise<void> {
  await page.addInitScript({
    content: `(() => {
      const expected = ${JSON.stringify(expected)};
      const bench = { longTasks: [] };
      window.__bench = bench;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) bench.longTasks.push({ start: entry.startTime, duration: entry.duration });
      }).observe({ type: 'longtask', buffered: true });
      const rowsInView = () => document.querySelectorAll(${JSON.stringify(ROWS)}).length;
      bench.rowsInView = rowsInView;
      const onChange = () => {
        if (bench.shownAt === undefined && !bench.seen) {
          const section = document.querySelector('[data-testid="targets"]');
          if (section && section.textContent.includes(expected) && rowsInView() > 0) {
            bench.seen = true;
            // Shown means painted: the frame after the change (a page waiting on its stylesheet paints later).
            requestAnimationFrame(() => {
              bench.shownAt = performance.now();
              bench.shownAtWall = Date.now();
              bench.shownCached = document.querySelector('[data-testid="slice-age"]') !== null;
            });
          }
        }
        if (bench.liveAtWall === undefined && document.querySelector('[data-testid="stream-status"]')?.textContent === 'live') {
          bench.liveAtWall = Date.now();
        }
        if (bench.watchingRows) bench.fewestRows = Math.min(bench.fewestRows ?? Infinity, rowsInView());
        bench.lastChange = performance.now();
        requestAnimationFrame(() => { bench.lastPaint = performance.now(); });
      };
      // The whole document from its start: a page rendered by the daemon has its rows before any script runs.
      new MutationObserver(onChange).observe(document, { childList: true, subtree: true, characterData: true });
      document.addEventListener('keydown', () => { bench.keydownAt = performance.now(); }, true);
    })();`,
  });
}

export function probes(page: Page): Promise<PageProbes> {
  return page.evaluate('window.__bench') as Promise<PageProbes>;
}

/** Starts counting the rows in view, now and at every change (for a refresh: a change that leaves none is a flash). */
export async function watchRows(page: Page): Promise<void> {
  await page.evaluate(`(() => { window.__bench.watchingRows = true; window.__bench.fewestRows = window.__bench.rowsInView(); })()`);
}

/** Waits until the page has made no change for `quietMs` (bounded by `maxMs`). */
export async function settled(page: Page, quietMs = 300, maxMs = 5_000): Promise<void> {
  const deadline = Date.now() + maxMs;
  for (;;) {
    const quiet = (await page.evaluate(`performance.now() - (window.__bench.lastChange ?? 0) >= ${quietMs}`)) as boolean;
    if (quiet || Date.now() > deadline) return;
    await page.waitForTimeout(50);
  }
}
