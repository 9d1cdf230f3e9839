import { useEffect, useState } from 'react';

/**
 * False until `settled` has settled (either way) or `maxWaitMs` has passed. The dashboard waits on the first look
 * at the inventory (in flight since index.html's preload): rendering the page once with 2,000 rows costs less than
 * rendering it empty and again with them, and the wasted first render also delayed reading the answer. No promise:
 * the first look is in already (the daemon rendered the page with it).
 */
export function useFirstLookGate(settled: Promise<unknown> | undefined, maxWaitMs: number): boolean {
  const [ready, setReady] = useState(settled === undefined);
  useEffect(() => {
    if (!settled) return;
    let live = true;
    const open = () => live && setReady(true);
    const timer = setTimeout(open, maxWaitMs);
    settled.then(open, open);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [settled, maxWaitMs]);
  return ready;
}
