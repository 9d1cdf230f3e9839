// The access half of a Client VPN path: the authorization rules admit you, the database's security groups admit
// the endpoint, and what signing in takes (facts-aws-paths.md §B1 steps 2–4).
import type { ClientVpnAuthentication, PathCheck, VpnAuthorization } from '../../../shared/paths.js';
import { authorizeIngress, cli, command } from '../../diagnosis/fixes.js';
import { coverage } from '../../diagnosis/net/cidr.js';
import { admitsTcpPort, describeRule, evaluateSg } from '../../diagnosis/net/sg-match.js';
import { admits, authorizeAll } from './authorization.js';
import { listFailure, vpnCheck, vpnUnknown, type VpnPathFacts } from './vpn-facts.js';

/** Group rules need users with groups: mutual TLS alone has none (AWS: groups come from AD or the SAML assertion). */
function hasGroups(authentication: readonly ClientVpnAuthentication[]): boolean {
  return authentication.some((option) => option.type !== 'certificate');
}

function authorizeFix(facts: VpnPathFacts, cidr: string, group: string | undefined): PathCheck['fix'] {
  const who = group ? ['--access-group-id', group] : ['--authorize-all-groups'];
  return command(
    `Add an authorization rule for ${cidr} ${group ? `for group ${group}` : 'for all users'}.`,
    [
      cli(
        'ec2',
        'authorize-client-vpn-ingress',
        '--region',
        facts.target.region,
        '--client-vpn-endpoint-id',
        facts.endpoint.id,
        '--target-network-cidr',
        cidr,
        ...who,
      ),
    ],
    `VPC → Client VPN endpoints → ${facts.endpoint.id} → Authorization rules → Add authorize ingress rule.`,
  );
}

function whoText(result: VpnAuthorization): string {
  return result.everyone ? 'every user' : result.groups.map((group) => `group ${group}`).join(', ');
}

/** vpn-authorization: the longest-prefix rules covering the database, and whether they admit the user. */
export function authorizationCheck(facts: VpnPathFacts): { check: PathCheck; authorization?: VpnAuthorization } {
  const { endpoint, db, userGroups } = facts;
  const failure = listFailure(endpoint, 'ec2:DescribeClientVpnAuthorizationRules');
  if (failure) return { check: vpnUnknown('vpn-authorization', failure) };
  const read = endpoint.authorizationRules.map(
    (rule) =>
      `${rule.destinationCidr}: ${rule.accessAll ? 'all users' : `group ${rule.groupId ?? '?'}`} (${rule.status})${rule.description ? ` “${rule.description}”` : ''}`,
  );
  if (db.cidrs.length === 0)
    return { check: vpnCheck('vpn-authorization', 'unknown', 'The database’s addresses are not known.', { read }) };
  const combined = authorizeAll(endpoint.authorizationRules, db.cidrs);
  const target = db.cidrs[0]!;
  if (!combined.result) {
    return {
      check: vpnCheck(
        'vpn-authorization',
        'fail',
        `No active authorization rule covers ${combined.uncovered.join(', ')}: nobody may reach it.`,
        {
          read,
          fix: authorizeFix(facts, combined.uncovered[0]!, userGroups[0]),
        },
      ),
    };
  }
  const { deciding: _deciding, ...authorization } = combined.result;
  const shadowText = authorization.shadowed.length
    ? ` The broader ${authorization.shadowed.map((entry) => `${entry.destinationCidr} (${entry.groupId})`).join(', ')} ${authorization.shadowed.length === 1 ? 'loses' : 'lose'} to it.`
    : '';
  const rule = `rule ${authorization.destinationCidr}`;
  const groupOnly = !authorization.everyone;
  if (groupOnly && authorization.groups.length === 0) {
    return {
      authorization,
      check: vpnCheck(
        'vpn-authorization',
        'fail',
        `The ${rule} covering ${target} admits no group that reaches all of the database’s addresses.`,
        {
          read,
          fix: authorizeFix(facts, target, userGroups[0]),
        },
      ),
    };
  }
  if (groupOnly && !hasGroups(endpoint.authentication)) {
    return {
      authorization,
      check: vpnCheck(
        'vpn-authorization',
        'fail',
        `Only ${whoText(authorization)} may reach ${target} (${rule}), but this endpoint signs users in by certificate, which carries no group.`,
        { read, fix: authorizeFix(facts, authorization.destinationCidr ?? target, undefined) },
      ),
    };
  }
  const ambiguity = combined.ambiguous ? ' More specific rules lie inside the database’s subnet: its exact address decides.' : '';
  const summary = `${whoText(authorization)} may reach ${target} (${rule}).${shadowText}${ambiguity}`;
  if (!groupOnly) return { authorization, check: vpnCheck('vpn-authorization', combined.ambiguous ? 'warn' : 'ok', summary, { read }) };
  if (userGroups.length === 0) {
    return {
      authorization,
      check: vpnCheck('vpn-authorization', 'warn', `Only ${summary} Porthole cannot tell your groups: you need to be in one of them.`, {
        read,
      }),
    };
  }
  if (admits(authorization, userGroups)) {
    return {
      authorization,
      check: vpnCheck('vpn-authorization', combined.ambiguous ? 'warn' : 'ok', `Your group may: ${summary}`, { read }),
    };
  }
  const mine = userGroups.join(', ');
  const lost = authorization.shadowed.filter((entry) => userGroups.includes(entry.groupId));
  const why = lost.length
    ? `${mine}’s rule ${lost.map((entry) => entry.destinationCidr).join(', ')} covers ${target} too, but the more specific ${rule} for ${authorization.groups.join(', ')} wins, so ${mine} cannot reach it.`
    : `Only ${whoText(authorization)} may reach ${target} (${rule}); ${mine} has no rule for it.`;
  return {
    authorization,
    check: vpnCheck('vpn-authorization', 'fail', why, {
      read,
      fix: authorizeFix(facts, authorization.destinationCidr ?? target, userGroups[0]),
    }),
  };
}

