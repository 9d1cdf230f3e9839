import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ExportClient, ExportLocations, ExportResult } from '../../../../../shared/api';
import { apiGet, apiPost } from '../../../lib/api';

export const exportLocationsKey = ['export-locations'] as const;

/** GET /api/exports: where each export goes on this machine (read when the section shows). */
export const getExportLocations = () => apiGet<ExportLocations>('/api/exports');

export const useExportLocations = () => useQuery({ queryKey: exportLocationsKey, queryFn: getExportLocations, staleTime: 0, retry: false });

const PATH: Record<ExportClient, string> = { dbeaver: 'dbeaver', pgadmin: 'pgadmin', 'pg-service': 'pg-service' };

/** POST /api/exports/<client>: `{ workspace }` for DBeaver, `{ folder }` for pgAdmin, nothing for the service file. */
export const runExport = (client: ExportClient, folder?: string) => {
  const body = !folder ? {} : client === 'dbeaver' ? { workspace: folder } : client === 'pgadmin' ? { folder } : {};
  return apiPost<ExportResult>(`/api/exports/${PATH[client]}`, body);
};

/** One export; where files are changes (a service file now exists), so the locations are read again. */
export function useRunExport(client: ExportClient) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (folder?: string) => runExport(client, folder),
    onSettled: () => qc.invalidateQueries({ queryKey: exportLocationsKey }),
  });
}
