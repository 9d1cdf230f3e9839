import { describe, expect, it } from 'vitest';
import { dbeaverCommand, dbeaverConArgument, dbeaverConnectionId, dbeaverDataSourcesJson, type DbeaverEndpoint } from './dbeaver.js';

const bundle = '/home/me/rds ca.pem';
const pg: DbeaverEndpoint = {
  id: 'tun/1',
  name: 'Prod DB',
  family: 'postgres',
  localPort: 15432,
  user: "o'b",
  database: 'orders',
  caBundlePath: bundle,
};

describe('DBeaver data source file', () => {
  it('describes a pgjdbc connection with verify-ca in the handler and in the driver properties', () => {
    const doc = JSON.parse(dbeaverDataSourcesJson(pg));
    expect(Object.keys(doc)).toEqual(['folders', 'connections']);
    const conn = doc.connections['porthole-tun-1'];
    expect(conn).toMatchObject({ provider: 'postgresql', driver: 'postgres-jdbc', name: 'Prod DB', 'save-password': false });
    expect(conn.configuration).toMatchObject({
      host: '127.0.0.1',
      port: '15432',
      database: 'orders',
      user: "o'b",
      configurationType: 'MANUAL',
      'auth-model': 'native',
      properties: { sslmode: 'verify-ca', sslrootcert: bundle },
    });
    expect(conn.configuration.handlers.postgre_ssl).toMatchObject({
      enabled: true,
      properties: { sslMode: 'verify-ca', 'ssl.ca.cert': bundle },
    });
  });

  it('uses the mysql_ssl handler on mysql8 and driver properties on mariaDB', () => {
    const mysql = JSON.parse(dbeaverDataSourcesJson({ ...pg, family: 'mysql' })).connections['porthole-tun-1'];
    expect(mysql).toMatchObject({ provider: 'mysql', driver: 'mysql8' });
    expect(mysql.configuration.handlers.mysql_ssl.properties).toMatchObject({ 'ssl.ca.cert': bundle, 'ssl.verify.server': 'true' });
    const maria = JSON.parse(dbeaverDataSourcesJson({ ...pg, family: 'mariadb' })).connections['porthole-tun-1'];
    expect(maria).toMatchObject({ provider: 'mysql', driver: 'mariaDB' });
    expect(maria.configuration.properties).toEqual({ sslMode: 'verify-ca', serverSslCert: bundle });
    expect(maria.configuration.handlers).toEqual({});
  });

  it('derives a stable connection id', () => {
    expect(dbeaverConnectionId('a b:c')).toBe('porthole-a-b-c');
  });
});

describe('dbeaver -con', () => {
  it('passes SSL as driver properties', () => {
    expect(dbeaverConArgument(pg)).toBe(
      `driver=postgres-jdbc|name=Prod DB|host=127.0.0.1|port=15432|database=orders|user=o'b|prop.sslmode=verify-ca|prop.sslrootcert=${bundle}|connect=true`,
    );
    expect(dbeaverCommand(pg)).toBe(`dbeaver -con "${dbeaverConArgument(pg)}"`);
  });

  it('uses the MariaDB driver (PEM bundle) for MySQL and MariaDB, and skips an empty database', () => {
    expect(dbeaverConArgument({ ...pg, family: 'mysql', database: '' })).toBe(
      `driver=mariaDB|name=Prod DB|host=127.0.0.1|port=15432|user=o'b|prop.sslMode=verify-ca|prop.serverSslCert=${bundle}|connect=true`,
    );
  });

  it('gives up when a value holds the | separator', () => {
    expect(dbeaverConArgument({ ...pg, name: 'a|b' })).toBeUndefined();
    expect(dbeaverCommand({ ...pg, database: 'x|y' })).toBeUndefined();
  });
});
