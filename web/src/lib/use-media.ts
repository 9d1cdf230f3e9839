import { useSyncExternalStore } from 'react';

/** Whether a media query matches now, following changes (window resize, rotation). */
export function useMedia(query: string): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const list = window.matchMedia(query);
      list.addEventListener('change', onChange);
      return () => list.removeEventListener('change', onChange);
    },
    () => window.matchMedia(query).matches,
    () => false,
  );
}

/** Phone-width windows: one column, tunnels first, profiles folded. Matches the CSS breakpoint. */
export const NARROW = '(max-width: 720px)';
