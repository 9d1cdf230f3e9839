import type { ClientVpnAuthentication, ClientVpnAuthorizationRule, VpnAuthorization } from '../../../../../shared/paths';

/** How someone signs in to a Client VPN endpoint, in words. */
export function authenticationWords(list: ClientVpnAuthentication[]): string {
  if (list.length === 0) return 'unknown';
  return list
    .map((a) =>
      a.type === 'certificate'
        ? 'mutual TLS (client certificate)'
        : a.type === 'federated'
          ? 'SAML single sign-on (AWS VPN Client)'
          : 'Active Directory (user name and password)',
    )
    .join(' + ');
}

export const isMutualTls = (list: ClientVpnAuthentication[]) => list.some((a) => a.type === 'certificate');
export const isFederated = (list: ClientVpnAuthentication[]) => list.some((a) => a.type === 'federated');

/** Who an authorization rule admits. */
export const ruleWho = (rule: Pick<ClientVpnAuthorizationRule, 'accessAll' | 'groupId'>) =>
  rule.accessAll ? 'every user' : `group ${rule.groupId ?? '(none)'}`;

const list = (items: string[]) =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]!}`;

/**
 * The endpoint's authorization for the database in sentences: which rule decides (the longest prefix that covers
 * the address), whom it admits, and every group whose broader rule loses to it, so that "why can't dev-team reach
 * it?" is answered with the group and the rule.
 */
export function authorizationWords(auth: VpnAuthorization, myGroups: string[]): string[] {
  const where = auth.destinationCidr ? `the rule for ${auth.destinationCidr}` : 'no rule';
  const lines: string[] = [];
  if (auth.everyone) lines.push(`Every user may reach the database: ${where} admits all users.`);
  else if (auth.groups.length > 0)
    lines.push(`Only ${auth.groups.length === 1 ? 'group' : 'groups'} ${list(auth.groups)} may reach the database: ${where} decides.`);
  else lines.push('No active authorization rule covers the database: nobody connected to this endpoint reaches it.');
  for (const s of auth.shadowed)
    lines.push(
      `Group ${s.groupId} has a rule for ${s.destinationCidr}, but ${where} is more specific and wins (the longest prefix decides), so ${s.groupId} cannot reach the database.`,
    );
  if (!auth.everyone && myGroups.length > 0) {
    const admitted = myGroups.filter((g) => auth.groups.includes(g));
    lines.push(
      admitted.length > 0
        ? `Your ${admitted.length === 1 ? 'group' : 'groups'} ${list(admitted)} ${admitted.length === 1 ? 'is' : 'are'} admitted.`
        : `None of your groups (${list(myGroups)}) is admitted by ${where}.`,
    );
  }
  return lines;
}

/** "dba, dev-team" → ["dba", "dev-team"]: the groups the user typed, trimmed, without repeats. */
export function parseGroups(text: string): string[] {
  return [
    ...new Set(
      text
        .split(',')
        .map((g) => g.trim())
        .filter(Boolean),
    ),
  ];
}
