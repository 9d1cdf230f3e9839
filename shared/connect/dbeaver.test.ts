import { describe, expect, it } from 'vitest';
import { expectDbeaverConnection, parseDbeaverFile } from '../../testing/connect/dbeaver-file.js';
import {
  dbeaverCommand,
  dbeaverConArgument,
  dbeaverConnectionId,
  dbeaverDataSourcesDocument,
  dbeaverDataSourcesJson,
  type DbeaverEndpoint,
} from './dbeaver.js';

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
    expectDbeaverConnection(parseDbeaverFile(dbeaverDataSourcesJson(pg)), pg);
  });

  it('uses the mysql_ssl handler on mysql8 and driver properties on mariaDB', () => {
    for (const family of ['mysql', 'mariadb'] as const) {
      expectDbeaverConnection(parseDbeaverFile(dbeaverDataSourcesJson({ ...pg, family })), { ...pg, family });
    }
  });

  it('holds many connections in one file, each under its own stable id', () => {
    const many = [pg, { ...pg, id: 'tun-2', name: 'Billing', family: 'mariadb' as const, database: '' }];
    const doc = parseDbeaverFile(dbeaverDataSourcesDocument(many));
    expect(Object.keys(doc.connections)).toEqual(['porthole-tun-1', 'porthole-tun-2']);
    for (const p of many) expectDbeaverConnection(doc, p);
    expect(parseDbeaverFile(dbeaverDataSourcesDocument([])).connections).toEqual({});
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
