// Instant start (not a test): the built daemon restarts with the demo's large scenario (2,000 targets over
// 3 profiles × 4 regions) already in its disk cache, and AWS answering at 200 ms a call; Chromium opens the
// dashboard's login link as soon as the daemon prints its listening line. Measured: the line → the frame that
// paints all 2,000 targets' count and the first rows (target ≤ 300 ms, the median of LOADS restarts), and the
// line → the page live (its script has run and taken the daemon's rendering over). Then, on one more page scrolled halfway
// down (AWS answering slowly, so the refresh lands after the scroll), the background refresh replaces the cached rows: no frame without rows (a flash) and no jump of the scroll
// position (the same is asserted without a browser in targets-table.test.tsx).
import type { Browser, Page } from '@playwright/test';
import type { DaemonHandle } from '../e2e/fixtures/daemon.js';
import type { InventoryResponse } from '../shared/api.js';
import { launchChromium, startDashboardWorld, warmInventory, widePage, type DashboardWorld } from './dashboard-world.js';
import { median, round } from './numbers.js';
import { installProbes, probes, settled, watchRows } from './page-probes.js';
import type { BenchRow } from './run-all.js';
import { runAlone } from './run-alone.js';

const LATENCY_MS = 200;
const LOADS = 5;
/** AWS's answer time while the refresh is watched: long enough that it lands after the page is scrolled. */
const REFRESH_LATENCY_MS = 2000;
const TARGET_MS = 300;
export const ALL_SHOWN = '2000 databases';

export async function runInstantStartBench(log: (line: string) => void = () => undefined): Promise<BenchRow[]> {
  const world = await startDashboardWorld(LATENCY_MS);
  const browser = await launchChromium().catch(async (error: unknown) => {
    await world.close();
    throw error;
  });
  let daemon: DaemonHandle | undefined;
  try {
    daemon = await world.startDaemon();
    await warmInventory(daemon, world.configDir, world.big.pairs.length);
    // One load that does not count: Chromium's own start-up, the daemon's routes and files in the page cache.
    const warm = await widePage(browser);
    await installProbes(warm, ALL_SHOWN);
    await showDashboard(warm, daemon);
    await warm.context().close();

    const times: number[] = [];
    const live: number[] = [];
    let fromCache = 0;
    let page: Page | undefined;
    for (let index = 0; index < LOADS; index++) {
      ({ page, daemon } = await restartAndLoad(world, daemon, browser, page));
      const seen = await probes(page);
      times.push(seen.shownAtWall! - daemon.listeningAt);
      live.push(seen.liveAtWall! - daemon.listeningAt);
      if (seen.shownCached) fromCache++;
    }
    const first = median(times);
    log(`listening line → ${ALL_SHOWN} in the table: ${times.map((ms) => ms.toFixed(0)).join(', ')} ms (median ${first.toFixed(0)})`);
    log(`listening line → the page live (its script run, the event stream open): ${live.map((ms) => ms.toFixed(0)).join(', ')} ms`);
    log(`shown from the disk cache (age on the group rows) in ${fromCache} of ${LOADS} loads`);

    // The refresh is watched on one more load, with AWS answering slowly, so the fresh inventory cannot land before
    // the page has been scrolled (with discovery as fast as it is now, it sometimes did at 200 ms a call).
    await world.big.sandbox.setLatency(REFRESH_LATENCY_MS);
    ({ page, daemon } = await restartAndLoad(world, daemon, browser, page));
    const refresh = await watchRefresh(page, daemon);
    log(
      refresh.observed
        ? `refresh of the cached rows while scrolled to ${refresh.scrollTop} px: fewest rows in view ${refresh.fewestRows}, ` +
            (refresh.jump === undefined
              ? 'the row first in view left the table'
              : `the row first in view moved ${refresh.jump.toFixed(0)} px`)
        : 'refresh: the fresh inventory arrived before the page was scrolled, so it was not observed',
    );
    const rows: BenchRow[] = [
      {
        name: 'instant start: listening line → 2,000 targets shown (median, warm cache)',
        value: round(first),
        unit: 'ms',
        target: TARGET_MS,
      },
      { name: 'instant start: loads shown from the disk cache', value: fromCache, unit: `of ${LOADS}`, target: LOADS, comparator: '>=' },
      // No target of the issue's: the page is shown before its script runs (rendered by the daemon), so this is
      // printed for what it is, the moment it answers clicks.
      { name: 'instant start: listening line → the page live (median)', value: round(median(live)), unit: 'ms' },
    ];
    if (!refresh.observed) {
      rows.push({ name: 'instant start: refresh of the cached rows observed', value: 0, unit: '', pass: false });
    } else {
      rows.push(
        {
          name: 'instant start: refresh, fewest rows in view (0 = a flash)',
          value: refresh.fewestRows,
          unit: 'rows',
          target: 1,
          comparator: '>=',
        },
        refresh.jump === undefined
          ? { name: 'instant start: refresh, the row first in view left the table', value: 1, unit: '', pass: false }
          : { name: 'instant start: refresh, the row first in view moved', value: round(refresh.jump), unit: 'px', target: 1 },
      );
    }
    return rows;
  } finally {
    await browser.close();
    await daemon?.stop();
    await world.close();
  }
}

