import type {
  CertKitChange,
  CertKitState,
  CreateKitRequest,
  IssueCertificateRequest,
  RevokeCertificateRequest,
} from '../../../../../shared/paths';
import { apiGet, apiPost } from '../../../lib/api';

/** What the AWS CLI commands in the answers name (an endpoint id for the CRL upload). */
export interface KitContext {
  region?: string;
  profile?: string;
  endpointId?: string;
}

const clean = (c: KitContext): KitContext => ({
  ...(c.region ? { region: c.region } : {}),
  ...(c.profile ? { profile: c.profile } : {}),
  ...(c.endpointId ? { endpointId: c.endpointId } : {}),
});

export const readKit = (folder: string, c: KitContext) =>
  apiGet<CertKitState>(`/api/cert-kit?${new URLSearchParams({ folder, ...clean(c) }).toString()}`);
export const createKit = (body: CreateKitRequest, c: KitContext) => apiPost<CertKitState>('/api/cert-kit', { ...body, ...clean(c) });
export const issueCertificate = (kind: 'server' | 'client', body: IssueCertificateRequest, c: KitContext) =>
  apiPost<CertKitChange>(`/api/cert-kit/${kind}`, { ...body, ...clean(c) });
export const revokeCertificate = (body: RevokeCertificateRequest, c: KitContext) =>
  apiPost<CertKitChange>('/api/cert-kit/revoke', { ...body, ...clean(c) });
export const renewCrl = (folder: string, c: KitContext) => apiPost<CertKitChange>('/api/cert-kit/crl', { folder, ...clean(c) });
