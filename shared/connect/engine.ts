// Which client family an RDS engine name belongs to, and its defaults.

export type EngineFamily = 'postgres' | 'mysql' | 'mariadb' | 'other';

/**
 * RDS engine names (DescribeDBInstances `Engine`): postgres, aurora-postgresql, mysql, aurora-mysql,
 * aurora (Aurora MySQL 5.6), mariadb, and others we only forward. A manual target without an engine
 * is guessed from its port.
 */
export function engineFamily(engine: string | undefined, port?: number): EngineFamily {
  const e = (engine ?? '').toLowerCase();
  if (e === 'postgres' || e === 'postgresql' || e === 'aurora-postgresql') return 'postgres';
  if (e === 'mariadb') return 'mariadb';
  if (e === 'mysql' || e === 'aurora-mysql' || e === 'aurora') return 'mysql';
  if (e === '') {
    if (port === 5432) return 'postgres';
    if (port === 3306) return 'mysql';
  }
  return 'other';
}

/** The database a client lands in when none is named: `postgres` for PostgreSQL; none for MySQL/MariaDB. */
export function defaultDatabase(family: EngineFamily): string {
  return family === 'postgres' ? 'postgres' : '';
}

/** RDS's default master user name per family, for targets whose master user is unknown. */
export function defaultUser(family: EngineFamily): string {
  return family === 'postgres' ? 'postgres' : family === 'other' ? '' : 'admin';
}

export function defaultPort(family: EngineFamily): number | undefined {
  return family === 'postgres' ? 5432 : family === 'other' ? undefined : 3306;
}
