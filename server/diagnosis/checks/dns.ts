import type { DiagnosisCheck } from '../../../shared/diagnosis.js';
import type { DiagnosisFacts } from '../facts.js';
import { cli, command } from '../fixes.js';
import { check } from './check-kit.js';

/**
 * dns: the endpoint name still belongs to the database, the jump host's VPC resolves names (the agent looks
 * the name up there, through the Amazon DNS server), and, as far as this computer can tell, the name exists.
 */
export function dns(facts: DiagnosisFacts): DiagnosisCheck {
  const { target, dns: lookup } = facts;
  const read: string[] = [];
  const detail = facts.db.ok ? facts.db.value : undefined;
  if (detail) {
    read.push(`RDS endpoints: ${detail.endpoints.join(', ') || 'none yet'}`);
    if (!detail.endpoints.includes(target.host)) {
      return check(
        'dns',
        'fail',
        detail.endpoints.length
          ? `${target.host} is no longer an endpoint of ${target.identifier}.`
          : `${target.identifier} has no endpoint yet.`,
        {
          read,
          fix: command('Refresh the inventory so Porthole uses the current endpoint.', [
            cli('rds', 'describe-db-instances', '--region', target.region, '--db-instance-identifier', target.identifier),
          ]),
        },
      );
    }
  }
  const vpc = facts.vpcDns.ok ? facts.vpcDns.value : undefined;
  if (vpc) read.push(`${vpc.vpcId}: DNS resolution ${vpc.dnsSupport === false ? 'off' : 'on'}`);
  if (lookup.addresses) read.push(`this computer resolves ${lookup.name} to ${lookup.addresses.join(', ')}`);
  else
    read.push(
      `this computer: ${lookup.error ?? 'no answer'} for ${lookup.name}${lookup.resolvesAws === false ? ' (it resolves no AWS names at all, so this says nothing)' : ''}`,
    );
  if (vpc?.dnsSupport === false) {
    return check(
      'dns',
      'fail',
      `DNS resolution is off in ${vpc.vpcId}: the jump host cannot look up ${target.host} through the Amazon DNS server.`,
      {
        read,
        fix: command(
          `Turn DNS resolution on for ${vpc.vpcId} (unless its DHCP options name DNS servers of your own that resolve RDS names).`,
          [cli('ec2', 'modify-vpc-attribute', '--region', target.region, '--vpc-id', vpc.vpcId, '--enable-dns-support', '{"Value":true}')],
          `VPC → Your VPCs → ${vpc.vpcId} → Actions → Edit VPC settings → Enable DNS resolution.`,
        ),
      },
    );
  }
  if (lookup.error === 'ENOTFOUND' && lookup.resolvesAws === true) {
    return check('dns', 'fail', `${target.host} does not exist in DNS (RDS names resolve publicly, even private ones).`, {
      read,
      fix: command('Refresh the inventory; the database may have been deleted or renamed.', [
        cli('rds', 'describe-db-instances', '--region', target.region),
      ]),
    });
  }
  if (!detail && !vpc && !lookup.addresses)
    return check('dns', 'unknown', `Porthole could not tell whether ${target.host} resolves.`, { read });
  return check(
    'dns',
    'ok',
    lookup.addresses
      ? `${target.host} resolves to ${lookup.addresses.join(', ')}.`
      : `${target.host} is the database’s endpoint and the jump host’s VPC resolves names.`,
    { read },
  );
}
