import { useQuery } from '@tanstack/react-query';
import type { ConnectionInfo } from '../../../../../shared/api';
import { apiGet, seg } from '../../../lib/api';

export const connectionKey = (id: string) => ['tunnel-connection', id] as const;
export const getConnection = (id: string) => apiGet<ConnectionInfo>(`/api/tunnels/${seg(id)}/connection`);

export const useConnection = (id: string, enabled = true) =>
  useQuery({ queryKey: connectionKey(id), queryFn: () => getConnection(id), enabled });
