import { existsSync, watch, type FSWatcher } from 'node:fs';
import { dirname } from 'node:path';
import type { SsoClock, TimerHandle } from './clock.js';

// Notices a token written by another tool (`aws sso login`, an SDK's refresh): fs.watch on the cache folder for
// the quick answer — or, until the first sign-in creates it, on ~/.aws/sso or ~/.aws, moving down as the folders
// appear — and a bounded poll as the fallback for where fs.watch misses events (network homes, some platforms)
// or no folder exists at all. Every trigger is debounced into one call.

export interface CacheWatcherOptions {
  dir: string;
  onChange: () => void;
  clock: SsoClock;
  /** The fallback poll (default 15 s). */
  pollMs?: number;
  /** Debounce for bursts of fs events (default 150 ms). */
  debounceMs?: number;
  /** Off in tests that drive the monitor by hand. */
  useFsWatch?: boolean;
  /** fs.watch (a test may put itself between the attempts, as a folder created meanwhile would). */
  watchFolder?: (folder: string, listener: () => void) => FSWatcher;
}

const watchFolder = (folder: string, listener: () => void): FSWatcher => watch(folder, { persistent: false }, listener);

export class CacheWatcher {
  private watcher: FSWatcher | undefined;
  /** The folder watched: the cache folder, or an ancestor while it does not exist. */
  private watched: string | undefined;
  private pollTimer: TimerHandle | undefined;
  private debounceTimer: TimerHandle | undefined;
  private closed = false;

  constructor(private readonly options: CacheWatcherOptions) {}

  start(): void {
    this.attach();
    this.schedulePoll();
  }

  close(): void {
    this.closed = true;
    this.detach();
    const { clock } = this.options;
    if (this.pollTimer !== undefined) clock.clearTimer(this.pollTimer);
    if (this.debounceTimer !== undefined) clock.clearTimer(this.debounceTimer);
  }

  /** The folder fs.watch is on, if any (the cache folder once it exists). */
  get watching(): string | undefined {
    return this.watched;
  }

  private attach(): void {
    if (this.closed || this.watched === this.options.dir || this.options.useFsWatch === false) return;
    const { dir } = this.options;
    for (const candidate of [dir, dirname(dir), dirname(dirname(dir))]) {
      if (candidate === this.watched) return;
      try {
        const watcher = (this.options.watchFolder ?? watchFolder)(candidate, () => {
          // Something appeared above the cache folder: move down if it can, and look.
          if (candidate !== dir) this.attach();
          this.changed();
        });
        // The folder went away (or the platform gave up): the poll attaches again later.
        watcher.on('error', () => {
          watcher.close();
          if (this.watcher === watcher) this.detach();
        });
        this.detach();
        this.watcher = watcher;
        this.watched = candidate;
        // A folder below may have appeared after it was tried and before this watch began: no event would come
        // for it, so move down now (and look: a token may already be there).
        if (candidate !== dir && existsSync(childOnTheWay(candidate, dir))) {
          this.attach();
          this.changed();
        }
        return;
      } catch {
        // Not there yet: try the folder above.
      }
    }
  }

  private detach(): void {
    this.watcher?.close();
    this.watcher = undefined;
    this.watched = undefined;
  }

  private changed(): void {
    if (this.closed || this.debounceTimer !== undefined) return;
    this.debounceTimer = this.options.clock.setTimer(() => {
      this.debounceTimer = undefined;
      if (!this.closed) this.options.onChange();
    }, this.options.debounceMs ?? 150);
  }

  private schedulePoll(): void {
    if (this.closed) return;
    this.pollTimer = this.options.clock.setTimer(() => {
      this.attach();
      if (!this.closed) this.options.onChange();
      this.schedulePoll();
    }, this.options.pollMs ?? 15_000);
  }
}

/** The folder right below `ancestor` on the way down to `dir`. */
function childOnTheWay(ancestor: string, dir: string): string {
  let child = dir;
  while (dirname(child) !== ancestor && dirname(child) !== child) child = dirname(child);
  return child;
}
