import type { ApiError, ProfileCheck, ProfileLogin } from '../../../../../shared/api';
import { isCredentialError } from '../../../lib/error-home';

/** What the profile's region fetches say about its credentials (the app reads it from the inventory). */
export interface CredentialEvidence {
  /** The newest fetch AWS accepted the credentials for. */
  worked?: { region: string; at: string };
  /** The newest fetch that failed for the credentials. */
  failed?: { region: string; at: string; error: ApiError };
}

export type CredentialView =
  | { kind: 'signed-in'; account: string; arn: string; expiresAt?: string; at: string }
  | { kind: 'works'; region: string; at: string }
  | { kind: 'failed'; error: ApiError; at: string }
  | { kind: 'unknown' };

const time = (iso: string) => {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? -Infinity : t;
};

/**
 * One verdict on a profile's credentials from everything that tried them: its last check and its last region
 * fetches. The newest verdict wins, so "not checked yet" never stands next to a region that loaded, and a sign-in
 * done since an expired check shows as soon as a region loads again; a good check keeps showing its account.
 */
export function credentialView(check: ProfileCheck | undefined, evidence: CredentialEvidence): CredentialView {
  const candidates: { at: number; view: CredentialView }[] = [];
  if (check?.ok) {
    candidates.push({
      at: time(check.checkedAt),
      view: {
        kind: 'signed-in',
        account: check.account,
        arn: check.arn,
        at: check.checkedAt,
        ...(check.expiresAt ? { expiresAt: check.expiresAt } : {}),
      },
    });
  } else if (check) {
    candidates.push({ at: time(check.checkedAt), view: { kind: 'failed', error: check.error, at: check.checkedAt } });
  }
  if (evidence.worked) candidates.push({ at: time(evidence.worked.at), view: { kind: 'works', ...evidence.worked } });
  if (evidence.failed)
    candidates.push({ at: time(evidence.failed.at), view: { kind: 'failed', error: evidence.failed.error, at: evidence.failed.at } });
  // Newest first; on a tie the check (listed first) wins.
  const newest = candidates.reduce<(typeof candidates)[number] | undefined>((best, c) => (!best || c.at > best.at ? c : best), undefined);
  // When the newest word is "they work", a successful check says the same with more (the account): show it.
  if (newest?.view.kind === 'works' && candidates[0]?.view.kind === 'signed-in') return candidates[0].view;
  return newest?.view ?? { kind: 'unknown' };
}

/** Whether a profile needs the user (for the folded profiles list on a phone: "1 needs attention"). */
export const needsAttention = (view: CredentialView) => view.kind === 'failed';

/**
 * Whether the verdict still holds next to the profile's sign-in, which the daemon keeps current: "they work" from
 * before the sign-in expired, or a refusal for the sign-in from before it was renewed, would contradict it.
 */
export function verdictHolds(view: CredentialView, login: ProfileLogin | undefined): boolean {
  if (!login) return true;
  const live = login.state === 'signed-in' || login.state === 'expiring';
  if (view.kind === 'works' || view.kind === 'signed-in') return live || login.state === 'signing-in';
  if (view.kind === 'failed') return !(live && isCredentialError(view.error));
  return true;
}
