import { describe, expect, it } from 'vitest';
import { engineFamily, engineInfo } from './engines.js';

describe('the engine registry', () => {
  it.each([
    ['postgres', 'postgres', 5432, 'postgres'],
    ['aurora-postgresql', 'postgres', 5432, 'postgres'],
    ['mysql', 'mysql', 3306, 'mysql'],
    ['aurora-mysql', 'mysql', 3306, 'mysql'],
    ['aurora', 'mysql', 3306, 'mysql'],
    ['mariadb', 'mariadb', 3306, 'mysql'],
    ['sqlserver-ee', 'sqlserver', 1433, 'tcp'],
    ['custom-sqlserver-ee', 'sqlserver', 1433, 'tcp'],
    ['oracle-se2', 'oracle', 1521, 'tcp'],
    ['db2-se', 'db2', 50000, 'tcp'],
    ['docdb', 'docdb', 27017, 'tcp'],
    ['neptune', 'neptune', 8182, 'tcp'],
    ['something-new', 'other', undefined, 'tcp'],
  ] as const)('%s: family %s, port %s, probe %s', (engine, family, port, probe) => {
    expect(engineInfo(engine)).toMatchObject({ family, defaultPort: port, probe });
  });

  it('knows a target without an engine by its port, so strings and health probe agree', () => {
    // A custom host on 5432 gets PostgreSQL strings and the PostgreSQL probe (with its TLS check), not TCP only.
    expect(engineInfo(undefined, 5432)).toMatchObject({ family: 'postgres', probe: 'postgres', hasClients: true });
    expect(engineInfo('', 3306)).toMatchObject({ family: 'mysql', probe: 'mysql' });
    expect(engineInfo(undefined, 8080)).toMatchObject({ family: 'other', probe: 'tcp', hasClients: false });
    expect(engineInfo(undefined)).toMatchObject({ family: 'other', defaultPort: undefined });
    // A named engine wins over its port.
    expect(engineFamily('mysql', 5432)).toBe('mysql');
  });

  it('gives the defaults clients land on', () => {
    expect(engineInfo('postgres')).toMatchObject({ defaultUser: 'postgres', defaultDatabase: 'postgres' });
    expect(engineInfo('mariadb')).toMatchObject({ defaultUser: 'admin', defaultDatabase: '' });
  });
});
