import { useQuery } from '@tanstack/react-query';
import type { DirectConnectionInfo } from '../../../../../shared/paths';
import { apiGet, seg } from '../../../lib/api';

export interface DirectChoice {
  user: string;
  database: string;
}

export const directConnectionKey = (targetId: string, c: DirectChoice) => ['direct-connection', targetId, c.user, c.database] as const;

/** GET /api/targets/:id/direct-connection: strings with the real host name, for a user and database when given. */
export function getDirectConnection(targetId: string, c: DirectChoice): Promise<DirectConnectionInfo> {
  const q = new URLSearchParams();
  if (c.user) q.set('user', c.user);
  if (c.database) q.set('database', c.database);
  const query = q.toString();
  return apiGet<DirectConnectionInfo>(`/api/targets/${seg(targetId)}/direct-connection${query ? `?${query}` : ''}`);
}

export const useDirectConnection = (targetId: string | undefined, c: DirectChoice) =>
  useQuery({
    queryKey: directConnectionKey(targetId ?? '', c),
    queryFn: () => getDirectConnection(targetId!, c),
    enabled: targetId !== undefined,
    staleTime: 0,
    gcTime: 60_000,
    retry: false,
    placeholderData: (previous) => previous,
  });
