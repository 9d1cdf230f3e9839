// @vitest-environment jsdom
import { act, renderHook } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useFirstLookGate } from './use-first-look-gate';

afterEach(() => vi.useRealTimers());

function deferred() {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('useFirstLookGate', () => {
  it('stays closed while the first look is on its way and opens when it is in', async () => {
    vi.useFakeTimers();
    const look = deferred();
    const { result } = renderHook(() => useFirstLookGate(look.promise, 250));
    await act(() => vi.advanceTimersByTimeAsync(200));
    expect(result.current).toBe(false);
    await act(async () => look.resolve());
    expect(result.current).toBe(true);
  });

  it('opens when the first look failed (the page then says why)', async () => {
    const look = deferred();
    const { result } = renderHook(() => useFirstLookGate(look.promise, 60_000));
    await act(async () => look.reject(new Error('daemon gone')));
    expect(result.current).toBe(true);
  });

  it('opens after the longest wait however long the answer takes', async () => {
    vi.useFakeTimers();
    const { result } = renderHook(() => useFirstLookGate(new Promise(() => undefined), 250));
    await act(() => vi.advanceTimersByTimeAsync(249));
    expect(result.current).toBe(false);
    await act(() => vi.advanceTimersByTimeAsync(1));
    expect(result.current).toBe(true);
  });
});
