// Connection strings for a database this machine reaches without a tunnel (a VPN, Direct Connect, a public
// endpoint): every client dials the real RDS name, so each can verify it fully, which no tunnel allows for
// pgjdbc, DBeaver or the mysql clients (clients.md). No session, no local port.
import type { ConnectionString } from '../api.js';
import { engineInfo } from '../engines.js';
import { dbeaverCommand, dbeaverDataSourcesJson, type DbeaverEndpoint } from './dbeaver.js';
import { iamTokenCommand, type IamTokenSource } from './iam.js';
import { mariadbJdbcUrl, mysqlJdbcUrl, pgJdbcUrl } from './jdbc.js';
import { mysqlCommand, mysqlIamCommand, type MysqlEndpoint } from './mysql.js';
import {
  libpqKeywords,
  pgAdminServersJson,
  pgServiceEntry,
  pgServiceName,
  postgresUri,
  psqlCommand,
  psqlIamCommand,
  type PgEndpoint,
} from './postgres.js';
import { uriHost } from './uri-encode.js';

export interface DirectStringInput {
  /** RDS engine name; unknown or missing engines get host and port only. */
  engine: string | undefined;
  /** The endpoint's real name: dialled and verified. */
  rdsHost: string;
  rdsPort: number;
  user: string;
  /** '' = none (MySQL/MariaDB). */
  database: string;
  caBundlePath: string;
  /** The database's name (labels, service name, DBeaver connection name). */
  name: string;
  /** For stable DBeaver connection ids. Default: the name. */
  id?: string;
  iamAuth: boolean;
  region?: string;
  profile?: string;
}

const FULL_NOTE = 'Dials the RDS name itself and verifies it (verify-full): no tunnel needed while this path works.';
const IAM_NOTE = 'The token is valid for 15 minutes and only matters at login; it needs the aws CLI.';

export function buildDirectConnectionStrings(input: DirectStringInput): ConnectionString[] {
  const token: Omit<IamTokenSource, 'user'> = {
    rdsHost: input.rdsHost,
    rdsPort: input.rdsPort,
    ...(input.region ? { region: input.region } : {}),
    ...(input.profile ? { profile: input.profile } : {}),
  };
  const { family } = engineInfo(input.engine, input.rdsPort);
  switch (family) {
    case 'postgres':
      return postgresDirect(input, token);
    case 'mysql':
    case 'mariadb':
      return mysqlDirect(input, family, token);
    case 'sqlserver':
    case 'oracle':
    case 'db2':
    case 'docdb':
    case 'neptune':
    case 'other':
      return [
        {
          id: 'host-port',
          label: 'Host and port',
          value: `${uriHost(input.rdsHost)}:${input.rdsPort}`,
          note: `Trust the RDS CA bundle at ${input.caBundlePath}; the certificate names ${input.rdsHost}.`,
        },
      ];
  }
}

function compact(items: Array<ConnectionString | undefined | false | ''>): ConnectionString[] {
  return items.filter((item): item is ConnectionString => Boolean(item));
}

function dbeaver(input: DirectStringInput, family: DbeaverEndpoint['family']): DbeaverEndpoint {
  return {
    id: `${input.id ?? input.name}-direct`,
    name: `${input.name} (direct)`,
    family,
    host: input.rdsHost,
    localPort: input.rdsPort,
    user: input.user,
    database: input.database,
    caBundlePath: input.caBundlePath,
  };
}

