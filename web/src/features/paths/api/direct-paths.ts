import { useQueries, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef } from 'react';
import type { DirectPathResult, DirectPathsResponse } from '../../../../../shared/paths';
import { apiGet, apiPost } from '../../../lib/api';

export interface SliceRef {
  profile: string;
  region: string;
}

export const directPathsKey = (profile: string, region: string) => ['direct-paths', profile, region] as const;

export const getDirectPaths = (r: SliceRef) =>
  apiGet<DirectPathsResponse>(`/api/direct-paths?${new URLSearchParams({ profile: r.profile, region: r.region }).toString()}`);

/** POST /api/direct-paths/check (at most 500 ids a request): the daemon checks in the background, a few at a time. */
export async function requestDirectChecks(targetIds: string[]): Promise<void> {
  for (let i = 0; i < targetIds.length; i += 500) await apiPost('/api/direct-paths/check', { targetIds: targetIds.slice(i, i + 500) });
}

/**
 * How long to wait before reading a slice again while checks it asked for are under way: 1, 2, 4… seconds, at most
 * ten reads (about half a minute in all), then the results stay as they are until the next inventory fetch.
 */
export const pendingDelayMs = (attempt: number): number | false => (attempt >= 10 ? false : Math.min(1000 * 2 ** attempt, 8000));

/**
 * The direct path of every target of these slices, keyed by target id. Targets never checked are asked for once per
 * page (the daemon keeps the results, so a reload does not probe again), and while they are being checked the slice
 * is read again with a bounded backoff; there is no event for a changed direct path.
 */
export function useDirectPaths(refs: SliceRef[]): Map<string, DirectPathResult> {
  const qc = useQueryClient();
  const asked = useRef(new Set<string>());
  const attempts = useRef(new Map<string, number>());
  const results = useQueries({
    queries: refs.map((r) => ({ queryKey: directPathsKey(r.profile, r.region), queryFn: () => getDirectPaths(r), retry: false })),
  });
  const answers = results.map((q) => q.data);
  const version = results.map((q) => q.dataUpdatedAt).join(',');

  useEffect(() => {
    const timers: ReturnType<typeof setTimeout>[] = [];
    answers.forEach((answer, i) => {
      const ref = refs[i];
      if (!answer || !ref) return;
      const key = directPathsKey(ref.profile, ref.region);
      const slice = key.join('\u0000');
      const unchecked = answer.paths.filter((p) => p.status === 'unchecked').map((p) => p.targetId);
      if (unchecked.length === 0) {
        attempts.current.delete(slice);
        return;
      }
      const fresh = unchecked.filter((id) => !asked.current.has(id));
      fresh.forEach((id) => asked.current.add(id));
      if (fresh.length > 0) void requestDirectChecks(fresh).catch(() => undefined);
      const attempt = attempts.current.get(slice) ?? 0;
      const delay = pendingDelayMs(attempt);
      if (delay === false) return;
      attempts.current.set(slice, attempt + 1);
      timers.push(setTimeout(() => void qc.invalidateQueries({ queryKey: key }), delay));
    });
    return () => timers.forEach(clearTimeout);
    // Runs when an answer arrives (refs and answers are read as they are then).
  }, [version, qc]);

  return useMemo(() => {
    const map = new Map<string, DirectPathResult>();
    for (const answer of answers) for (const path of answer?.paths ?? []) map.set(path.targetId, path);
    return map;
  }, [version]);
}

/** A fresh result for one target (its "Check again"), written where the rows read it. */
export function storeDirectResult(qc: ReturnType<typeof useQueryClient>, ref: SliceRef, result: DirectPathResult): void {
  qc.setQueryData<DirectPathsResponse>(directPathsKey(ref.profile, ref.region), (old) =>
    old ? { ...old, paths: old.paths.map((p) => (p.targetId === result.targetId ? result : p)) } : old,
  );
}
