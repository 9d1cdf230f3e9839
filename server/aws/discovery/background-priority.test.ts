import { getPriority } from 'node:os';
import { Worker } from 'node:worker_threads';
import { describe, expect, it, vi } from 'vitest';
import { BACKGROUND_NICE, lowerThreadPriority } from './background-priority.js';

describe('lowerThreadPriority', () => {
  it('lowers the calling thread on Linux only', () => {
    const set = vi.fn();
    expect(lowerThreadPriority('darwin', set)).toBe(false);
    expect(lowerThreadPriority('win32', set)).toBe(false);
    expect(set).not.toHaveBeenCalled();
    expect(lowerThreadPriority('linux', set)).toBe(true);
    expect(set).toHaveBeenCalledWith(BACKGROUND_NICE);
  });

  it('keeps going when the system refuses', () => {
    expect(
      lowerThreadPriority('linux', () => {
        throw new Error('EACCES');
      }),
    ).toBe(false);
  });

  it.runIf(process.platform === 'linux' && getPriority(0) < BACKGROUND_NICE)('on Linux, a worker that lowers itself leaves the main thread as it was', async () => {
    const before = getPriority(0);
    const worker = new Worker(
      `const { setPriority, getPriority } = require('node:os');
       const { parentPort } = require('node:worker_threads');
       setPriority(0, ${BACKGROUND_NICE});
       parentPort.postMessage(getPriority(0));`,
      { eval: true },
    );
    const inWorker = await new Promise<number>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    expect(inWorker).toBe(BACKGROUND_NICE);
    expect(getPriority(0)).toBe(before);
  });
});
