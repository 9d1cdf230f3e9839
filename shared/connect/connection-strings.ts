// Every string the Connect panel offers for one tunnel, per engine family.
import type { ConnectionString } from '../api.js';
import { engineInfo } from '../engines.js';
import { iamTokenCommand, type IamTokenSource } from './iam.js';
import {
  libpqKeywords,
  pgAdminServersJson,
  pgServiceEntry,
  pgServiceName,
  postgresUri,
  postgresUriLoopback,
  postgresUriNode,
  psqlCommand,
  psqlIamCommand,
  LOOPBACK,
  type PgEndpoint,
} from './postgres.js';
import { mariadbJdbcUrl, mysqlJdbcUrl, pgJdbcUrl } from './jdbc.js';
import { mysqlCommand, mysqlIamCommand, type MysqlEndpoint } from './mysql.js';
import { dbeaverCommand, dbeaverDataSourcesJson, type DbeaverEndpoint } from './dbeaver.js';

export interface ConnectionStringInput {
  /** RDS engine name (`aurora-postgresql`, `mysql`, …); unknown or missing engines get generic strings. */
  engine: string | undefined;
  rdsHost: string;
  /** The RDS port, for IAM tokens (signed for the RDS endpoint, never the local port). Default: the engine's. */
  rdsPort?: number;
  localPort: number;
  user: string;
  /** '' = none (MySQL/MariaDB). */
  database: string;
  caBundlePath: string;
  /** The tunnel's name (labels, service name, DBeaver connection name). */
  name: string;
  /** The tunnel id, for stable DBeaver connection ids. Default: the name. */
  id?: string;
  iamAuth: boolean;
  region?: string;
  profile?: string;
}

export const VERIFY_CA_NOTE =
  'verify-ca: the client cannot check the RDS name while connecting to 127.0.0.1; the chain is still verified against the RDS CA bundle (any RDS certificate is accepted).';

const IAM_NOTE = 'The token is valid for 15 minutes and only matters at login; it needs the aws CLI.';

export function buildConnectionStrings(input: ConnectionStringInput): ConnectionString[] {
  const rdsPort = input.rdsPort ?? engineInfo(input.engine).defaultPort ?? input.localPort;
  const { family } = engineInfo(input.engine, input.rdsPort);
  const token: Omit<IamTokenSource, 'user'> = {
    rdsHost: input.rdsHost,
    rdsPort,
    ...(input.region ? { region: input.region } : {}),
    ...(input.profile ? { profile: input.profile } : {}),
  };
  switch (family) {
    case 'postgres':
      return postgresStrings(input, token);
    case 'mysql':
    case 'mariadb':
      return mysqlStrings(input, family, token);
    case 'sqlserver':
    case 'oracle':
    case 'db2':
    case 'docdb':
    case 'neptune':
    case 'other':
      return genericStrings(input);
  }
}

function compact(items: Array<ConnectionString | undefined | false | ''>): ConnectionString[] {
  return items.filter((s): s is ConnectionString => Boolean(s));
}

function dbeaverEndpoint(input: ConnectionStringInput, family: DbeaverEndpoint['family']): DbeaverEndpoint {
  return {
    id: input.id ?? input.name,
    name: input.name,
    family,
    localPort: input.localPort,
    user: input.user,
    database: input.database,
    caBundlePath: input.caBundlePath,
  };
}

