import { watch, type FSWatcher } from 'node:fs';
import type { SsoClock, TimerHandle } from './clock.js';

// Notices a token written by another tool (`aws sso login`, an SDK's refresh): fs.watch on the cache folder for
// the quick answer, and a bounded poll as the fallback for where fs.watch misses events (network homes, some
// editors' renames) or the folder does not exist yet. Every trigger is debounced into one call.

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
}

export class CacheWatcher {
  private watcher: FSWatcher | undefined;
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
    this.watcher?.close();
    this.watcher = undefined;
    const { clock } = this.options;
    if (this.pollTimer !== undefined) clock.clearTimer(this.pollTimer);
    if (this.debounceTimer !== undefined) clock.clearTimer(this.debounceTimer);
  }

  get watching(): boolean {
    return this.watcher !== undefined;
  }

  private attach(): void {
    if (this.closed || this.watcher || this.options.useFsWatch === false) return;
    try {
      const watcher = watch(this.options.dir, { persistent: false }, () => this.changed());
      // The folder went away (or the platform gave up): fall back to the poll, which attaches again later.
      watcher.on('error', () => {
        watcher.close();
        if (this.watcher === watcher) this.watcher = undefined;
      });
      this.watcher = watcher;
    } catch {
      // No folder yet: nobody has signed in on this machine. The poll looks again.
    }
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
