// The one table of what Porthole knows about database engines: which family an RDS engine name belongs to,
// its usual port, the protocol a health probe speaks, and the defaults clients land on. Every room reads it,
// so a target's connection strings, local port and health check always agree.

export type EngineFamily = 'postgres' | 'mysql' | 'mariadb' | 'sqlserver' | 'oracle' | 'db2' | 'docdb' | 'neptune' | 'other';

/** What a deep health probe speaks to the database: its handshake with TLS, or a plain TCP connect. */
export type ProbeProtocol = 'postgres' | 'mysql' | 'tcp';

export interface EngineInfo {
  family: EngineFamily;
  /** The engine's usual port; undefined when there is none to assume. */
  defaultPort: number | undefined;
  probe: ProbeProtocol;
  /** RDS's default master user name, for targets whose master user is unknown ('' when there is none). */
  defaultUser: string;
  /** The database a client lands in when none is named ('' for "the server decides"). */
  defaultDatabase: string;
  /** Porthole builds connection strings for it (psql, mysql, JDBC, DBeaver…). */
  hasClients: boolean;
}

const FAMILIES: Record<EngineFamily, EngineInfo> = {
  postgres: {
    family: 'postgres',
    defaultPort: 5432,
    probe: 'postgres',
    defaultUser: 'postgres',
    defaultDatabase: 'postgres',
    hasClients: true,
  },
  mysql: { family: 'mysql', defaultPort: 3306, probe: 'mysql', defaultUser: 'admin', defaultDatabase: '', hasClients: true },
  mariadb: { family: 'mariadb', defaultPort: 3306, probe: 'mysql', defaultUser: 'admin', defaultDatabase: '', hasClients: true },
  sqlserver: { family: 'sqlserver', defaultPort: 1433, probe: 'tcp', defaultUser: 'admin', defaultDatabase: '', hasClients: false },
  oracle: { family: 'oracle', defaultPort: 1521, probe: 'tcp', defaultUser: 'admin', defaultDatabase: '', hasClients: false },
  db2: { family: 'db2', defaultPort: 50000, probe: 'tcp', defaultUser: 'admin', defaultDatabase: '', hasClients: false },
  docdb: { family: 'docdb', defaultPort: 27017, probe: 'tcp', defaultUser: '', defaultDatabase: '', hasClients: false },
  neptune: { family: 'neptune', defaultPort: 8182, probe: 'tcp', defaultUser: '', defaultDatabase: '', hasClients: false },
  other: { family: 'other', defaultPort: undefined, probe: 'tcp', defaultUser: '', defaultDatabase: '', hasClients: false },
};

// RDS engine names (DescribeDBInstances `Engine`), exact first, then by prefix (sqlserver-ee, oracle-se2,
// custom-oracle-ee, db2-se…). "aurora" alone is Aurora MySQL 5.6.
const EXACT: Record<string, EngineFamily> = {
  postgres: 'postgres',
  postgresql: 'postgres',
  'aurora-postgresql': 'postgres',
  mysql: 'mysql',
  'aurora-mysql': 'mysql',
  aurora: 'mysql',
  mariadb: 'mariadb',
  docdb: 'docdb',
  neptune: 'neptune',
};
const PREFIXES: [string, EngineFamily][] = [
  ['sqlserver', 'sqlserver'],
  ['custom-sqlserver', 'sqlserver'],
  ['oracle', 'oracle'],
  ['custom-oracle', 'oracle'],
  ['db2', 'db2'],
];
/** A target without an engine (a custom host) is known by its port. */
const BY_PORT: Record<number, EngineFamily> = { 5432: 'postgres', 3306: 'mysql', 1433: 'sqlserver', 1521: 'oracle' };

export function engineFamily(engine: string | undefined, port?: number): EngineFamily {
  const name = (engine ?? '').trim().toLowerCase();
  if (name === '') return (port !== undefined ? BY_PORT[port] : undefined) ?? 'other';
  const exact = EXACT[name];
  if (exact) return exact;
  return PREFIXES.find(([prefix]) => name.startsWith(prefix))?.[1] ?? 'other';
}

/** Everything known about an engine (by RDS name, or by port when the name is missing). */
export function engineInfo(engine: string | undefined, port?: number): EngineInfo {
  return FAMILIES[engineFamily(engine, port)];
}
