// Which way in is recommended: a working direct path first, then the SSM tunnel, then a Client VPN endpoint; and
// the SSM path summarised from its diagnosis.
import { describe, expect, it } from 'vitest';
import type { Diagnosis, Target } from '../../shared/api.js';
import type { ClientVpnPath, DirectPathResult, SsmPath } from '../../shared/paths.js';
import { recommend, ssmPath } from './recommend.js';

const target = { id: 't', host: 'orders.c9akciq32.us-east-1.rds.amazonaws.com', port: 5432, eligibleHostIds: ['i-1'] } as Target;
const direct = (over: Partial<DirectPathResult>): DirectPathResult => ({
  targetId: 't',
  host: target.host,
  port: 5432,
  status: 'blocked',
  usable: false,
  message: '',
  ...over,
});
const ssm = (status: SsmPath['status']): SsmPath => ({ status, summary: '', eligibleHostIds: [], checks: [], jumpHostId: 'i-1' });
const vpn = (status: ClientVpnPath['status'], id = 'cvpn-endpoint-01'): ClientVpnPath => ({
  endpointId: id,
  status,
  summary: '',
  authentication: [],
  checks: [],
});

describe('recommend', () => {
  it('a usable direct path wins, naming the address and interface', () => {
    const chosen = recommend(
      target,
      direct({ status: 'direct', usable: true, address: '10.0.8.14', route: { interface: 'tun0', vpnInterface: true } }),
      ssm('ok'),
      [],
    );
    expect(chosen.kind).toBe('direct');
    expect(chosen.message).toContain('10.0.8.14 over tun0');
  });

  it('a reachable address whose TLS check failed is not recommended; the SSM tunnel is', () => {
    expect(recommend(target, direct({ status: 'direct', usable: false }), ssm('ok'), [vpn('ok')]).kind).toBe('ssm');
  });

  it('then a working Client VPN endpoint; then paths that could not be fully checked; else none', () => {
    expect(recommend(target, direct({}), ssm('fail'), [vpn('fail', 'a'), vpn('warn', 'b')])).toMatchObject({
      kind: 'client-vpn',
      endpointId: 'b',
    });
    expect(recommend(target, direct({}), ssm('unknown'), [vpn('fail')]).kind).toBe('ssm');
    expect(recommend(target, direct({}), ssm('fail'), [vpn('unknown', 'c')])).toMatchObject({ kind: 'client-vpn', endpointId: 'c' });
    expect(recommend(target, direct({}), ssm('fail'), [vpn('fail')]).kind).toBe('none');
  });
});

describe('ssmPath', () => {
  const check = (id: Diagnosis['checks'][number]['id'], status: Diagnosis['checks'][number]['status']) => ({
    id,
    title: id,
    status,
    summary: `${id} is ${status}`,
    read: ['detail'],
    why: 'because',
  });
  const diagnosis = (checks: Diagnosis['checks'], firstBroken?: Diagnosis['firstBroken']): Diagnosis => ({
    targetId: 't',
    jumpHostId: 'i-1',
    profile: 'dev',
    region: 'us-east-1',
    checkedAt: '2026-12-07T00:00:00.000Z',
    cached: false,
    checks,
    ...(firstBroken ? { firstBroken } : {}),
  });

  it('summarises the diagnosis: the first broken link, or every link passing', () => {
    const broken = ssmPath(target, diagnosis([check('nacl', 'fail')], { check: 'nacl', title: 'Network ACLs', summary: 'rule 90 denies' }));
    expect(broken).toMatchObject({ status: 'fail', jumpHostId: 'i-1', firstBroken: { check: 'nacl' } });
    expect(broken.summary).toContain('Network ACLs is broken: rule 90 denies');
    expect(broken.checks[0]).toEqual({ id: 'nacl', title: 'nacl', status: 'fail', summary: 'nacl is fail' });
    expect(ssmPath(target, diagnosis([check('dns', 'ok'), check('db-tls', 'warn')])).status).toBe('warn');
    expect(ssmPath(target, diagnosis([check('dns', 'ok'), check('iam-start-session', 'unknown')])).status).toBe('unknown');
  });

  it('without a diagnosis (no jump host at all) the path fails with the reason', () => {
    const none = ssmPath(target, undefined, { code: 'NO_JUMP_HOST', message: 'There is no SSM managed instance.' });
    expect(none).toMatchObject({ status: 'fail', summary: 'There is no SSM managed instance.', error: { code: 'NO_JUMP_HOST' } });
  });
});