/**
 * Restarts the daemon and opens its login link in a fresh browser context (cold HTTP cache), ready before the daemon
 * starts as when the browser is already open; resolves once the page is live.
 */
async function restartAndLoad(
  world: DashboardWorld,
  daemon: DaemonHandle,
  browser: Browser,
  previous: Page | undefined,
): Promise<{ page: Page; daemon: DaemonHandle }> {
  await previous?.context().close();
  const page = await widePage(browser);
  await installProbes(page, ALL_SHOWN);
  await daemon.stop();
  const restarted = await world.startDaemon();
  await showDashboard(page, restarted);
  await page.waitForFunction('window.__bench.liveAtWall !== undefined', undefined, { timeout: 30_000 });
  return { page, daemon: restarted };
}

/** Opens a fresh login link in `page` (a new context: cold HTTP cache) and waits until every target is shown (bounded). */
async function showDashboard(page: Page, daemon: DaemonHandle): Promise<void> {
  await page.goto(await daemon.loginUrl());
  await page.waitForFunction('window.__bench.shownAt !== undefined', undefined, { timeout: 30_000 });
}

interface Refresh {
  observed: boolean;
  scrollTop: number;
  fewestRows: number;
  /** How far the first row in view moved on screen (undefined: it left the DOM). */
  jump?: number;
}

/** The first target row whose top is inside the table's box: its test id and where it is on screen. */
const FIRST_IN_VIEW = `(() => {
  const box = document.querySelector('[data-testid="targets-scroller"]');
  const top = box.getBoundingClientRect().top;
  const row = [...box.querySelectorAll('[role="row"][data-testid^="target-"]')].find((el) => el.getBoundingClientRect().top >= top);
  return row ? { id: row.dataset.testid, top: row.getBoundingClientRect().top } : undefined;
})()`;
const rowAt = (id: string): string =>
  `(() => { const row = document.querySelector('[data-testid="${id}"]'); return row ? row.getBoundingClientRect().top : undefined; })()`;

/**
 * Scrolls halfway, then, until the daemon has no cached slice left, counts the rows in view at every change; at
 * the end, how far the row that was first in view moved on screen.
 */
async function watchRefresh(page: Page, daemon: DaemonHandle): Promise<Refresh> {
  const scrollTop = (await page.evaluate(`(() => {
    const box = document.querySelector('[data-testid="targets-scroller"]');
    box.scrollTop = Math.round(box.scrollHeight / 2);
    return box.scrollTop;
  })()`)) as number;
  await settled(page, 100);
  const anchor = (await page.evaluate(FIRST_IN_VIEW)) as { id: string; top: number } | undefined;
  await watchRows(page);
  const cachedLeft = async (): Promise<number> =>
    ((await (await daemon.api('/api/inventory')).json()) as InventoryResponse).slices.filter((slice) => slice.cached || slice.loading)
      .length;
  const observed = anchor !== undefined && (await cachedLeft()) > 0;
  const deadline = Date.now() + 60_000;
  while ((await cachedLeft()) > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  await settled(page, 500);
  const top = anchor ? ((await page.evaluate(rowAt(anchor.id))) as number | undefined) : undefined;
  return {
    observed,
    scrollTop,
    fewestRows: (await probes(page)).fewestRows ?? 0,
    ...(top !== undefined && anchor ? { jump: Math.abs(top - anchor.top) } : {}),
  };
}

await runAlone(import.meta.url, runInstantStartBench);
