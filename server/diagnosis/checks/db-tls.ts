import type { DiagnosisCheck } from '../../../shared/diagnosis.js';
import type { DbDetail } from '../../aws/reads/types.js';
import type { DiagnosisFacts } from '../facts.js';
import { cli, command } from '../fixes.js';
import { check, unknownFrom } from './check-kit.js';

/** RDS CAs that have expired: certificates they signed fail verify-full and verify-ca. */
const EXPIRED_CAS: Record<string, string> = { 'rds-ca-2015': '2020-03-05', 'rds-ca-2019': '2024-08-22' };
export const CURRENT_CA = 'rds-ca-rsa2048-g1';

/** The parameter that forces TLS for an engine (facts A4), or undefined when Porthole does not know one. */
export function tlsParameter(engine: string): string | undefined {
  if (engine.includes('postgres') || engine.startsWith('sqlserver')) return 'rds.force_ssl';
  if (engine.includes('mysql') || engine === 'mariadb') return 'require_secure_transport';
  return undefined;
}

/** The engine's built-in default when the group sets no value (facts A4). */
function engineDefault(engine: string, version: string | undefined): boolean {
  const [major = 0, minor = 0] = (version ?? '').split('.').map((part) => Number.parseInt(part, 10) || 0);
  if (engine === 'postgres') return major >= 15;
  if (engine === 'mariadb') return major > 11 || (major === 11 && minor >= 8);
  return false;
}

function isOn(value: string): boolean {
  return /^(1|on|true)$/i.test(value.trim());
}

/**
 * db-tls: whether the database forces TLS (rds.force_ssl / require_secure_transport from its parameter group
 * or cluster parameter group) and whether Porthole's strings (always TLS, verified against the RDS CAs) match.
 */
export function dbTls(facts: DiagnosisFacts): DiagnosisCheck {
  const { target } = facts;
  if (!facts.db.ok) return unknownFrom('db-tls', facts.db.failure);
  const detail: DbDetail | undefined = facts.db.value;
  if (!detail) return check('db-tls', 'unknown', `RDS does not describe ${target.identifier}.`);
  const read: string[] = [`CA: ${detail.caCertificates.join(', ') || 'unknown'}`];
  const expired = detail.caCertificates.find((ca) => EXPIRED_CAS[ca]);
  if (expired) {
    const cluster = detail.kind === 'cluster';
    return check(
      'db-tls',
      'fail',
      `The server certificate comes from ${expired}, which expired on ${EXPIRED_CAS[expired]}: Porthole's verified TLS strings (and any verify-full client) will refuse it.`,
      {
        read,
        fix: command(
          `Rotate ${target.identifier} to ${CURRENT_CA} (the database restarts).`,
          cluster
            ? [
                cli(
                  'rds',
                  'describe-db-instances',
                  '--region',
                  target.region,
                  '--filters',
                  `Name=db-cluster-id,Values=${detail.identifier}`,
                  '--query',
                  'DBInstances[].DBInstanceIdentifier',
                ),
              ]
            : [
                cli(
                  'rds',
                  'modify-db-instance',
                  '--region',
                  target.region,
                  '--db-instance-identifier',
                  detail.identifier,
                  '--ca-certificate-identifier',
                  CURRENT_CA,
                  '--apply-immediately',
                ),
              ],
          `RDS → Databases → ${cluster ? 'each instance of ' : ''}${detail.identifier} → Modify → Certificate authority → ${CURRENT_CA}.`,
        ),
      },
    );
  }
  const parameter = tlsParameter(detail.engine);
  if (!parameter)
    return check(
      'db-tls',
      'ok',
      `Porthole knows no TLS-forcing parameter for ${detail.engine}; its strings use TLS where the engine has one.`,
      { read },
    );
  const group = detail.kind === 'cluster' ? detail.clusterParameterGroup : detail.parameterGroups[0]?.name;
  if (!facts.dbParameters.ok) return unknownFrom('db-tls', facts.dbParameters.failure, read);
  const row = facts.dbParameters.value.find((candidate) => candidate.name === parameter);
  const forced = row?.value !== undefined && row.value !== '' ? isOn(row.value) : engineDefault(detail.engine, detail.engineVersion);
  read.push(
    `${group ?? '(no group)'}: ${parameter} = ${row?.value ?? `(not set: ${detail.engine} ${detail.engineVersion ?? ''} default)`}`,
  );
  const pending = detail.parameterGroups.some((candidate) => candidate.applyStatus === 'pending-reboot');
  if (pending) {
    return check(
      'db-tls',
      'warn',
      `A parameter group change on ${target.identifier} waits for a reboot: ${parameter} may not be live as read.`,
      {
        read,
        fix: command(`Reboot ${target.identifier} when convenient.`, [
          cli('rds', 'reboot-db-instance', '--region', target.region, '--db-instance-identifier', detail.identifier),
        ]),
      },
    );
  }
  return check(
    'db-tls',
    'ok',
    forced
      ? `${target.identifier} forces TLS (${parameter} on); Porthole's strings use TLS and verify the RDS certificate.`
      : `${target.identifier} also accepts unencrypted connections (${parameter} off); Porthole's strings use TLS anyway.`,
    { read },
  );
}
