// What DBeaver reads in a data-sources*.json (clients.md): the checks every Porthole DBeaver file must pass,
// whether it is the drawer's one-connection text (shared/connect/dbeaver.test.ts) or the whole file the
// DBeaver export writes (server/connect/exports).
import { expect } from 'vitest';
import { dbeaverConnectionId, type DbeaverEndpoint } from '../../shared/connect/dbeaver.js';

export interface DbeaverConnection {
  provider: string;
  driver: string;
  name: string;
  'save-password': boolean;
  configuration: Record<string, unknown> & { handlers: Record<string, { enabled?: boolean; properties?: Record<string, unknown> }> };
}

export interface DbeaverFile {
  folders: Record<string, unknown>;
  connections: Record<string, DbeaverConnection>;
}

/** Parses a data-sources file and checks its outer shape, as DBeaver's loader expects it. */
export function parseDbeaverFile(text: string): DbeaverFile {
  const doc = JSON.parse(text) as DbeaverFile;
  expect(Object.keys(doc)).toEqual(['folders', 'connections']);
  expect(typeof doc.folders).toBe('object');
  for (const connection of Object.values(doc.connections)) {
    expect(Object.keys(connection)).toEqual(['provider', 'driver', 'name', 'save-password', 'configuration']);
    // Porthole never stores a password, in DBeaver or anywhere else.
    expect(connection['save-password']).toBe(false);
    expect(JSON.stringify(connection)).not.toMatch(/"password"/i);
  }
  return doc;
}

/** The connection DBeaver gets for `p`: the driver per engine, and verify-ca with the bundle wherever SSL is set. */
export function expectDbeaverConnection(doc: DbeaverFile, p: DbeaverEndpoint): void {
  const conn = doc.connections[dbeaverConnectionId(p.id)];
  expect(conn, `connection for ${p.id}`).toBeDefined();
  expect(conn!.configuration).toMatchObject({
    host: '127.0.0.1',
    port: String(p.localPort),
    database: p.database,
    user: p.user,
    configurationType: 'MANUAL',
    'auth-model': 'native',
  });
  expect(conn!.name).toBe(p.name);
  const { handlers } = conn!.configuration;
  if (p.family === 'postgres') {
    expect(conn).toMatchObject({ provider: 'postgresql', driver: 'postgres-jdbc' });
    // Without an explicit sslmode DBeaver sends ssl=true, which pgjdbc reads as verify-full (fails on 127.0.0.1).
    expect(conn!.configuration.properties).toEqual({ sslmode: 'verify-ca', sslrootcert: p.caBundlePath });
    expect(handlers.postgre_ssl).toMatchObject({ enabled: true, properties: { sslMode: 'verify-ca', 'ssl.ca.cert': p.caBundlePath } });
  } else if (p.family === 'mysql') {
    expect(conn).toMatchObject({ provider: 'mysql', driver: 'mysql8' });
    expect(handlers.mysql_ssl?.properties).toMatchObject({ 'ssl.ca.cert': p.caBundlePath, 'ssl.verify.server': 'true' });
  } else {
    // mysql_ssl on the mariaDB driver forces verify-full: SSL goes in driver properties instead.
    expect(conn).toMatchObject({ provider: 'mysql', driver: 'mariaDB' });
    expect(conn!.configuration.properties).toEqual({ sslMode: 'verify-ca', serverSslCert: p.caBundlePath });
    expect(handlers).toEqual({});
  }
}
