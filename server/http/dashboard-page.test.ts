import { afterEach, describe, expect, it } from 'vitest';
import { builtDashboard } from '../../testing/http/built-dashboard.js';
import { dashboardPages, type DashboardPages } from './dashboard-page.js';

let pages: DashboardPages | undefined;
let remove: (() => Promise<void>) | undefined;
afterEach(async () => {
  await pages?.close();
  await remove?.();
});

const look = { slices: [] };

describe('dashboardPages (issue 17)', () => {
  it('renders in its worker thread; after the thread dies or hangs, a new one renders the next page', async () => {
    const built = await builtDashboard(
      // A page for "crash" ends the thread it runs in (on the main thread it would end this test's process).
      `const profile = rendered.look.slices[0]?.profile;
       if (profile === 'crash') process.exit(3);
       if (profile === 'hang') for (;;);
       return 'page for ' + (profile ?? 'nobody');`,
    );
    remove = built.remove;
    const asked: string[] = [];
    let profile = 'crash';
    pages = dashboardPages(
      built.webRoot,
      async () => {
        const current = profile;
        return { look: { slices: [{ profile: current } as never] }, afterAnswer: () => asked.push(current) };
      },
      { renderTimeoutMs: 2_500 },
    );
    await expect(pages.render()).rejects.toThrow(/exit code 3/);
    profile = 'dev';
    await expect(pages.render()).resolves.toBe('page for dev');
    expect(pages.threadsStarted).toBe(2);
    // A render that never ends: given up, and its thread replaced for the next page.
    profile = 'hang';
    await expect(pages.render()).rejects.toThrow(/not rendered within 2500 ms/);
    profile = 'dev';
    await expect(pages.render()).resolves.toBe('page for dev');
    expect(pages.threadsStarted).toBe(3);
    // What waits for the page (the refresh of cached slices) starts once it has gone, rendered or not.
    await new Promise((resolve) => setImmediate(resolve));
    expect(asked).toEqual(['crash', 'dev', 'hang', 'dev']);
  });

  it('stops its thread when no page is asked for a while, and starts one for the next page', async () => {
    const built = await builtDashboard(`return 'page';`);
    remove = built.remove;
    let idle: (() => void) | undefined;
    const timers = { setTimer: (fn: () => void) => (idle = fn), clearTimer: () => (idle = undefined) };
    pages = dashboardPages(built.webRoot, async () => ({ look, afterAnswer: () => undefined }), timers);
    expect(await pages.render()).toBe('page');
    expect(await pages.render()).toBe('page');
    expect(pages.threadsStarted).toBe(1);
    // Armed once no page is on its way.
    expect(idle).toBeDefined();
    idle?.();
    expect(await pages.render()).toBe('page');
    expect(pages.threadsStarted).toBe(2);
  });

  it('answers undefined without the renderer build, so / sends the plain index.html', async () => {
    const built = await builtDashboard('return template;');
    remove = built.remove;
    const { rm } = await import('node:fs/promises');
    const { join } = await import('node:path');
    await rm(join(built.webRoot, '..', 'web-ssr'), { recursive: true });
    let looked = false;
    pages = dashboardPages(built.webRoot, async () => {
      looked = true;
      return { look, afterAnswer: () => undefined };
    });
    expect(await pages.render()).toBeUndefined();
    expect(looked).toBe(false);
  });
});
