import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Diagnosis } from '../../../../../shared/api';
import { apiGet, seg } from '../../../lib/api';

/** What to diagnose: a database, through a jump host (default: the one Porthole would pick). */
export interface DiagnosisRequest {
  targetId: string;
  jumpHostId?: string;
  /** The database's name, for the drawer's title. */
  name: string;
}

export const diagnosisKey = (r: Pick<DiagnosisRequest, 'targetId' | 'jumpHostId'>) =>
  ['diagnosis', r.targetId, r.jumpHostId ?? ''] as const;

/** GET /api/targets/:id/diagnosis; the daemon keeps each result with its inventory fetch unless `refresh`. */
export function getDiagnosis(r: Pick<DiagnosisRequest, 'targetId' | 'jumpHostId'>, refresh = false): Promise<Diagnosis> {
  const q = new URLSearchParams();
  if (r.jumpHostId) q.set('jumpHostId', r.jumpHostId);
  if (refresh) q.set('refresh', '1');
  const query = q.toString();
  return apiGet<Diagnosis>(`/api/targets/${seg(r.targetId)}/diagnosis${query ? `?${query}` : ''}`);
}

/** Read each time the drawer opens (the daemon answers from its cache when nothing changed). */
export const useDiagnosis = (r: DiagnosisRequest | undefined) =>
  useQuery({
    queryKey: diagnosisKey(r ?? { targetId: '' }),
    queryFn: () => getDiagnosis(r!),
    enabled: r !== undefined,
    staleTime: 0,
    gcTime: 60_000,
    retry: false,
  });

/** "Run again": a fresh diagnosis (refresh=1) that replaces the one shown. */
export function useRediagnose() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (r: DiagnosisRequest) => getDiagnosis(r, true),
    onSuccess: (d, r) => qc.setQueryData(diagnosisKey(r), d),
  });
}