function postgresDirect(input: DirectStringInput, token: Omit<IamTokenSource, 'user'>): ConnectionString[] {
  const pg: PgEndpoint = {
    rdsHost: input.rdsHost,
    localPort: input.rdsPort,
    user: input.user,
    database: input.database,
    caBundlePath: input.caBundlePath,
    direct: true,
  };
  const serviceName = `${input.name}-direct`;
  const service = pgServiceEntry(pg, serviceName);
  const con = dbeaverCommand(dbeaver(input, 'postgres'));
  return compact([
    { id: 'psql', label: 'psql', value: psqlCommand(pg), note: FULL_NOTE },
    input.iamAuth && { id: 'psql-iam', label: 'psql with an IAM token', value: psqlIamCommand(pg, token), note: IAM_NOTE },
    { id: 'libpq', label: 'libpq connection string', value: libpqKeywords(pg), note: 'For psql, psycopg and anything built on libpq.' },
    {
      id: 'uri',
      label: 'URI',
      value: postgresUri(pg),
      note: 'libpq, pgx and node-postgres (which reads sslrootcert as a file) verify the name with this URI.',
    },
    { id: 'jdbc', label: 'JDBC URL (pgjdbc, DBeaver)', value: pgJdbcUrl({ ...pg, host: input.rdsHost }), note: FULL_NOTE },
    service && {
      id: 'pg_service',
      label: 'pg_service.conf entry',
      value: service,
      note: `Append to ~/.pg_service.conf, then: psql service=${pgServiceName(serviceName)} (pgjdbc reads it too: no hostaddr).`,
    },
    {
      id: 'pgadmin',
      label: 'pgAdmin servers.json',
      value: pgAdminServersJson(pg, {
        name: `${input.name} (direct)`,
        ...(input.iamAuth ? { passwordExecCommand: iamTokenCommand({ ...token, user: input.user }) } : {}),
      }),
      note: 'Import with Tools → Import/Export Servers (pgAdmin 6.20+).',
    },
    { id: 'dbeaver-json', label: 'DBeaver data source', value: dbeaverDataSourcesJson(dbeaver(input, 'postgres')), note: FULL_NOTE },
    con && { id: 'dbeaver-con', label: 'Open in DBeaver', value: con, note: FULL_NOTE },
  ]);
}

function mysqlDirect(input: DirectStringInput, family: 'mysql' | 'mariadb', token: Omit<IamTokenSource, 'user'>): ConnectionString[] {
  const my: MysqlEndpoint = {
    host: input.rdsHost,
    localPort: input.rdsPort,
    user: input.user,
    database: input.database,
    caBundlePath: input.caBundlePath,
  };
  const mariadbUrl = mariadbJdbcUrl(my);
  const con = dbeaverCommand(dbeaver(input, family));
  return compact([
    {
      id: 'mysql',
      label: 'mysql (MariaDB client, as Debian ships)',
      value: mysqlCommand(my, 'mariadb'),
      note: '--ssl-verify-server-cert checks the RDS name against --host.',
    },
    {
      id: 'mysql-oracle',
      label: 'mysql (MySQL 8 client)',
      value: mysqlCommand(my, 'mysql'),
      note: 'MySQL’s own client checks the name with --ssl-mode=VERIFY_IDENTITY (MariaDB’s client rejects --ssl-mode).',
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
      note: `${FULL_NOTE} Also works against MySQL.`,
    },
    family === 'mysql' && {
      id: 'jdbc-mysql',
      label: 'JDBC URL (MySQL Connector/J)',
      value: mysqlJdbcUrl(my),
      note: 'VERIFY_IDENTITY; MySQL Connector/J refuses PEM: import each certificate of the bundle into a PKCS12 truststore with keytool.',
    },
    {
      id: 'dbeaver-json',
      label: 'DBeaver data source',
      value: dbeaverDataSourcesJson(dbeaver(input, family)),
      note:
        family === 'mariadb'
          ? FULL_NOTE
          : 'DBeaver’s MySQL driver verifies the chain through its SSL handler (VERIFY_CA); the MariaDB driver (Open in DBeaver) verifies the name too.',
    },
    con && {
      id: 'dbeaver-con',
      label: 'Open in DBeaver',
      value: con,
      note: `${FULL_NOTE} Uses the MariaDB driver, which reads the PEM bundle.`,
    },
  ]);
}
