import { describe, expect, it } from 'vitest';
import type { DiagnosisCheck } from '../../../../../shared/api';
import { tally, verdictOf } from './checks';

const check = (id: DiagnosisCheck['id'], status: DiagnosisCheck['status'], extra: Partial<DiagnosisCheck> = {}): DiagnosisCheck => ({
  id,
  title: id,
  status,
  summary: `${id} is ${status}`,
  read: [],
  why: 'because',
  ...extra,
});

describe('verdictOf', () => {
  it('names the first broken link the daemon reports, else the first failing check', () => {
    const checks = [check('host-running', 'fail'), check('sg-ingress', 'fail')];
    expect(verdictOf({ checks, firstBroken: { check: 'sg-ingress', title: 't', summary: 's' } })).toMatchObject({
      kind: 'broken',
      check: { id: 'sg-ingress' },
    });
    expect(verdictOf({ checks })).toMatchObject({ kind: 'broken', check: { id: 'host-running' } });
  });

  it('without a failure, says what could not be read and which permissions would read it', () => {
    const checks = [
      check('nacl', 'unknown', { missingPermission: 'ec2:DescribeNetworkAcls' }),
      check('dns', 'unknown'),
      check('db-tls', 'warn'),
    ];
    expect(verdictOf({ checks })).toEqual({ kind: 'unknown', count: 2, permissions: ['ec2:DescribeNetworkAcls'] });
    expect(verdictOf({ checks: [check('db-tls', 'warn'), check('dns', 'ok')] })).toEqual({ kind: 'warnings', count: 1 });
    expect(verdictOf({ checks: [check('dns', 'ok')] })).toEqual({ kind: 'clear' });
  });
});

describe('tally', () => {
  it('counts the outcomes in words, failures first', () => {
    expect(tally([check('dns', 'ok'), check('nacl', 'fail'), check('db-tls', 'ok'), check('host-vpc', 'unknown')])).toBe(
      '1 failing, 1 unknown, 2 ok',
    );
  });
});
