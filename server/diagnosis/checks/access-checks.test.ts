// iam-start-session and session-preferences: each way they fail, from hand-made facts.
import { describe, expect, it } from 'vitest';
import type { SimulationResult } from '../../aws/reads/types.js';
import { ok } from '../read-result.js';
import {
  ACCOUNT,
  DOCUMENT_ARN,
  healthyFacts,
  HOST_ID,
  INSTANCE_ARN,
  KEY_ARN,
  refused,
  SESSION_ARN,
  USER_ARN,
} from '../../../testing/diagnosis/healthy-facts.js';
import { iamStartSession } from './iam-start-session.js';
import { sessionPreferences } from './session-preferences.js';

function result(action: string, resource: string, decision: SimulationResult['decision'], missingContext: string[] = []): SimulationResult {
  return { action, resource, decision, missingContext };
}

function simulation(
  over: Partial<Record<'instance' | 'document' | 'terminate' | 'resume', SimulationResult['decision']>>,
  missing: string[] = [],
) {
  return ok([
    result('ssm:StartSession', INSTANCE_ARN, over.instance ?? 'allowed', over.instance === 'implicitDeny' ? missing : []),
    result('ssm:StartSession', DOCUMENT_ARN, over.document ?? 'allowed'),
    result('ssm:TerminateSession', SESSION_ARN, over.terminate ?? 'allowed'),
    result('ssm:ResumeSession', SESSION_ARN, over.resume ?? 'allowed'),
  ]);
}

describe('iam-start-session', () => {
  it('passes when StartSession, TerminateSession and ResumeSession are allowed', () => {
    expect(iamStartSession(healthyFacts()).status).toBe('ok');
  });

  it('fails when StartSession is not allowed on this host, with a put-user-policy for exactly it', () => {
    const check = iamStartSession(healthyFacts({ userSimulation: simulation({ instance: 'implicitDeny' }) }));
    expect(check).toMatchObject({ status: 'fail', summary: `Your policies do not allow ssm:StartSession on this jump host (${HOST_ID}).` });
    const command = check.fix?.commands?.[0] ?? '';
    expect(command).toMatch(/^aws iam put-user-policy --user-name alice --policy-name porthole-start-session --policy-document '/);
    expect(JSON.parse(command.slice(command.indexOf("'") + 1, -1))).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'ssm:StartSession', Resource: [INSTANCE_ARN, DOCUMENT_ARN] }],
    });
  });

  it('fails on the document too, and says an explicit Deny needs removing rather than an Allow', () => {
    expect(iamStartSession(healthyFacts({ userSimulation: simulation({ document: 'implicitDeny' }) })).summary).toContain(
      'the document AWS-StartPortForwardingSessionToRemoteHost',
    );
    const check = iamStartSession(healthyFacts({ userSimulation: simulation({ instance: 'explicitDeny' }) }));
    expect(check.status).toBe('fail');
    expect(check.fix?.summary).toMatch(/Deny/);
    expect(check.fix?.commands).toBeUndefined();
  });

  it('points an IAM Identity Center role at its permission set', () => {
    const sso = `arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Dev_0123`;
    const check = iamStartSession(
      healthyFacts({ policySource: ok({ arn: sso, exact: true }), userSimulation: simulation({ instance: 'implicitDeny' }) }),
    );
    expect(check.fix?.console).toMatch(/Permission sets/);
  });

  it('warns when your own sessions may not be terminated or resumed', () => {
    expect(iamStartSession(healthyFacts({ userSimulation: simulation({ terminate: 'implicitDeny' }) })).status).toBe('warn');
  });

  it('warns, not fails, when a deny is only for want of context keys', () => {
    const check = iamStartSession(healthyFacts({ userSimulation: simulation({ instance: 'implicitDeny' }, ['aws:SourceIp']) }));
    expect(check.status).toBe('warn');
  });

  it('is unknown, not fail, when the simulation is refused, and for principals IAM cannot simulate', () => {
    expect(iamStartSession(healthyFacts({ userSimulation: refused('iam:SimulatePrincipalPolicy') }))).toMatchObject({
      status: 'unknown',
      missingPermission: 'iam:SimulatePrincipalPolicy',
    });
    expect(
      iamStartSession(
        healthyFacts({
          caller: ok({ account: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, userId: ACCOUNT }),
          policySource: ok(undefined),
        }),
      ).status,
    ).toBe('unknown');
  });
});

describe('session-preferences', () => {
  const kms = ok({ source: 'document' as const, idleTimeoutMinutes: 15, maxDurationMinutes: 480, kmsKeyId: KEY_ARN });

  it('reports the real idle timeout and maximum duration', () => {
    const check = sessionPreferences(
      healthyFacts({ preferences: ok({ source: 'document', idleTimeoutMinutes: 15, maxDurationMinutes: 480 }) }),
    );
    expect(check).toMatchObject({
      status: 'ok',
      summary: 'SSM-SessionManagerRunShell: idle timeout 15 min, maximum 480 min, no KMS encryption',
    });
  });

  it('passes with KMS when you may generate data keys and the host role may decrypt', () => {
    expect(sessionPreferences(healthyFacts({ preferences: kms })).status).toBe('ok');
  });

  it('fails when the host role lacks kms:Decrypt, with the put-role-policy for the key', () => {
    const hostRoleSimulation = ok([result('kms:Decrypt', KEY_ARN, 'implicitDeny')]);
    const check = sessionPreferences(healthyFacts({ preferences: kms, hostRoleSimulation }));
    expect(check.status).toBe('fail');
    expect(check.summary).toContain('the host role porthole-jump lacks kms:Decrypt');
    expect(check.fix?.commands?.[0]).toContain('aws iam put-role-policy --role-name porthole-jump --policy-name porthole-session-kms');
    expect(check.fix?.commands?.[0]).toContain(KEY_ARN);
  });

  it('fails when you lack kms:GenerateDataKey', () => {
    const userSimulation = ok([result('kms:GenerateDataKey', KEY_ARN, 'implicitDeny')]);
    expect(sessionPreferences(healthyFacts({ preferences: kms, userSimulation })).summary).toContain('you lack kms:GenerateDataKey');
  });

  it('warns for a key given as an alias (Porthole makes no KMS calls)', () => {
    const alias = ok({ source: 'document' as const, idleTimeoutMinutes: 20, kmsKeyId: 'alias/ssm' });
    expect(sessionPreferences(healthyFacts({ preferences: alias })).status).toBe('warn');
  });

  it('is unknown, naming the permission, when the document or the simulation is refused', () => {
    expect(sessionPreferences(healthyFacts({ preferences: refused('ssm:GetDocument') }))).toMatchObject({
      status: 'unknown',
      missingPermission: 'ssm:GetDocument',
    });
    expect(sessionPreferences(healthyFacts({ preferences: kms, userSimulation: refused('iam:SimulatePrincipalPolicy') }))).toMatchObject({
      status: 'unknown',
      missingPermission: 'iam:SimulatePrincipalPolicy',
    });
  });

  it('names the simulated principal in what it read', () => {
    expect(iamStartSession(healthyFacts()).read[0]).toBe(`simulated as ${USER_ARN}`);
    expect(sessionPreferences(healthyFacts({ preferences: kms })).read).toContain('host role porthole-jump: kms:Decrypt: allowed');
  });
});