/** vpn-security-group: the database's groups admit the endpoint's groups (or its subnets) on the database port. */
export function securityGroupCheck(facts: VpnPathFacts): PathCheck {
  const { endpoint, target, db } = facts;
  if (!facts.dbRules.ok) return vpnUnknown('vpn-security-group', facts.dbRules.failure);
  const associated = endpoint.targetNetworks.filter((network) => network.status === 'associated');
  const groupIds = [...new Set([...endpoint.securityGroupIds, ...associated.flatMap((network) => network.securityGroupIds)])];
  const subnetCidrs = facts.subnets.ok
    ? facts.subnets.value
        .filter((subnet) => associated.some((network) => network.subnetId === subnet.id) && subnet.cidr)
        .map((s) => s.cidr!)
    : [];
  const rules = facts.dbRules.value.filter((rule) => !rule.egress && db.groupIds.includes(rule.groupId));
  const read = [
    `endpoint groups ${groupIds.join(', ') || 'none'}; its interfaces in ${subnetCidrs.join(', ') || 'subnets of unknown range'}`,
    ...rules.filter((rule) => admitsTcpPort(rule, target.port)).map((rule) => describeRule(rule, facts.groupNames)),
  ];
  if (db.groupIds.length === 0)
    return vpnCheck('vpn-security-group', 'unknown', `RDS names no security group for ${target.identifier}.`, { read });
  const result = evaluateSg(rules, target.port, { cidrs: subnetCidrs, groupIds }, facts.prefixLists);
  if (result.verdict === 'allowed') {
    return vpnCheck('vpn-security-group', 'ok', `${describeRule(result.matching[0]!, facts.groupNames)} admits the endpoint.`, { read });
  }
  if (result.verdict === 'partial') {
    return vpnCheck(
      'vpn-security-group',
      'warn',
      `${describeRule(result.matching[0]!, facts.groupNames)} admits only part of the endpoint’s subnets: admit its security group to be sure.`,
      { read, ...(groupIds[0] ? { fix: authorizeIngress(target.region, db.groupIds[0]!, target.port, { groupId: groupIds[0] }) } : {}) },
    );
  }
  if (result.verdict === 'unknown') {
    return vpnCheck(
      'vpn-security-group',
      'unknown',
      `Only prefix lists could admit the endpoint, and their entries are unknown: ${result.unreadPrefixLists.join(', ')}.`,
      { read },
    );
  }
  const clientCidr = endpoint.clientCidrBlock;
  const onClients =
    clientCidr && rules.some((rule) => admitsTcpPort(rule, target.port) && rule.cidrIpv4 && coverage(rule.cidrIpv4, clientCidr) !== 'none');
  const nat = onClients
    ? ` A rule admits the client range ${clientCidr}, but Client VPN translates client addresses to its interfaces in the subnet, so that rule does not match.`
    : '';
  const source = groupIds[0] ? { groupId: groupIds[0] } : subnetCidrs[0] ? { cidr: subnetCidrs[0] } : undefined;
  return vpnCheck('vpn-security-group', 'fail', `No rule on ${db.groupIds.join(', ')} admits the endpoint on TCP ${target.port}.${nat}`, {
    read,
    ...(source ? { fix: authorizeIngress(target.region, db.groupIds[0]!, target.port, source) } : {}),
  });
}

function providerName(arn: string | undefined): string {
  return arn?.split('/').pop() ?? 'your identity provider';
}

/** vpn-authentication: what the user needs to connect, per authentication option. */
export function authenticationCheck(facts: VpnPathFacts): PathCheck {
  const read: string[] = [];
  const needs = facts.endpoint.authentication.map((option) => {
    switch (option.type) {
      case 'certificate':
        read.push(`mutual TLS, client root CA ${option.clientRootCertificateChainArn ?? '?'}`);
        return 'a client certificate and key from the endpoint’s client CA (Porthole puts them into the .ovpn)';
      case 'federated':
        read.push(`SAML federation, provider ${option.samlProviderArn ?? '?'}`);
        return `a sign-in through ${providerName(option.samlProviderArn)} with the AWS VPN Client 1.2.0 or later (stock OpenVPN cannot do auth-federate)`;
      case 'directory':
        read.push(`Active Directory ${option.directoryId ?? '?'}`);
        return 'your directory user name and password';
    }
  });
  if (needs.length === 0) return vpnCheck('vpn-authentication', 'unknown', 'The endpoint names no authentication option.', { read });
  return vpnCheck('vpn-authentication', 'ok', `You need ${needs.join(', and ')}.`, { read });
}
