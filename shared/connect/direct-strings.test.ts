import { describe, expect, it } from 'vitest';
import { buildDirectConnectionStrings, type DirectStringInput } from './direct-strings.js';

const RDS = 'db1.abc123.eu-west-1.rds.amazonaws.com';
const base: DirectStringInput = {
  engine: 'postgres',
  rdsHost: RDS,
  rdsPort: 5432,
  user: 'app',
  database: 'orders',
  caBundlePath: '/b.pem',
  name: 'orders',
  id: 'dev:eu-west-1:instance:orders',
  iamAuth: false,
  region: 'eu-west-1',
  profile: 'dev',
};
const value = (input: DirectStringInput, id: string) => buildDirectConnectionStrings(input).find((s) => s.id === id)?.value;

describe('buildDirectConnectionStrings (no tunnel: the real name, fully verified)', () => {
  it('PostgreSQL: host and port of the endpoint, no hostaddr, verify-full for libpq and pgjdbc alike', () => {
    expect(value(base, 'libpq')).toBe(`host=${RDS} port=5432 dbname=orders user=app sslmode=verify-full sslrootcert=/b.pem`);
    expect(value(base, 'psql')).toBe(`psql 'host=${RDS} port=5432 dbname=orders user=app sslmode=verify-full sslrootcert=/b.pem'`);
    expect(value(base, 'uri')).toBe(`postgresql://app@${RDS}:5432/orders?sslmode=verify-full&sslrootcert=/b.pem`);
    expect(value(base, 'jdbc')).toBe(`jdbc:postgresql://${RDS}:5432/orders?sslmode=verify-full&sslrootcert=/b.pem`);
    expect(value(base, 'pg_service')).toBe(
      `[orders-direct]\nhost=${RDS}\nport=5432\ndbname=orders\nuser=app\nsslmode=verify-full\nsslrootcert=/b.pem\n`,
    );
    const pgadmin = JSON.parse(value(base, 'pgadmin')!);
    expect(pgadmin.Servers['1']).toMatchObject({ Host: RDS, Port: 5432, ConnectionParameters: { sslmode: 'verify-full' } });
    expect(pgadmin.Servers['1'].ConnectionParameters.hostaddr).toBeUndefined();
    const dbeaver = JSON.parse(value(base, 'dbeaver-json')!);
    const connection = Object.values(dbeaver.connections)[0] as { configuration: Record<string, unknown> };
    expect(connection.configuration).toMatchObject({ host: RDS, port: '5432', properties: { sslmode: 'verify-full' } });
    expect(value(base, 'dbeaver-con')).toContain(`host=${RDS}|port=5432`);
    expect(value(base, 'dbeaver-con')).toContain('prop.sslmode=verify-full');
    for (const string of buildDirectConnectionStrings(base)) expect(string.value).not.toMatch(/127\.0\.0\.1|hostaddr/);
  });

  it('IAM tokens are signed for the endpoint and port', () => {
    expect(value({ ...base, iamAuth: true }, 'psql-iam')).toContain(
      `--hostname ${RDS} --port 5432 --region eu-west-1 --username app --profile dev`,
    );
    expect(value(base, 'psql-iam')).toBeUndefined();
  });

  it('MySQL and MariaDB: each client’s own way of checking the name', () => {
    const mysql = { ...base, engine: 'mysql', rdsPort: 3306, database: '' };
    expect(value(mysql, 'mysql')).toBe(`mysql --host=${RDS} --port=3306 --user=app --password --ssl-ca=/b.pem --ssl-verify-server-cert`);
    expect(value(mysql, 'mysql-oracle')).toBe(
      `mysql --host=${RDS} --port=3306 --user=app --password --ssl-ca=/b.pem --ssl-mode=VERIFY_IDENTITY`,
    );
    expect(value(mysql, 'jdbc')).toBe(`jdbc:mariadb://${RDS}:3306/?sslMode=verify-full&serverSslCert=/b.pem`);
    expect(value(mysql, 'jdbc-mysql')).toContain(`jdbc:mysql://${RDS}:3306/?sslMode=VERIFY_IDENTITY`);
    expect(value({ ...mysql, engine: 'mariadb' }, 'jdbc-mysql')).toBeUndefined();
    expect(value({ ...mysql, engine: 'mariadb' }, 'dbeaver-con')).toContain('prop.sslMode=verify-full');
  });

  it('other engines: host and port only', () => {
    expect(buildDirectConnectionStrings({ ...base, engine: 'sqlserver-se', rdsPort: 1433 })).toEqual([
      expect.objectContaining({ id: 'host-port', value: `${RDS}:1433` }),
    ]);
  });
});
