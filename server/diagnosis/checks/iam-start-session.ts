import type { DiagnosisCheck, DiagnosisFix } from '../../../shared/diagnosis.js';
import { documentArn, instanceArn, nameOfArn, sessionArn, sessionNameOf } from '../arns.js';
import type { DiagnosisFacts } from '../facts.js';
import { cli } from '../fixes.js';
import { check, unknownFrom } from './check-kit.js';
import { verdictOf } from './simulation.js';

/**
 * iam-start-session (facts A5): whether your identity-based policies allow ssm:StartSession on this jump host
 * and the port-forwarding document, and Terminate/ResumeSession on your own sessions. A refused simulation
 * is `unknown`, never `fail`.
 */
export function iamStartSession(facts: DiagnosisFacts): DiagnosisCheck {
  if (!facts.caller.ok) return unknownFrom('iam-start-session', facts.caller.failure);
  if (!facts.policySource.ok) return unknownFrom('iam-start-session', facts.policySource.failure);
  const source = facts.policySource.value;
  if (!source) return check('iam-start-session', 'unknown', `${facts.caller.value.arn} is not a user or role IAM can simulate.`);
  if (!facts.userSimulation.ok) return unknownFrom('iam-start-session', facts.userSimulation.failure, [`simulated as ${source.arn}`]);
  const { region } = facts.target;
  const results = facts.userSimulation.value;
  const instance = instanceArn(facts.partition, region, facts.accountId, facts.host.id);
  const document = documentArn(facts.partition, region);
  const session = sessionArn(facts.partition, region, facts.accountId, sessionNameOf(facts.caller.value.arn));
  const verdicts = {
    instance: verdictOf(results, 'ssm:StartSession', instance),
    document: verdictOf(results, 'ssm:StartSession', document),
    terminate: verdictOf(results, 'ssm:TerminateSession', session),
    resume: verdictOf(results, 'ssm:ResumeSession', session),
  };
  const read = [
    `simulated as ${source.arn}${source.exact ? '' : ' (role path unknown: iam:GetRole was refused)'}`,
    `ssm:StartSession on ${instance}: ${verdicts.instance ?? 'not evaluated'}`,
    `ssm:StartSession on ${document}: ${verdicts.document ?? 'not evaluated'}`,
    `ssm:TerminateSession, ssm:ResumeSession on your sessions: ${verdicts.terminate ?? 'not evaluated'}, ${verdicts.resume ?? 'not evaluated'}`,
  ];
  const refused = (['instance', 'document'] as const).filter((key) => verdicts[key] === 'denied' || verdicts[key] === 'explicitly denied');
  if (refused.length > 0) {
    const explicit = refused.some((key) => verdicts[key] === 'explicitly denied');
    const what = refused
      .map((key) => (key === 'instance' ? `this jump host (${facts.host.id})` : 'the document AWS-StartPortForwardingSessionToRemoteHost'))
      .join(' and ');
    return check(
      'iam-start-session',
      'fail',
      `Your policies ${explicit ? 'explicitly deny' : 'do not allow'} ssm:StartSession on ${what}.`,
      {
        read,
        fix: startSessionFix(source.arn, instance, document, explicit),
      },
    );
  }
  const ending = [verdicts.terminate, verdicts.resume];
  if (ending.some((verdict) => verdict === 'denied' || verdict === 'explicitly denied')) {
    return check(
      'iam-start-session',
      'warn',
      'You may start sessions, but not terminate or resume your own: Porthole cannot end them cleanly or ride out a dropped stream.',
      {
        read,
        fix: {
          summary:
            'Allow ssm:TerminateSession and ssm:ResumeSession on your own sessions (GET /api/iam-policy has the statement with its ${aws:userid} condition).',
        },
      },
    );
  }
  if ([verdicts.instance, verdicts.document, ...ending].some((verdict) => verdict !== 'allowed')) {
    return check(
      'iam-start-session',
      'warn',
      'IAM could not fully evaluate your permissions: some statements need context (conditions) the simulation does not have.',
      { read },
    );
  }
  return check(
    'iam-start-session',
    'ok',
    `You may start the session on ${facts.host.id} with AWS-StartPortForwardingSessionToRemoteHost, and end or resume it.`,
    { read },
  );
}

function startSessionFix(principal: string, instance: string, document: string, explicit: boolean): DiagnosisFix {
  const statement = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ssm:StartSession', Resource: [instance, document] }] };
  const json = JSON.stringify(statement);
  const sso = principal.includes('/aws-reserved/sso.amazonaws.com/');
  if (explicit) {
    return {
      summary: `A Deny statement in a policy of ${principal} (or an SCP) blocks it; adding an Allow does not help: remove or narrow that Deny.`,
      console: 'IAM → Roles/Users → Permissions: look for a Deny on ssm:StartSession.',
    };
  }
  if (sso) {
    return {
      summary: `Add this statement to the permission set behind ${nameOfArn(principal)}: ${json}`,
      console: 'IAM Identity Center → Permission sets → (your permission set) → Inline policy.',
    };
  }
  const user = /:user\//.test(principal);
  return {
    summary: `Allow ssm:StartSession on the jump host and the document for ${nameOfArn(principal)}.`,
    commands: [
      cli(
        'iam',
        user ? 'put-user-policy' : 'put-role-policy',
        user ? '--user-name' : '--role-name',
        nameOfArn(principal),
        '--policy-name',
        'porthole-start-session',
        '--policy-document',
        json,
      ),
    ],
    console: `IAM → ${user ? 'Users' : 'Roles'} → ${nameOfArn(principal)} → Add permissions → Create inline policy.`,
  };
}
