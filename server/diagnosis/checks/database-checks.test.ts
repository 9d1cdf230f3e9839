// db-status, dns and db-tls: each way they fail, from hand-made facts (facts-aws-paths.md A4).
import { describe, expect, it } from 'vitest';
import type { DbDetail } from '../../aws/reads/types.js';
import { ok } from '../read-result.js';
import { DB_HOST, healthyFacts, refused, target } from '../../../testing/diagnosis/healthy-facts.js';
import { dbStatus } from './db-status.js';
import { dbTls } from './db-tls.js';
import { dns } from './dns.js';

function detail(over: Partial<DbDetail> = {}) {
  const facts = healthyFacts();
  if (!facts.db.ok || !facts.db.value) throw new Error('fixture');
  return ok({ ...facts.db.value, ...over });
}

describe('db-status', () => {
  it('fails for a stopped instance or cluster with the start command, and warns while backing up', () => {
    expect(dbStatus(healthyFacts()).status).toBe('ok');
    const stopped = dbStatus(healthyFacts({ db: detail({ status: 'stopped' }) }));
    expect(stopped).toMatchObject({ status: 'fail', summary: 'orders is stopped, not available.' });
    expect(stopped.fix?.commands).toEqual(['aws rds start-db-instance --region us-east-1 --db-instance-identifier orders']);
    const cluster = dbStatus(
      healthyFacts({
        target: target({ kind: 'cluster-writer', identifier: 'ledger' }),
        db: detail({ status: 'stopped', kind: 'cluster' }),
      }),
    );
    expect(cluster.fix?.commands).toEqual(['aws rds start-db-cluster --region us-east-1 --db-cluster-identifier ledger']);
    expect(dbStatus(healthyFacts({ db: detail({ status: 'backing-up' }) })).status).toBe('warn');
  });

  it('fails when RDS no longer describes the database, and falls back to the inventory when it cannot ask', () => {
    expect(dbStatus(healthyFacts({ db: ok(undefined) })).status).toBe('fail');
    expect(dbStatus(healthyFacts({ db: refused('rds:DescribeDBInstances'), target: target({ status: 'creating' }) })).status).toBe('fail');
  });
});

describe('dns', () => {
  it('passes when the name is the endpoint, the VPC resolves, and this computer resolves it', () => {
    expect(dns(healthyFacts())).toMatchObject({ status: 'ok', summary: `${DB_HOST} resolves to 10.0.2.15.` });
  });

  it('fails when DNS resolution is off in the jump host’s VPC, with the command to turn it on', () => {
    const check = dns(healthyFacts({ vpcDns: ok({ vpcId: 'vpc-1', dnsSupport: false, dnsHostnames: false }) }));
    expect(check.status).toBe('fail');
    expect(check.fix?.commands).toEqual([
      'aws ec2 modify-vpc-attribute --region us-east-1 --vpc-id vpc-1 --enable-dns-support \'{"Value":true}\'',
    ]);
  });

  it('fails when the name is no longer the database’s endpoint', () => {
    expect(dns(healthyFacts({ db: detail({ endpoints: ['orders-new.c9akciq32.us-east-1.rds.amazonaws.com'] }) })).status).toBe('fail');
  });

  it('fails for a name that does not exist, but not when this computer resolves no AWS names at all', () => {
    expect(dns(healthyFacts({ dns: { name: DB_HOST, error: 'ENOTFOUND', resolvesAws: true } })).status).toBe('fail');
    const offline = dns(healthyFacts({ dns: { name: DB_HOST, error: 'ENOTFOUND', resolvesAws: false } }));
    expect(offline.status).toBe('ok');
    expect(offline.read.at(-1)).toContain('resolves no AWS names at all');
  });

  it('is unknown when nothing could be read', () => {
    const check = dns(
      healthyFacts({
        db: refused('rds:DescribeDBInstances'),
        vpcDns: refused('ec2:DescribeVpcAttribute'),
        dns: { name: DB_HOST, error: 'EAI_AGAIN' },
      }),
    );
    expect(check.status).toBe('unknown');
  });
});

describe('db-tls', () => {
  it('says whether the database forces TLS, from the group or the engine default', () => {
    expect(dbTls(healthyFacts()).summary).toContain('forces TLS (rds.force_ssl on)');
    const pg14 = healthyFacts({
      db: detail({ engineVersion: '14.13' }),
      dbParameters: ok([{ name: 'rds.force_ssl', source: 'engine-default' }]),
    });
    expect(dbTls(pg14)).toMatchObject({ status: 'ok' });
    expect(dbTls(pg14).summary).toContain('also accepts unencrypted connections');
    const mariadb = healthyFacts({
      db: detail({ engine: 'mariadb', engineVersion: '11.8.2' }),
      dbParameters: ok([{ name: 'require_secure_transport' }]),
    });
    expect(dbTls(mariadb).summary).toContain('forces TLS (require_secure_transport on)');
    const mysqlOn = healthyFacts({
      db: detail({ engine: 'mysql', engineVersion: '8.0.39' }),
      dbParameters: ok([{ name: 'require_secure_transport', value: 'ON' }]),
    });
    expect(dbTls(mysqlOn).summary).toContain('forces TLS');
  });

  it('fails for a certificate from an expired RDS CA, with the rotation command', () => {
    const check = dbTls(healthyFacts({ db: detail({ caCertificates: ['rds-ca-2019'] }) }));
    expect(check.status).toBe('fail');
    expect(check.fix?.commands).toEqual([
      'aws rds modify-db-instance --region us-east-1 --db-instance-identifier orders --ca-certificate-identifier rds-ca-rsa2048-g1 --apply-immediately',
    ]);
  });

  it('warns when a parameter change waits for a reboot', () => {
    expect(dbTls(healthyFacts({ db: detail({ parameterGroups: [{ name: 'custom-pg16', applyStatus: 'pending-reboot' }] }) })).status).toBe(
      'warn',
    );
  });

  it('is unknown, naming the permission, when the parameters cannot be read', () => {
    expect(dbTls(healthyFacts({ dbParameters: refused('rds:DescribeDBParameters') }))).toMatchObject({
      status: 'unknown',
      missingPermission: 'rds:DescribeDBParameters',
    });
    expect(dbTls(healthyFacts({ db: refused('rds:DescribeDBInstances') }))).toMatchObject({
      status: 'unknown',
      missingPermission: 'rds:DescribeDBInstances',
    });
  });
});
