// host-online, agent-version, host-running, host-vpc: the inventory's eligibility reasons (computed once by
// server/inventory/eligibility.ts) as checks with fixes. One module for the four: they share that input.
import type { DiagnosisCheck, IneligibleCode } from '../../../shared/api.js';
import { MIN_AGENT_VERSION } from '../../inventory/eligibility.js';
import type { DiagnosisFacts } from '../facts.js';
import { cli, command } from '../fixes.js';
import type { ReadFailure } from '../read-result.js';
import { check, unknownFrom } from './check-kit.js';

function reason(facts: DiagnosisFacts, code: IneligibleCode): string | undefined {
  return facts.eligibility.reasons.find((candidate) => candidate.code === code)?.message;
}

/** The inventory's failed ec2:DescribeInstances, which leaves a host's state and VPC unknown. */
function ec2Failure(facts: DiagnosisFacts): ReadFailure | undefined {
  const failed = facts.inventoryErrors.find((error) => error.call === 'ec2:DescribeInstances');
  if (!failed) return undefined;
  return {
    action: failed.call,
    code: failed.error.code,
    message: failed.error.message,
    ...(failed.error.code === 'ACCESS_DENIED' ? { permission: failed.call } : {}),
  };
}

function describeCommand(facts: DiagnosisFacts): string {
  return cli('ssm', 'describe-instance-information', '--region', facts.host.region, '--filters', `Key=InstanceIds,Values=${facts.host.id}`);
}

export function hostOnline(facts: DiagnosisFacts): DiagnosisCheck {
  const { host } = facts;
  const read = [`${host.id}: PingStatus ${host.pingStatus}`];
  const problem = reason(facts, 'NOT_ONLINE');
  if (!problem) return check('host-online', 'ok', `The SSM agent on ${host.name ?? host.id} is Online.`, { read });
  return check('host-online', 'fail', problem, {
    read,
    fix: command(
      `Get the agent back Online: restart it on the instance (sudo systemctl restart amazon-ssm-agent) and read /var/log/amazon/ssm/amazon-ssm-agent.log; the checks above name the usual causes (role, route to Systems Manager).`,
      [describeCommand(facts)],
      `Systems Manager → Fleet Manager → ${host.id}.`,
    ),
  });
}

export function agentVersion(facts: DiagnosisFacts): DiagnosisCheck {
  const { host } = facts;
  const read = [`${host.id}: SSM Agent ${host.agentVersion ?? '(version unknown)'}`];
  const problem = reason(facts, 'AGENT_TOO_OLD');
  if (!problem)
    return check('agent-version', 'ok', `SSM Agent ${host.agentVersion ?? ''} forwards to remote hosts (${MIN_AGENT_VERSION} or newer).`, {
      read,
    });
  return check('agent-version', 'fail', problem, {
    read,
    fix: command(
      `Update the SSM agent to ${MIN_AGENT_VERSION} or newer (the AWS-UpdateSSMAgent document does it while the agent is Online).`,
      [
        cli(
          'ssm',
          'send-command',
          '--region',
          host.region,
          '--document-name',
          'AWS-UpdateSSMAgent',
          '--targets',
          `Key=InstanceIds,Values=${host.id}`,
        ),
      ],
      `Systems Manager → Run Command → AWS-UpdateSSMAgent → target ${host.id}.`,
    ),
  });
}

export function hostRunning(facts: DiagnosisFacts): DiagnosisCheck {
  const { host } = facts;
  if (host.id.startsWith('mi-'))
    return check('host-running', 'ok', 'A hybrid node: EC2 has no state for it.', { read: [`${host.id}: hybrid (mi-) node`] });
  if (!host.state) {
    const failure = ec2Failure(facts);
    if (failure) return unknownFrom('host-running', failure);
    return check('host-running', 'unknown', `EC2 does not describe ${host.id}.`);
  }
  const read = [`${host.id}: instance state ${host.state}`];
  if (!reason(facts, 'NOT_RUNNING')) return check('host-running', 'ok', `${host.name ?? host.id} is running.`, { read });
  if (host.state === 'terminated' || host.state === 'shutting-down') {
    return check('host-running', 'fail', `The instance is ${host.state}: it will not come back.`, {
      read,
      fix: command('Pick another jump host in the database’s VPC.', [describeCommand(facts)]),
    });
  }
  return check('host-running', 'fail', `The instance is ${host.state}, not running.`, {
    read,
    fix: command(
      `Start ${host.id}.`,
      [cli('ec2', 'start-instances', '--region', host.region, '--instance-ids', host.id)],
      `EC2 → Instances → ${host.id} → Instance state → Start.`,
    ),
  });
}

export function hostVpc(facts: DiagnosisFacts): DiagnosisCheck {
  const { host, target } = facts;
  if (!host.vpcId || !target.vpcId) {
    const failure = ec2Failure(facts);
    if (!host.vpcId && failure) return unknownFrom('host-vpc', failure);
    return check('host-vpc', 'unknown', `The ${host.vpcId ? 'database' : 'host'}'s VPC is not known.`);
  }
  const read = [`${host.id} in ${host.vpcId}`, `${target.identifier} in ${target.vpcId}`];
  if (!reason(facts, 'OTHER_VPC')) return check('host-vpc', 'ok', `Both are in ${target.vpcId}.`, { read });
  return check('host-vpc', 'fail', `The jump host is in ${host.vpcId}; the database is in ${target.vpcId}.`, {
    read,
    fix: command(
      `Use a jump host in ${target.vpcId} (Porthole lists the eligible ones), or launch one there with the SSM core role; peering or a transit gateway between the VPCs also works.`,
      [
        cli(
          'ec2',
          'describe-instances',
          '--region',
          target.region,
          '--filters',
          `Name=vpc-id,Values=${target.vpcId}`,
          'Name=instance-state-name,Values=running',
        ),
      ],
      `EC2 → Instances → filter by VPC ${target.vpcId}.`,
    ),
  });
}
