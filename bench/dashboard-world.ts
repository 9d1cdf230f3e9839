// The demo's large scenario (e2e/demo/large-scenario.ts) for the dashboard benchmarks: the sandbox in its own
// process, every region of the three profiles picked, the built daemon with the stand-in plugin, and Chromium.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { CHROMIUM_LAUNCH } from '../e2e/fixtures/chromium.js';
import type { DaemonHandle } from '../e2e/fixtures/daemon.js';
import { largeDemoWorld, seedRegions } from '../e2e/demo/large-scenario.js';
import type { InventoryResponse } from '../shared/api.js';
import { ensureBuilt, startBenchDaemon } from './daemon-tunnels.js';
import { startBigWorld, type BigWorld } from './sandbox-process.js';

export interface DashboardWorld {
  big: BigWorld;
  configDir: string;
  startDaemon(): Promise<DaemonHandle>;
  close(): Promise<void>;
}

export async function startDashboardWorld(latencyMs = 0): Promise<DashboardWorld> {
  await ensureBuilt();
  const big = await startBigWorld(latencyMs);
  // Beside the AWS files (`config` there is the AWS config file).
  const configDir = join(big.files.dir, 'porthole');
  try {
    await seedRegions(configDir, largeDemoWorld().regions);
  } catch (error) {
    await big.close();
    throw error;
  }
  return {
    big,
    configDir,
    startDaemon: () => startBenchDaemon(big.files.env, configDir),
    close: () => big.close(),
  };
}

/** Fetches every picked slice through the daemon and waits (bounded) until all 12 are in and written to disk. */
export async function warmInventory(daemon: DaemonHandle, configDir: string, slices: number): Promise<void> {
  await daemon.api('/api/inventory/refresh', { method: 'POST', body: '{}' });
  const deadline = Date.now() + 120_000;
  for (;;) {
    const { slices: found } = (await (await daemon.api('/api/inventory')).json()) as InventoryResponse;
    const done = found.filter((slice) => !slice.loading && slice.fetchedAt && !slice.cached && slice.errors.length === 0);
    const files = await readdir(join(configDir, 'inventory')).catch(() => []);
    if (done.length === slices && files.filter((file) => file.endsWith('.json')).length === slices) return;
    if (Date.now() > deadline) throw new Error(`only ${done.length} of ${slices} slices fetched and ${files.length} cached within 120 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch(CHROMIUM_LAUNCH);
}

/** A 1280 × 800 page (the wide layout: the table scrolls in its own box). */
export async function widePage(browser: Browser): Promise<Page> {
  // The probes read the page with evaluated strings, which the dashboard's CSP (script-src 'self') would refuse.
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, bypassCSP: true });
  return context.newPage();
}
