import { useState } from 'react';
import { toast } from 'sonner';
import type { PasswordResponse } from '../../../../../shared/api';
import { ApiRequestError, apiPost, seg } from '../../../lib/api';
import { formatDateTime } from '../../../lib/format';

/** A fresh IAM token or secret. Never cached: it goes straight to the clipboard and out of memory. */
export const fetchPassword = (id: string) => apiPost<PasswordResponse>(`/api/tunnels/${seg(id)}/password`);

export function useCopyPassword(id: string) {
  const [busy, setBusy] = useState(false);
  const copy = async () => {
    setBusy(true);
    try {
      const res = await fetchPassword(id);
      await navigator.clipboard.writeText(res.password);
      const what = res.kind === 'iam-token' ? 'IAM auth token' : 'password from Secrets Manager';
      const expiry = res.expiresAt ? `Valid until ${formatDateTime(res.expiresAt)}.` : undefined;
      toast.success(`Copied ${what}${res.user ? ` for ${res.user}` : ''}`, expiry ? { description: expiry } : {});
    } catch (err) {
      const description = err instanceof ApiRequestError ? err.hint : undefined;
      toast.error(err instanceof Error ? err.message : 'Could not get a password', description ? { description } : {});
    } finally {
      setBusy(false);
    }
  };
  return { copy, busy };
}
