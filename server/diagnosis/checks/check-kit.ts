import type { CheckId, CheckStatus, DiagnosisCheck, DiagnosisFix } from '../../../shared/diagnosis.js';
import type { ReadFailure } from '../read-result.js';

/** Each check's name and why it matters, as the dashboard shows them. */
export const CHECK_INFO: Record<CheckId, { title: string; why: string }> = {
  'iam-start-session': {
    title: 'Permission to start the session',
    why: 'StartSession must be allowed on this jump host and on the document AWS-StartPortForwardingSessionToRemoteHost; Terminate/ResumeSession on your own sessions let Porthole stop and resume them.',
  },
  'session-preferences': {
    title: 'Session Manager preferences',
    why: 'The idle timeout and maximum duration end sessions; with KMS encryption on, you need kms:GenerateDataKey and the host role kms:Decrypt on the key, or every session fails at its handshake.',
  },
  'host-running': { title: 'Jump host running', why: 'A stopped instance runs no SSM agent.' },
  'host-role': {
    title: 'Jump host role',
    why: 'The SSM agent signs in with the instance profile’s role; without the SSM core permissions it never comes Online.',
  },
  'ssm-reachability': {
    title: 'Jump host reaches Systems Manager',
    why: 'The agent dials out to ssm, ssmmessages and ec2messages on 443: through a NAT or internet gateway, or VPC interface endpoints with private DNS.',
  },
  'host-online': { title: 'SSM agent Online', why: 'Session Manager starts sessions only on managed instances whose agent is Online.' },
  'agent-version': {
    title: 'SSM agent version',
    why: 'Forwarding to a remote host (AWS-StartPortForwardingSessionToRemoteHost) needs SSM Agent 3.1.1374.0 or newer.',
  },
  'host-vpc': {
    title: 'Jump host in the database’s VPC',
    why: 'The agent connects to the database from inside the VPC; another VPC needs peering or a transit gateway.',
  },
  'sg-egress': {
    title: 'Jump host may send to the database',
    why: 'The jump host’s security groups must allow outbound TCP to the database port (the default allow-all counts).',
  },
  nacl: {
    title: 'Network ACLs',
    why: 'ACLs are stateless: the database port must pass out of the host’s subnet and into the database’s, and the replies (ports 1024–65535) back.',
  },
  'sg-ingress': {
    title: 'Database admits the jump host',
    why: 'The database’s security groups must allow inbound TCP on its port from the jump host’s group or address.',
  },
  'db-status': { title: 'Database available', why: 'A database that is stopped, starting or failed accepts no connections.' },
  dns: {
    title: 'Endpoint name resolves',
    why: 'The agent resolves the endpoint name inside the VPC (Amazon DNS must be on there), and the name must still exist.',
  },
  'db-tls': {
    title: 'TLS',
    why: 'Databases may refuse connections without TLS; Porthole’s connection strings always use TLS and verify the RDS certificate, which must come from a current RDS CA.',
  },
};

export interface CheckExtras {
  read?: string[];
  fix?: DiagnosisFix;
  missingPermission?: string;
}

export function check(id: CheckId, status: CheckStatus, summary: string, extras: CheckExtras = {}): DiagnosisCheck {
  const result: DiagnosisCheck = { id, title: CHECK_INFO[id].title, status, summary, read: extras.read ?? [], why: CHECK_INFO[id].why };
  if (extras.fix) result.fix = extras.fix;
  if (extras.missingPermission) result.missingPermission = extras.missingPermission;
  return result;
}

/** `unknown` because a read failed: names the refused permission, and how to get it. */
export function unknownFrom(id: CheckId, failure: ReadFailure, read: string[] = []): DiagnosisCheck {
  if (failure.permission) {
    return check(id, 'unknown', `Porthole could not check this: AWS refused ${failure.permission}.`, {
      read,
      missingPermission: failure.permission,
      fix: {
        summary: `Allow ${failure.permission} for your role to check this (GET /api/iam-policy lists every permission Porthole reads with).`,
      },
    });
  }
  return check(id, 'unknown', `Porthole could not check this: ${failure.action} failed (${failure.message}).`, { read });
}
