import { useCallback, useState } from 'react';

/** A map in React state with stable setters: per-item busy flags and per-item failures. */
export function useKeyed<V>() {
  const [map, setMap] = useState<Map<string, V>>(() => new Map());
  const set = useCallback((key: string, value: V) => setMap((m) => new Map(m).set(key, value)), []);
  const drop = useCallback(
    (key: string) =>
      setMap((m) => {
        if (!m.has(key)) return m;
        const next = new Map(m);
        next.delete(key);
        return next;
      }),
    [],
  );
  return { map, set, drop };
}
