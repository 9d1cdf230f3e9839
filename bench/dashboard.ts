// The dashboard at 2,000 targets (not a test), in Chromium with the demo's large scenario against the built daemon
// (inventory already fetched): frames while scrolling the table from top to bottom (no long task over 50 ms),
// typing a search (each keystroke's result painted ≤ 100 ms after the key), the page load to a full table, and the
// bundle's size gzipped. The start from the disk cache is instant-start.ts.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Page } from '@playwright/test';
import { median, percentile, round } from './numbers.js';
import { installProbes, probes, settled } from './page-probes.js';
import type { BenchRow } from './run-all.js';
import { launchChromium, startDashboardWorld, warmInventory, widePage } from './dashboard-world.js';
import { ALL_SHOWN } from './instant-start.js';
import { runAlone } from './run-alone.js';

const ASSETS = fileURLToPath(new URL('../dist/web/assets', import.meta.url));
const SEARCH = 'db-1234';

export async function runDashboardBench(log: (line: string) => void = () => undefined): Promise<BenchRow[]> {
  const world = await startDashboardWorld();
  const browser = await launchChromium();
  const daemon = await world.startDaemon().catch(async (error: unknown) => {
    await browser.close();
    await world.close();
    throw error;
  });
  try {
    await warmInventory(daemon, world.configDir, world.big.pairs.length);
    // The first load warms Chromium and the daemon's routes; the second one counts.
    let page: Page | undefined;
    for (let index = 0; index < 2; index++) {
      await page?.context().close();
      page = await widePage(browser);
      await installProbes(page, ALL_SHOWN);
      await page.goto(await daemon.loginUrl());
      await page.waitForFunction('window.__bench.shownAt !== undefined', undefined, { timeout: 30_000 });
      // Scrolling and typing are the script's: it has taken the daemon's rendering over.
      await page.waitForFunction('window.__bench.liveAtWall !== undefined', undefined, { timeout: 30_000 });
    }
    const load = (await probes(page!)).shownAt!;
    log(`page load → ${ALL_SHOWN} in the table (daemon already running, inventory in memory): ${load.toFixed(0)} ms`);

    const scrolling = await scroll(page!);
    log(
      `scrolling top to bottom in ${scrolling.frames.length} frames: median frame ${median(scrolling.frames).toFixed(1)} ms, p95 ${percentile(scrolling.frames, 95).toFixed(1)} ms, ` +
        `longest ${Math.max(...scrolling.frames).toFixed(1)} ms; long tasks: ${scrolling.longTasks.length} (longest ${scrolling.longest.toFixed(0)} ms)`,
    );
    const typing = await type(page!);
    // 0: the key changed nothing on the page but the search box (every name still matched, say).
    log(`typing "${SEARCH}": key → result painted ${typing.map((ms) => ms.toFixed(0)).join(', ')} ms (0: no row changed)`);
    const bundle = await bundleSize();
    log(`bundle: ${bundle.js.toFixed(1)} KB of JavaScript and ${bundle.css.toFixed(1)} KB of CSS, gzipped`);
    return [
      { name: 'dashboard: page load → 2,000 targets shown (daemon running)', value: round(load), unit: 'ms' },
      { name: 'dashboard: longest task while scrolling 2,000 rows', value: round(scrolling.longest), unit: 'ms', target: 50 },
      { name: 'dashboard: p95 frame while scrolling', value: round(percentile(scrolling.frames, 95), 1), unit: 'ms' },
      { name: 'dashboard: slowest keystroke → search result painted', value: round(Math.max(...typing)), unit: 'ms', target: 100 },
      { name: 'dashboard: JavaScript gzipped', value: round(bundle.js, 1), unit: 'KB' },
      { name: 'dashboard: CSS gzipped', value: round(bundle.css, 1), unit: 'KB' },
    ];
  } finally {
    await browser.close();
    await daemon.stop();
    await world.close();
  }
}

/** Scrolls the table's box from top to bottom, one step per frame: frame times and the long tasks meanwhile. */
async function scroll(page: Page): Promise<{ frames: number[]; longTasks: { duration: number }[]; longest: number }> {
  await settled(page);
  const before = (await probes(page)).longTasks.length;
  const frames = (await page.evaluate(`(async () => {
    const box = document.querySelector('[data-testid="targets-scroller"]');
    const frames = [];
    let last = await new Promise((resolve) => requestAnimationFrame(resolve));
    while (box.scrollTop + box.clientHeight < box.scrollHeight - 1) {
      box.scrollTop += 400;
      const now = await new Promise((resolve) => requestAnimationFrame(resolve));
      frames.push(now - last);
      last = now;
      if (frames.length > 2000) break;
    }
    return frames;
  })()`)) as number[];
  await settled(page);
  const longTasks = (await probes(page)).longTasks.slice(before);
  return { frames, longTasks, longest: Math.max(0, ...longTasks.map((task) => task.duration)) };
}

/** Types SEARCH into the search box one key at a time; for each key, the time until its last change was painted. */
async function type(page: Page): Promise<number[]> {
  const box = page.getByTestId('target-search');
  await box.click();
  await settled(page);
  const times: number[] = [];
  for (const key of SEARCH) {
    await page.keyboard.press(key);
    await settled(page, 300);
    const seen = await probes(page);
    times.push(Math.max(0, (seen.lastPaint ?? 0) - (seen.keydownAt ?? 0)));
  }
  await box.fill('');
  return times;
}

async function bundleSize(): Promise<{ js: number; css: number }> {
  const files = await readdir(ASSETS);
  const gzipped = async (ext: string): Promise<number> => {
    let bytes = 0;
    for (const file of files.filter((name) => name.endsWith(ext))) bytes += gzipSync(await readFile(join(ASSETS, file))).length;
    return bytes / 1024;
  };
  return { js: await gzipped('.js'), css: await gzipped('.css') };
}

await runAlone(import.meta.url, runDashboardBench);
