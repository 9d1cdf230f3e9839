import { useState } from 'react';
import type { ApiError, PasswordResponse } from '../../../../../shared/api';
import { apiPost, seg } from '../../../lib/api';
import { formatDateTime } from '../../../lib/format';
import { useFlash } from '../../../lib/use-flash';

/** A fresh IAM token or secret. Never cached: it goes straight to the clipboard and out of memory. */
export const fetchPassword = (id: string) => apiPost<PasswordResponse>(`/api/tunnels/${seg(id)}/password`);

/** Copies the password; says so beside the button, or keeps the failure there until dismissed. */
export function useCopyPassword(id: string) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [done, flash] = useFlash(8000);
  const copy = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const res = await fetchPassword(id);
      await navigator.clipboard.writeText(res.password);
      const what = res.kind === 'iam-token' ? 'IAM auth token' : 'password from Secrets Manager';
      flash(
        `Copied the ${what}${res.user ? ` for ${res.user}` : ''}${res.expiresAt ? `; valid until ${formatDateTime(res.expiresAt)}` : ''}.`,
      );
    } catch (err) {
      setError(
        err instanceof Error && 'code' in err
          ? (err as unknown as ApiError)
          : {
              code: 'CLIPBOARD_REFUSED',
              message: 'The browser refused clipboard access.',
              hint: 'Allow clipboard access for this page and try again.',
            },
      );
    } finally {
      setBusy(false);
    }
  };
  return { copy, busy, done, error, dismiss: () => setError(undefined) };
}
