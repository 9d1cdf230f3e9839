// Which Client VPN users an endpoint's authorization rules let reach an address (facts-aws-paths.md §B1, AWS's
// "authorization rule example scenarios"): among the active rules whose destination holds the address, only
// the longest prefix counts; 0.0.0.0/0 therefore comes last. There is no deny rule and the default is deny, so a
// group whose only rule is broader loses the address to a more specific rule for another group.
import type { ClientVpnAuthorizationRule, ClientVpnRoute, VpnAuthorization } from '../../../shared/paths.js';
import { contains, overlaps, parseCidr } from '../../diagnosis/net/cidr.js';

export interface AuthorizationResult extends VpnAuthorization {
  /** The rules that decided it (longest prefix). */
  deciding: ClientVpnAuthorizationRule[];
}

function prefix(cidr: string): number {
  return parseCidr(cidr)?.bits ?? -1;
}

/** The decision for one address (a /32) or a whole block; undefined when no active rule covers it. */
export function authorizeCidr(rules: readonly ClientVpnAuthorizationRule[], cidr: string): AuthorizationResult | undefined {
  const covering = rules.filter((rule) => rule.status === 'active' && contains(rule.destinationCidr, cidr));
  const longest = Math.max(-1, ...covering.map((rule) => prefix(rule.destinationCidr)));
  if (longest < 0) return undefined;
  const deciding = covering.filter((rule) => prefix(rule.destinationCidr) === longest);
  const everyone = deciding.some((rule) => rule.accessAll);
  const groups = unique(deciding.flatMap((rule) => (!rule.accessAll && rule.groupId ? [rule.groupId] : [])));
  const shadowed = everyone
    ? []
    : covering
        .filter((rule) => prefix(rule.destinationCidr) < longest && (rule.accessAll || (rule.groupId && !groups.includes(rule.groupId))))
        .map((rule) => ({ groupId: rule.accessAll ? '(everyone)' : rule.groupId!, destinationCidr: rule.destinationCidr }));
  return { everyone, groups, destinationCidr: deciding[0]!.destinationCidr, shadowed, deciding };
}

export interface CombinedAuthorization {
  /** Undefined when some address has no rule at all. */
  result?: AuthorizationResult;
  /** Addresses no active rule covers. */
  uncovered: string[];
  /** A block (the database's subnet, its address unknown) holds more specific rules: the exact address decides. */
  ambiguous: boolean;
}

/** The users who reach every one of the database's addresses (a group must be admitted for each). */
export function authorizeAll(rules: readonly ClientVpnAuthorizationRule[], cidrs: readonly string[]): CombinedAuthorization {
  const each = cidrs.map((cidr) => ({ cidr, result: authorizeCidr(rules, cidr) }));
  const uncovered = each.filter((entry) => !entry.result).map((entry) => entry.cidr);
  const ambiguous = cidrs.some((cidr) =>
    rules.some((rule) => rule.status === 'active' && overlaps(rule.destinationCidr, cidr) && !contains(rule.destinationCidr, cidr)),
  );
  const results = each.flatMap((entry) => (entry.result ? [entry.result] : []));
  const first = results[0];
  if (uncovered.length > 0 || !first) return { uncovered, ambiguous };
  const everyone = results.every((result) => result.everyone);
  const candidates = unique(results.flatMap((result) => result.groups));
  const groups = candidates.filter((group) => results.every((result) => result.everyone || result.groups.includes(group)));
  const shadowed = uniqueBy(
    results.flatMap((result) => result.shadowed).filter((entry) => !groups.includes(entry.groupId) && !everyone),
    (entry) => `${entry.groupId}\u0000${entry.destinationCidr}`,
  );
  return {
    result: {
      everyone,
      groups,
      destinationCidr: first.destinationCidr,
      shadowed,
      deciding: uniqueBy(
        results.flatMap((result) => result.deciding),
        (rule) => `${rule.destinationCidr}\u0000${rule.groupId ?? '*'}`,
      ),
    },
    uncovered,
    ambiguous,
  };
}

/** Whether a user in `userGroups` gets through (everyone, or one of the deciding groups). */
export function admits(result: VpnAuthorization, userGroups: readonly string[]): boolean {
  return result.everyone || result.groups.some((group) => userGroups.includes(group));
}

/** The longest active route holding `cidr`, as a VPN client's routing would pick it. */
export function routeFor(routes: readonly ClientVpnRoute[], cidr: string): ClientVpnRoute | undefined {
  let best: ClientVpnRoute | undefined;
  for (const route of routes) {
    if (route.status !== 'active' || !contains(route.destinationCidr, cidr)) continue;
    if (!best || prefix(route.destinationCidr) > prefix(best.destinationCidr)) best = route;
  }
  return best;
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

function uniqueBy<T>(values: readonly T[], key: (value: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const value of values) if (!seen.has(key(value))) seen.set(key(value), value);
  return [...seen.values()];
}
