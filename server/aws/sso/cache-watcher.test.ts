// The cache watcher on its own: fs.watch events become one debounced call, the folder is followed down as it
// appears, and the poll (virtual time) is the fallback when no event comes.
import { existsSync, mkdirSync, watch } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeTime } from '../../../testing/fake-time.js';
import { waitFor } from '../../../testing/tunnels/helpers.js';
import { REAL_CLOCK } from './clock.js';
import { CacheWatcher } from './cache-watcher.js';

let home: string;
let watcher: CacheWatcher | undefined;
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'porthole-watch-'));
});
afterEach(async () => {
  watcher?.close();
  await rm(home, { recursive: true, force: true });
});

describe('CacheWatcher', () => {
  it('follows ~/.aws down to the cache folder as it appears, and reports a written token', async () => {
    const dir = join(home, '.aws', 'sso', 'cache');
    await mkdir(join(home, '.aws'));
    let calls = 0;
    watcher = new CacheWatcher({ dir, clock: REAL_CLOCK, onChange: () => calls++, pollMs: 600_000, debounceMs: 20 });
    watcher.start();
    expect(watcher.watching).toBe(join(home, '.aws'));
    await mkdir(dir, { recursive: true });
    await waitFor(() => watcher!.watching === dir, 5_000, 'the cache folder watched');
    const before = calls;
    await writeFile(join(dir, 'x.json'), '{}');
    await waitFor(() => calls > before, 5_000, 'the write reported');
  });

  it('moves down to a folder that appeared between trying it and watching the one above (no event comes for it)', async () => {
    const dir = join(home, '.aws', 'sso', 'cache');
    await mkdir(join(home, '.aws', 'sso'), { recursive: true });
    let calls = 0;
    watcher = new CacheWatcher({
      dir,
      clock: REAL_CLOCK,
      onChange: () => calls++,
      pollMs: 600_000,
      debounceMs: 20,
      // The cache folder is made after the watcher found it missing, just before the watch on ~/.aws/sso begins.
      watchFolder: (folder, listener) => {
        if (folder === dirname(dir) && !existsSync(dir)) mkdirSync(dir);
        return watch(folder, { persistent: false }, listener);
      },
    });
    watcher.start();
    expect(watcher.watching).toBe(dir);
    await waitFor(() => calls > 0, 5_000, 'a look at the folder that appeared');
  });

  it('without fs.watch the poll reports on virtual time, and close stops everything', async () => {
    const time = new FakeTime();
    let calls = 0;
    watcher = new CacheWatcher({
      dir: join(home, 'nope'),
      clock: { now: time.clock, setTimer: time.setTimer, clearTimer: time.clearTimer },
      onChange: () => calls++,
      pollMs: 15_000,
      useFsWatch: false,
    });
    watcher.start();
    await time.advance(14_999);
    expect(calls).toBe(0);
    await time.advance(1);
    expect(calls).toBe(1);
    await time.advance(30_000);
    expect(calls).toBe(3);
    watcher.close();
    expect(time.pending()).toEqual([]);
  });
});
