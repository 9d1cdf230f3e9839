import type { DiagnosisCheck } from '../../../shared/diagnosis.js';
import { SSM_CORE_ACTIONS, SSM_CORE_POLICY_ARN } from '../policy/action-catalog.js';
import type { DiagnosisFacts } from '../facts.js';
import { cli, command } from '../fixes.js';
import { check, unknownFrom } from './check-kit.js';
import { verdictOf } from './simulation.js';

/**
 * host-role: the jump host has an instance profile whose role carries the SSM core permissions. An Online
 * agent is evidence its credentials work, so what cannot be read is then `ok`, not `unknown`.
 */
export function hostRole(facts: DiagnosisFacts): DiagnosisCheck {
  const { host } = facts;
  const online = host.pingStatus === 'Online';
  const region = host.region;
  if (host.id.startsWith('mi-')) {
    return check('host-role', online ? 'ok' : 'unknown', 'A hybrid node: its role comes from its activation, not an instance profile.');
  }
  const profileArn =
    (facts.association.ok ? facts.association.value?.instanceProfileArn : undefined) ??
    (facts.instance.ok ? facts.instance.value?.instanceProfileArn : undefined);
  if (!profileArn) {
    if (!facts.association.ok && !facts.instance.ok) return unknownFrom('host-role', facts.association.failure);
    const fix = command(
      `Attach an instance profile whose role has ${SSM_CORE_POLICY_ARN(facts.partition).split('/').pop()} (create one if you have none).`,
      [
        cli(
          'iam',
          'create-role',
          '--role-name',
          'porthole-jump',
          '--assume-role-policy-document',
          JSON.stringify({
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
          }),
        ),
        cli('iam', 'attach-role-policy', '--role-name', 'porthole-jump', '--policy-arn', SSM_CORE_POLICY_ARN(facts.partition)),
        cli('iam', 'create-instance-profile', '--instance-profile-name', 'porthole-jump'),
        cli('iam', 'add-role-to-instance-profile', '--instance-profile-name', 'porthole-jump', '--role-name', 'porthole-jump'),
        cli(
          'ec2',
          'associate-iam-instance-profile',
          '--region',
          region,
          '--instance-id',
          host.id,
          '--iam-instance-profile',
          'Name=porthole-jump',
        ),
      ],
      `EC2 → Instances → ${host.id} → Actions → Security → Modify IAM role.`,
    );
    if (online)
      return check('host-role', 'warn', 'No instance profile, yet the agent is Online (Default Host Management Configuration?).', {
        read: [`${host.id}: no instance profile`],
      });
    return check('host-role', 'fail', `${host.name ?? host.id} has no instance profile: the SSM agent has no credentials.`, {
      read: [`${host.id}: no instance profile`],
      fix,
    });
  }
  const read = [`${host.id}: instance profile ${profileArn}`];
  if (!facts.instanceProfile.ok)
    return online
      ? check('host-role', 'ok', 'The agent is Online with its instance profile.', { read })
      : unknownFrom('host-role', facts.instanceProfile.failure, read);
  const role = facts.instanceProfile.value?.roles[0];
  if (!role) {
    return check('host-role', 'fail', `The instance profile ${profileArn.split('/').pop()} holds no role.`, {
      read,
      fix: command('Add a role with the SSM core permissions to the instance profile.', [
        cli(
          'iam',
          'add-role-to-instance-profile',
          '--instance-profile-name',
          profileArn.split('/').pop()!,
          '--role-name',
          '<a role with AmazonSSMManagedInstanceCore>',
        ),
      ]),
    });
  }
  read.push(`role ${role.arn}`);
  if (!facts.hostRoleSimulation.ok)
    return online
      ? check('host-role', 'ok', `The agent is Online with role ${role.name}.`, { read })
      : unknownFrom('host-role', facts.hostRoleSimulation.failure, read);
  const missing = SSM_CORE_ACTIONS.filter((action) => {
    const verdict = verdictOf(facts.hostRoleSimulation.ok ? facts.hostRoleSimulation.value : [], action, '*');
    return verdict === 'denied' || verdict === 'explicitly denied';
  });
  read.push(...SSM_CORE_ACTIONS.map((action) => `${action}: ${missing.includes(action) ? 'denied' : 'allowed'}`));
  if (missing.length === 0) return check('host-role', 'ok', `Role ${role.name} has the SSM core permissions.`, { read });
  return check('host-role', online ? 'warn' : 'fail', `Role ${role.name} lacks ${missing.join(', ')}.`, {
    read,
    fix: command(
      `Attach AmazonSSMManagedInstanceCore to ${role.name}.`,
      [cli('iam', 'attach-role-policy', '--role-name', role.name, '--policy-arn', SSM_CORE_POLICY_ARN(facts.partition))],
      `IAM → Roles → ${role.name} → Add permissions → Attach policies → AmazonSSMManagedInstanceCore.`,
    ),
  });
}
