// DBeaver: a data-source file Porthole can own (`data-sources-porthole.json`: DBeaver loads every
// data-sources*.json in its workspace) and the `dbeaver -con` launch string. Shapes, driver ids and
// handler properties per clients.md and DBeaver's source.
import type { EngineFamily } from '../engines.js';
import { pgJdbcUrl, mariadbJdbcUrl } from './jdbc.js';
import { LOOPBACK } from './postgres.js';
import { shellQuote } from './shell-quote.js';

export interface DbeaverEndpoint {
  /** Stable id of the tunnel: the DBeaver connection id derives from it. */
  id: string;
  name: string;
  family: Extract<EngineFamily, 'postgres' | 'mysql' | 'mariadb'>;
  /** The port clients dial: the tunnel's local port, or (direct) the database's own. */
  localPort: number;
  user: string;
  database: string;
  caBundlePath: string;
  /** No tunnel: the real endpoint name, dialled and verified (verify-full). Absent: 127.0.0.1 and verify-ca. */
  host?: string;
}

/** verify-full when DBeaver dials the real name, else verify-ca (no JDBC driver checks a name through a tunnel). */
function sslModeOf(p: DbeaverEndpoint): 'verify-full' | 'verify-ca' {
  return p.host ? 'verify-full' : 'verify-ca';
}

export function dbeaverConnectionId(id: string): string {
  return `porthole-${id.replace(/[^A-Za-z0-9_.-]+/g, '-')}`;
}

interface DbeaverConnection {
  provider: string;
  driver: string;
  name: string;
  'save-password': boolean;
  folder?: string;
  configuration: Record<string, unknown>;
}

function connection(p: DbeaverEndpoint): DbeaverConnection {
  const base = {
    host: p.host ?? LOOPBACK,
    port: String(p.localPort),
    database: p.database,
    configurationType: 'MANUAL',
    'auth-model': 'native',
    user: p.user,
  };
  if (p.family === 'postgres') {
    return {
      provider: 'postgresql',
      driver: 'postgres-jdbc',
      name: p.name,
      'save-password': false,
      configuration: {
        ...base,
        url: pgJdbcUrl(p),
        // Connection properties override what DBeaver derives from the handler: without an explicit
        // sslmode, DBeaver sends ssl=true, which pgjdbc reads as verify-full (fails on 127.0.0.1).
        properties: { sslmode: sslModeOf(p), sslrootcert: p.caBundlePath },
        handlers: {
          postgre_ssl: {
            type: 'HANDLER',
            enabled: true,
            'save-password': false,
            properties: { 'ssl.method': 'CERTIFICATES', 'ssl.ca.cert': p.caBundlePath, sslMode: sslModeOf(p) },
          },
        },
      },
    };
  }
  if (p.family === 'mysql') {
    // mysql_ssl on the mysql8 driver builds the truststore from the PEM and asks for VERIFY_CA.
    return {
      provider: 'mysql',
      driver: 'mysql8',
      name: p.name,
      'save-password': false,
      configuration: {
        ...base,
        url: `jdbc:mysql://${p.host ?? LOOPBACK}:${p.localPort}/${p.database}`,
        properties: {},
        handlers: {
          mysql_ssl: {
            type: 'HANDLER',
            enabled: true,
            'save-password': false,
            properties: {
              'ssl.method': 'CERTIFICATES',
              'ssl.ca.cert': p.caBundlePath,
              'ssl.require': 'true',
              'ssl.verify.server': 'true',
            },
          },
        },
      },
    };
  }
  // mariaDB: the mysql_ssl handler forces verify-full there, so SSL goes in driver properties.
  return {
    provider: 'mysql',
    driver: 'mariaDB',
    name: p.name,
    'save-password': false,
    configuration: {
      ...base,
      url: mariadbJdbcUrl(p) ?? `jdbc:mariadb://${p.host ?? LOOPBACK}:${p.localPort}/`,
      properties: { sslMode: sslModeOf(p), serverSslCert: p.caBundlePath },
      handlers: {},
    },
  };
}

/** A whole `data-sources-porthole.json` with this one connection. */
export function dbeaverDataSourcesJson(p: DbeaverEndpoint): string {
  return dbeaverDataSourcesDocument([p]);
}

/** A whole `data-sources-porthole.json` with these connections (ids from the tunnel ids, so they stay stable). */
export function dbeaverDataSourcesDocument(endpoints: readonly DbeaverEndpoint[]): string {
  const connections = Object.fromEntries(endpoints.map((p) => [dbeaverConnectionId(p.id), connection(p)]));
  return JSON.stringify({ folders: {}, connections }, null, 2);
}

/**
 * The `-con` argument: `k=v|k=v…`. DBeaver splits on `|` with no escape, so a value holding `|`
 * (or a line break) cannot be passed: undefined. SSL goes through `prop.` driver properties,
 * because `handler.<id>.<prop>` is not applied to new connections.
 */
export function dbeaverConArgument(p: DbeaverEndpoint): string | undefined {
  const pairs: Array<[string, string]> = [
    ['name', p.name],
    ['host', p.host ?? LOOPBACK],
    ['port', String(p.localPort)],
    ['database', p.database],
    ['user', p.user],
  ];
  if (p.family === 'postgres') {
    pairs.unshift(['driver', 'postgres-jdbc']);
    pairs.push(['prop.sslmode', sslModeOf(p)], ['prop.sslrootcert', p.caBundlePath]);
  } else {
    // The MariaDB driver reads the PEM bundle itself (and speaks to MySQL too); DBeaver's MySQL
    // driver would need a PKCS12 truststore for VERIFY_CA.
    pairs.unshift(['driver', 'mariaDB']);
    pairs.push(['prop.sslMode', sslModeOf(p)], ['prop.serverSslCert', p.caBundlePath]);
  }
  pairs.push(['connect', 'true']);
  const used = pairs.filter(([k, v]) => v !== '' || k === 'name');
  if (used.some(([, v]) => /[|\r\n]/.test(v))) return undefined;
  return used.map(([k, v]) => `${k}=${v}`).join('|');
}

/** `dbeaver -con '…'` for a POSIX shell. */
export function dbeaverCommand(p: DbeaverEndpoint): string | undefined {
  const arg = dbeaverConArgument(p);
  return arg === undefined ? undefined : `dbeaver -con ${shellQuote(arg)}`;
}