function postgresStrings(input: ConnectionStringInput, token: Omit<IamTokenSource, 'user'>): ConnectionString[] {
  const pg: PgEndpoint = {
    rdsHost: input.rdsHost,
    localPort: input.localPort,
    user: input.user,
    database: input.database,
    caBundlePath: input.caBundlePath,
  };
  const service = pgServiceEntry(pg, input.name);
  const dbeaverCon = dbeaverCommand(dbeaverEndpoint(input, 'postgres'));
  const tokenCommand = iamTokenCommand({ ...token, user: input.user });
  return compact([
    { id: 'psql', label: 'psql', value: psqlCommand(pg), note: 'Verifies the RDS name (verify-full) while connecting to 127.0.0.1.' },
    input.iamAuth && { id: 'psql-iam', label: 'psql with an IAM token', value: psqlIamCommand(pg, token), note: IAM_NOTE },
    {
      id: 'libpq',
      label: 'libpq connection string',
      value: libpqKeywords(pg),
      note: 'For psql, psycopg and anything built on libpq: host is checked, hostaddr is dialled.',
    },
    {
      id: 'uri',
      label: 'URI (libpq)',
      value: postgresUri(pg),
      note: 'libpq reads hostaddr from the URI and verifies the RDS name; drivers without libpq ignore hostaddr: use the loopback URI.',
    },
    {
      id: 'uri-loopback',
      label: 'URI for other drivers',
      value: postgresUriLoopback(pg),
      note: `For drivers that ignore hostaddr (pgx, asyncpg, Prisma…). ${VERIFY_CA_NOTE}`,
    },
    {
      id: 'uri-node',
      label: 'URI for node-postgres (pg)',
      value: postgresUriNode(pg),
      note: `pg ignores hostaddr and needs uselibpqcompat=true for verify-ca. For verify-full, skip the URI: host '127.0.0.1' with ssl: { ca: <bundle text>, servername: '${input.rdsHost}' }.`,
    },
    { id: 'jdbc', label: 'JDBC URL (pgjdbc, DBeaver)', value: pgJdbcUrl(pg), note: VERIFY_CA_NOTE },
    service && {
      id: 'pg_service',
      label: 'pg_service.conf entry',
      value: service,
      note: `Append to ~/.pg_service.conf, then: psql service=${pgServiceName(input.name)} (libpq only: pgjdbc rejects hostaddr).`,
    },
    {
      id: 'pgadmin',
      label: 'pgAdmin servers.json',
      value: pgAdminServersJson(pg, { name: input.name, ...(input.iamAuth ? { passwordExecCommand: tokenCommand } : {}) }),
      note: 'Import with Tools → Import/Export Servers (pgAdmin 6.20+; the IAM password command needs 7.4+ desktop mode).',
    },
    {
      id: 'dbeaver-json',
      label: 'DBeaver data source',
      value: dbeaverDataSourcesJson(dbeaverEndpoint(input, 'postgres')),
      note: DBEAVER_JSON_NOTE,
    },
    dbeaverCon && { id: 'dbeaver-con', label: 'Open in DBeaver', value: dbeaverCon, note: DBEAVER_CON_NOTE },
  ]);
}

const DBEAVER_JSON_NOTE =
  'Save as data-sources-porthole.json in DBeaverData/workspace6/General/.dbeaver/ (~/.local/share on Linux, ~/Library on macOS, %AppData% on Windows). verify-ca, as for JDBC.';
const DBEAVER_CON_NOTE =
  'Opens a connection in a running or new DBeaver (macOS: /Applications/DBeaver.app/Contents/MacOS/dbeaver). verify-ca, as for JDBC.';

function mysqlStrings(input: ConnectionStringInput, family: 'mysql' | 'mariadb', token: Omit<IamTokenSource, 'user'>): ConnectionString[] {
  const my: MysqlEndpoint = { localPort: input.localPort, user: input.user, database: input.database, caBundlePath: input.caBundlePath };
  const mariadbUrl = mariadbJdbcUrl(my);
  const dbeaverCon = dbeaverCommand(dbeaverEndpoint(input, family));
  return compact([
    {
      id: 'mysql',
      label: 'mysql',
      value: mysqlCommand(my),
      note: "--ssl-ca checks the chain against the RDS CA bundle (not the name); portable between MariaDB's and MySQL's clients.",
    },
    input.iamAuth && {
      id: 'mysql-iam',
      label: 'mysql with an IAM token',
      value: mysqlIamCommand(my, token),
      note: `${IAM_NOTE} MySQL's own client also needs --enable-cleartext-plugin.`,
    },
    mariadbUrl && {
      id: 'jdbc',
      label: 'JDBC URL (MariaDB Connector/J 3)',
      value: mariadbUrl,
      note: `${VERIFY_CA_NOTE} Also works against MySQL.`,
    },
    family === 'mysql' && {
      id: 'jdbc-mysql',
      label: 'JDBC URL (MySQL Connector/J)',
      value: mysqlJdbcUrl(my),
      note: 'MySQL Connector/J refuses PEM: import each certificate of the bundle into a PKCS12 truststore with keytool (it imports only the first of a PEM file).',
    },
    {
      id: 'dbeaver-json',
      label: 'DBeaver data source',
      value: dbeaverDataSourcesJson(dbeaverEndpoint(input, family)),
      note: DBEAVER_JSON_NOTE,
    },
    dbeaverCon && {
      id: 'dbeaver-con',
      label: 'Open in DBeaver',
      value: dbeaverCon,
      note: `${DBEAVER_CON_NOTE} Uses the MariaDB driver, which reads the PEM bundle.`,
    },
  ]);
}

function genericStrings(input: ConnectionStringInput): ConnectionString[] {
  return [
    {
      id: 'host-port',
      label: 'Host and port',
      value: `${LOOPBACK}:${input.localPort}`,
      note: `TLS clients that check names must expect ${input.rdsHost}, not 127.0.0.1; trust the RDS CA bundle at ${input.caBundlePath}.`,
    },
  ];
}
