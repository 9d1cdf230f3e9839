// host-online, agent-version, host-running, host-vpc and host-role: each way they fail, from hand-made facts.
import { describe, expect, it } from 'vitest';
import { ok } from '../read-result.js';
import { healthyFacts, host, HOST_ID, refused, target } from '../../../testing/diagnosis/healthy-facts.js';
import { agentVersion, hostOnline, hostRunning, hostVpc } from './host-state.js';
import { hostRole } from './host-role.js';

describe('host-online', () => {
  it('passes for an Online agent and fails otherwise, with the way to look at it', () => {
    expect(hostOnline(healthyFacts()).status).toBe('ok');
    const check = hostOnline(healthyFacts({ host: host({ pingStatus: 'ConnectionLost' }) }));
    expect(check).toMatchObject({ status: 'fail', summary: 'The SSM agent is ConnectionLost, not Online.' });
    expect(check.fix?.commands).toEqual([
      `aws ssm describe-instance-information --region us-east-1 --filters Key=InstanceIds,Values=${HOST_ID}`,
    ]);
  });
});

describe('agent-version', () => {
  it('fails below 3.1.1374.0 with the update command', () => {
    expect(agentVersion(healthyFacts({ host: host({ agentVersion: '3.1.1374.0' }) })).status).toBe('ok');
    const check = agentVersion(healthyFacts({ host: host({ agentVersion: '3.0.1124.0' }) }));
    expect(check.status).toBe('fail');
    expect(check.fix?.commands).toEqual([
      `aws ssm send-command --region us-east-1 --document-name AWS-UpdateSSMAgent --targets Key=InstanceIds,Values=${HOST_ID}`,
    ]);
  });
});

describe('host-running', () => {
  it('fails for a stopped instance with the start command', () => {
    const check = hostRunning(healthyFacts({ host: host({ state: 'stopped' }) }));
    expect(check).toMatchObject({ status: 'fail', summary: 'The instance is stopped, not running.' });
    expect(check.fix?.commands).toEqual([`aws ec2 start-instances --region us-east-1 --instance-ids ${HOST_ID}`]);
  });

  it('fails for a terminated instance: pick another host', () => {
    const check = hostRunning(healthyFacts({ host: host({ state: 'terminated' }) }));
    expect(check.status).toBe('fail');
    expect(check.fix?.summary).toMatch(/another jump host/);
  });

  it('is unknown, naming the permission, when the inventory could not describe instances', () => {
    const { state: _state, ...unknownState } = host();
    const check = hostRunning(
      healthyFacts({
        host: unknownState,
        inventoryErrors: [{ call: 'ec2:DescribeInstances', error: { code: 'ACCESS_DENIED', message: 'no' } }],
      }),
    );
    expect(check).toMatchObject({ status: 'unknown', missingPermission: 'ec2:DescribeInstances' });
  });
});

describe('host-vpc', () => {
  it('fails for a host in another VPC, naming both, with a way to find hosts in the right one', () => {
    const check = hostVpc(healthyFacts({ host: host({ vpcId: 'vpc-2' }) }));
    expect(check).toMatchObject({ status: 'fail', summary: 'The jump host is in vpc-2; the database is in vpc-1.' });
    expect(check.fix?.commands?.[0]).toContain('Name=vpc-id,Values=vpc-1');
  });

  it('is unknown when the database has no VPC', () => {
    const { vpcId: _vpc, ...noVpc } = target();
    expect(hostVpc(healthyFacts({ target: noVpc })).status).toBe('unknown');
  });
});

describe('host-role', () => {
  const offline = host({ pingStatus: 'ConnectionLost' });
  const noProfile = { association: ok(undefined), instance: ok({ id: HOST_ID, groupIds: ['sg-host'] }) };

  it('passes when the role has the SSM core permissions', () => {
    expect(hostRole(healthyFacts())).toMatchObject({ status: 'ok', summary: 'Role porthole-jump has the SSM core permissions.' });
  });

  it('fails without an instance profile on an offline host, with the commands to make and attach one', () => {
    const check = hostRole(healthyFacts({ host: offline, ...noProfile }));
    expect(check.status).toBe('fail');
    expect(check.fix?.commands).toContain(
      `aws ec2 associate-iam-instance-profile --region us-east-1 --instance-id ${HOST_ID} --iam-instance-profile Name=porthole-jump`,
    );
    expect(check.fix?.commands).toContain(
      'aws iam attach-role-policy --role-name porthole-jump --policy-arn arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore',
    );
  });

  it('only warns without an instance profile when the agent is Online anyway', () => {
    expect(hostRole(healthyFacts(noProfile)).status).toBe('warn');
  });

  it('fails for an instance profile without a role', () => {
    expect(hostRole(healthyFacts({ host: offline, instanceProfile: ok({ name: 'porthole-jump', roles: [] }) })).status).toBe('fail');
  });

  it('fails when the role lacks core permissions (warns if the agent is Online)', () => {
    const missing = ok([{ action: 'ssm:UpdateInstanceInformation', resource: '*', decision: 'implicitDeny' as const, missingContext: [] }]);
    const check = hostRole(healthyFacts({ host: offline, hostRoleSimulation: missing }));
    expect(check).toMatchObject({ status: 'fail', summary: 'Role porthole-jump lacks ssm:UpdateInstanceInformation.' });
    expect(check.fix?.commands).toEqual([
      'aws iam attach-role-policy --role-name porthole-jump --policy-arn arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore',
    ]);
    expect(hostRole(healthyFacts({ hostRoleSimulation: missing })).status).toBe('warn');
  });

  it('is unknown, naming the permission, when the reads are refused (ok when the agent is Online)', () => {
    const both = {
      association: refused<undefined>('ec2:DescribeIamInstanceProfileAssociations'),
      instance: refused<undefined>('ec2:DescribeInstances'),
    };
    expect(hostRole(healthyFacts({ host: offline, ...both }))).toMatchObject({
      status: 'unknown',
      missingPermission: 'ec2:DescribeIamInstanceProfileAssociations',
    });
    expect(hostRole(healthyFacts({ host: offline, instanceProfile: refused('iam:GetInstanceProfile') }))).toMatchObject({
      status: 'unknown',
      missingPermission: 'iam:GetInstanceProfile',
    });
    expect(hostRole(healthyFacts({ host: offline, hostRoleSimulation: refused('iam:SimulatePrincipalPolicy') }))).toMatchObject({
      status: 'unknown',
      missingPermission: 'iam:SimulatePrincipalPolicy',
    });
    expect(hostRole(healthyFacts({ instanceProfile: refused('iam:GetInstanceProfile') })).status).toBe('ok');
  });
});
