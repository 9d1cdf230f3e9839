import type { DiagnosisCheck, DiagnosisFix, SessionPreferences } from '../../../shared/diagnosis.js';
import { kmsKeyArn } from '../arns.js';
import type { DiagnosisFacts } from '../facts.js';
import { cli } from '../fixes.js';
import type { ReadFailure } from '../read-result.js';
import { check, unknownFrom } from './check-kit.js';
import { verdictOf, type Verdict } from './simulation.js';

export function describePreferences(preferences: SessionPreferences): string {
  const max = preferences.maxDurationMinutes ? `maximum ${preferences.maxDurationMinutes} min` : 'no maximum duration';
  const kms = preferences.kmsKeyId ? `encrypted with KMS key ${preferences.kmsKeyId}` : 'no KMS encryption';
  const from = preferences.source === 'document' ? 'SSM-SessionManagerRunShell' : 'AWS defaults (no SSM-SessionManagerRunShell document)';
  return `${from}: idle timeout ${preferences.idleTimeoutMinutes} min, ${max}, ${kms}`;
}

/** session-preferences: the real idle timeout and maximum duration, and whether both ends may use the session key. */
export function sessionPreferences(facts: DiagnosisFacts): DiagnosisCheck {
  if (!facts.preferences.ok) return unknownFrom('session-preferences', facts.preferences.failure);
  const preferences = facts.preferences.value;
  const read = [describePreferences(preferences)];
  if (!preferences.kmsKeyId) return check('session-preferences', 'ok', read[0]!, { read });
  const keyArn = kmsKeyArn(preferences.kmsKeyId, facts.partition, facts.target.region, facts.accountId);
  if (!keyArn) {
    return check(
      'session-preferences',
      'warn',
      `Sessions are encrypted with ${preferences.kmsKeyId}, an alias Porthole cannot resolve without calling KMS.`,
      {
        read,
        fix: {
          summary: `Make sure you have kms:GenerateDataKey and the jump host's role kms:Decrypt on the key behind ${preferences.kmsKeyId}, in IAM and in the key policy.`,
        },
      },
    );
  }
  const user = side(
    facts.userSimulation.ok ? verdictOf(facts.userSimulation.value, 'kms:GenerateDataKey', keyArn) : undefined,
    facts.userSimulation.ok ? undefined : facts.userSimulation.failure,
  );
  const role = facts.instanceProfile.ok ? facts.instanceProfile.value?.roles[0] : undefined;
  const hostVerdict = facts.hostRoleSimulation.ok ? verdictOf(facts.hostRoleSimulation.value, 'kms:Decrypt', keyArn) : undefined;
  const host = side(hostVerdict, facts.hostRoleSimulation.ok ? undefined : facts.hostRoleSimulation.failure);
  read.push(
    `you: kms:GenerateDataKey on ${keyArn}: ${user.verdict ?? 'not checked'}`,
    `host role ${role?.name ?? '(unknown)'}: kms:Decrypt: ${host.verdict ?? 'not checked'}`,
  );
  const denied = (verdict: Verdict | undefined) => verdict === 'denied' || verdict === 'explicitly denied';
  if (denied(user.verdict) || denied(host.verdict)) {
    const who = [
      denied(user.verdict) ? 'you lack kms:GenerateDataKey' : '',
      denied(host.verdict) ? `the host role ${role?.name ?? ''} lacks kms:Decrypt` : '',
    ]
      .filter(Boolean)
      .join(' and ');
    return check(
      'session-preferences',
      'fail',
      `Sessions are encrypted with KMS, but ${who} on ${keyArn}: every session fails at its handshake.`,
      {
        read,
        fix: kmsFix(keyArn, denied(user.verdict), denied(host.verdict) ? role?.name : undefined),
      },
    );
  }
  const unknown = user.failure ?? host.failure;
  if (unknown)
    return {
      ...unknownFrom('session-preferences', unknown, read),
      summary: `${read[0]}; Porthole could not check the key permissions (${unknown.permission ?? unknown.action}).`,
    };
  if (user.verdict === 'allowed' && host.verdict === 'allowed') {
    return check(
      'session-preferences',
      'ok',
      `${read[0]}; you may use the key and the host role may decrypt with it (the key policy must allow both too).`,
      { read },
    );
  }
  return check('session-preferences', 'warn', `${read[0]}; IAM could not fully evaluate the key permissions (conditions need context).`, {
    read,
  });
}

function side(verdict: Verdict | undefined, failure: ReadFailure | undefined): { verdict?: Verdict; failure?: ReadFailure } {
  return { ...(verdict ? { verdict } : {}), ...(failure ? { failure } : {}) };
}

function kmsFix(keyArn: string, user: boolean, hostRole: string | undefined): DiagnosisFix {
  const commands: string[] = [];
  if (hostRole) {
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: keyArn }] });
    commands.push(
      cli('iam', 'put-role-policy', '--role-name', hostRole, '--policy-name', 'porthole-session-kms', '--policy-document', policy),
    );
  }
  const parts = [
    hostRole ? `give ${hostRole} kms:Decrypt on the key` : '',
    user ? 'give yourself kms:GenerateDataKey on it (GET /api/iam-policy has the statement)' : '',
  ].filter(Boolean);
  return {
    summary: `${parts.join(', and ')}; the key policy must allow both principals too.`.replace(/^./, (c) => c.toUpperCase()),
    ...(commands.length ? { commands } : {}),
    console: `KMS → Customer managed keys → ${keyArn.slice(keyArn.lastIndexOf('/') + 1)} → Key policy.`,
  };
}
