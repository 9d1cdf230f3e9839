import { useEffect, useState } from 'react';
import { renderNow } from './first-render';
import { useOnline } from './link';

/**
 * The current time, re-read every `intervalMs` while `active` (uptimes, countdowns, elapsed times). The clock
 * stops while the daemon is not answering: a counting uptime would claim a tunnel that nobody can vouch for.
 */
export function useNow(intervalMs = 1000, active = true): number {
  const online = useOnline();
  const ticking = active && online;
  const [now, setNow] = useState(renderNow);
  useEffect(() => {
    if (!ticking) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs, ticking]);
  return now;
}
