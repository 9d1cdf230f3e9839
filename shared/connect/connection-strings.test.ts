import { describe, expect, it } from 'vitest';
import { buildConnectionStrings, type ConnectionStringInput } from './connection-strings.js';

const RDS = 'db1.abc123.eu-west-1.rds.amazonaws.com';
const base: ConnectionStringInput = {
  engine: 'aurora-postgresql',
  rdsHost: RDS,
  rdsPort: 5432,
  localPort: 15432,
  user: 'app',
  database: 'orders',
  caBundlePath: '/b.pem',
  name: 'Prod',
  id: 't1',
  iamAuth: false,
  region: 'eu-west-1',
  profile: 'prod',
};
const ids = (input: ConnectionStringInput) => buildConnectionStrings(input).map((s) => s.id);

describe('buildConnectionStrings', () => {
  it('offers every PostgreSQL client, IAM strings only for IAM targets', () => {
    const afterPsql = ['libpq', 'uri', 'uri-loopback', 'uri-node', 'jdbc', 'pg_service', 'pgadmin', 'dbeaver-json', 'dbeaver-con'];
    expect(ids(base)).toEqual(['psql', ...afterPsql]);
    expect(ids({ ...base, iamAuth: true })).toEqual(['psql', 'psql-iam', ...afterPsql]);
  });

  it('signs IAM tokens for the RDS endpoint and port, never the local one', () => {
    const strings = buildConnectionStrings({ ...base, iamAuth: true });
    const iam = strings.find((s) => s.id === 'psql-iam')!;
    expect(iam.value).toContain(`--hostname ${RDS} --port 5432 --region eu-west-1 --username app --profile prod`);
    const pgadmin = JSON.parse(strings.find((s) => s.id === 'pgadmin')!.value);
    expect(pgadmin.Servers['1'].PasswordExecCommand).toContain('--port 5432');
  });

  it('defaults the RDS port by engine when it is not given', () => {
    const { rdsPort: _omit, ...noPort } = base;
    const iam = buildConnectionStrings({ ...noPort, iamAuth: true }).find((s) => s.id === 'psql-iam')!;
    expect(iam.value).toContain('--port 5432');
  });

  it('explains verify-ca on every JDBC and DBeaver string', () => {
    for (const s of buildConnectionStrings(base).filter((x) =>
      ['jdbc', 'uri-loopback', 'uri-node', 'dbeaver-json', 'dbeaver-con'].includes(x.id),
    )) {
      expect(s.note).toMatch(/verify-ca/);
    }
  });

  it('offers mysql, JDBC and DBeaver strings for MySQL and MariaDB', () => {
    const mysql = { ...base, engine: 'aurora-mysql', rdsPort: 3306, database: '' };
    expect(ids(mysql)).toEqual(['mysql', 'jdbc', 'jdbc-mysql', 'dbeaver-json', 'dbeaver-con']);
    expect(ids({ ...mysql, engine: 'mariadb', iamAuth: true })).toEqual(['mysql', 'mysql-iam', 'jdbc', 'dbeaver-json', 'dbeaver-con']);
    const mysqlLine = buildConnectionStrings(mysql)[0]!.value;
    expect(mysqlLine).toContain('--ssl-ca=/b.pem');
    expect(mysqlLine).not.toContain('--ssl-mode');
  });

  it('drops the strings a name cannot be written into, keeping the rest', () => {
    expect(ids({ ...base, name: 'a|b', user: 'x\ny' })).toEqual([
      'psql',
      'libpq',
      'uri',
      'uri-loopback',
      'uri-node',
      'jdbc',
      'pgadmin',
      'dbeaver-json',
    ]);
  });

  it('gives a plain host and port for other engines', () => {
    expect(buildConnectionStrings({ ...base, engine: 'oracle-ee', rdsPort: 1521 })).toEqual([
      expect.objectContaining({ id: 'host-port', value: '127.0.0.1:15432' }),
    ]);
  });
});
