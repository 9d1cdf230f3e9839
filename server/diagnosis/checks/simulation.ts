// Reading IAM simulation results for one action on one resource.
import type { SimulationResult } from '../../aws/reads/types.js';

export type Verdict = 'allowed' | 'denied' | 'explicitly denied' | 'not evaluable';

function one(result: SimulationResult): Verdict {
  if (result.decision === 'allowed') return 'allowed';
  if (result.decision === 'explicitDeny') return 'explicitly denied';
  // A deny for want of context keys is "could not evaluate", not "denied" (facts A5).
  return result.missingContext.length > 0 ? 'not evaluable' : 'denied';
}

/**
 * The verdict for `action` on `resource`; `*` takes every result of the action (a simulation without
 * resources answers with an ARN template, not `*`), the worst one winning.
 */
export function verdictOf(results: readonly SimulationResult[], action: string, resource: string): Verdict | undefined {
  const mine = results.filter(
    (candidate) => candidate.action.toLowerCase() === action.toLowerCase() && (resource === '*' || candidate.resource === resource),
  );
  if (mine.length === 0) return undefined;
  const verdicts = mine.map(one);
  for (const worst of ['explicitly denied', 'denied', 'not evaluable'] as const) if (verdicts.includes(worst)) return worst;
  return 'allowed';
}
