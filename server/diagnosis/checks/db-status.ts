import type { CheckStatus, DiagnosisCheck } from '../../../shared/diagnosis.js';
import type { DiagnosisFacts } from '../facts.js';
import { cli, command } from '../fixes.js';
import { check } from './check-kit.js';

/** Statuses in which the database still answers (maintenance in progress, backups): worth knowing, not broken. */
const BUSY = new Set([
  'backing-up',
  'modifying',
  'maintenance',
  'upgrading',
  'renaming',
  'resetting-master-credentials',
  'storage-optimization',
  'configuring-enhanced-monitoring',
  'configuring-iam-database-auth',
  'configuring-log-exports',
  'moving-to-vpc',
  'rebooting',
  'backtracking',
  'promoting',
]);

/** db-status: the database is available (read now from RDS, else as the inventory saw it). */
export function dbStatus(facts: DiagnosisFacts): DiagnosisCheck {
  const { target } = facts;
  const detail = facts.db.ok ? facts.db.value : undefined;
  const status = detail?.status ?? target.status;
  const read = [`${target.identifier}: ${status}${detail ? '' : ' (as of the last inventory fetch)'}`];
  if (facts.db.ok && detail === undefined) {
    return check('db-status', 'fail', `RDS no longer describes ${target.identifier}: it was deleted or renamed.`, {
      read,
      fix: command('Refresh the inventory and pick the database again.', [
        cli('rds', target.kind === 'instance' ? 'describe-db-instances' : 'describe-db-clusters', '--region', target.region),
      ]),
    });
  }
  if (status === 'available') return check('db-status', 'ok', `${target.identifier} is available.`, { read });
  const state: CheckStatus = BUSY.has(status) ? 'warn' : 'fail';
  if (state === 'warn')
    return check('db-status', 'warn', `${target.identifier} is ${status}: it normally still accepts connections.`, { read });
  const cluster = target.kind !== 'instance';
  const start = status === 'stopped' || status === 'stopping';
  return check('db-status', 'fail', `${target.identifier} is ${status}, not available.`, {
    read,
    fix: start
      ? command(
          `Start ${target.identifier} (RDS starts a stopped database again by itself after seven days).`,
          [
            cli(
              'rds',
              cluster ? 'start-db-cluster' : 'start-db-instance',
              '--region',
              target.region,
              cluster ? '--db-cluster-identifier' : '--db-instance-identifier',
              target.identifier,
            ),
          ],
          `RDS → Databases → ${target.identifier} → Actions → Start.`,
        )
      : command(`Wait for ${target.identifier} to become available, or look at its events.`, [
          cli(
            'rds',
            'describe-events',
            '--region',
            target.region,
            '--source-identifier',
            target.identifier,
            '--source-type',
            cluster ? 'db-cluster' : 'db-instance',
          ),
        ]),
  });
}
