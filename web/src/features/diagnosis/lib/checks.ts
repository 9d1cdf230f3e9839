import type { CheckStatus, Diagnosis, DiagnosisCheck } from '../../../../../shared/api';

/** Each status in words: the colour and the icon only repeat it. */
export const STATUS_WORD: Record<CheckStatus, string> = { ok: 'ok', warn: 'warning', fail: 'failing', unknown: 'unknown' };

/** A check is opened at once when it asks something of the user: a failure, a warning, a read that was refused. */
export const needsReading = (check: DiagnosisCheck) => check.status !== 'ok';

export type Verdict =
  | { kind: 'broken'; check: DiagnosisCheck }
  | { kind: 'unknown'; count: number; permissions: string[] }
  | { kind: 'warnings'; count: number }
  | { kind: 'clear' };

/**
 * The diagnosis in one sentence's worth: the first broken link (in path order) when there is one; else what
 * could not be read (and the permissions that would let Porthole read it); else warnings; else all clear.
 */
export function verdictOf(d: Pick<Diagnosis, 'checks' | 'firstBroken'>): Verdict {
  const broken = d.firstBroken ? d.checks.find((c) => c.id === d.firstBroken!.check) : d.checks.find((c) => c.status === 'fail');
  if (broken) return { kind: 'broken', check: broken };
  const unknown = d.checks.filter((c) => c.status === 'unknown');
  if (unknown.length > 0) {
    const permissions = [...new Set(unknown.flatMap((c) => (c.missingPermission ? [c.missingPermission] : [])))];
    return { kind: 'unknown', count: unknown.length, permissions };
  }
  const warnings = d.checks.filter((c) => c.status === 'warn').length;
  return warnings > 0 ? { kind: 'warnings', count: warnings } : { kind: 'clear' };
}

/** "3 ok, 1 failing, 2 unknown": how the checks came out, in path order of importance. */
export function tally(checks: DiagnosisCheck[]): string {
  const order: CheckStatus[] = ['fail', 'warn', 'unknown', 'ok'];
  return order
    .map((status) => [status, checks.filter((c) => c.status === status).length] as const)
    .filter(([, n]) => n > 0)
    .map(([status, n]) => `${n} ${STATUS_WORD[status]}`)
    .join(', ');
}
