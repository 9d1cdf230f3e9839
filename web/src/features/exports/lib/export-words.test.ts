import { describe, expect, it } from 'vitest';
import type { ExportLocations } from '../../../../../shared/api';
import { clientsFor, whereItGoes, writtenWords } from './export-words';

const at: ExportLocations = {
  dbeaver: { candidates: ['/home/a/.local/share/DBeaverData/workspace6'] },
  pgadmin: { folder: '/cfg', file: '/cfg/pgadmin-servers.json' },
  pgService: { path: '/home/a/.pg_service.conf', exists: false },
};

describe('whereItGoes', () => {
  it('says the file before anything is written, and when DBeaver is not found, what to name', () => {
    expect(whereItGoes('dbeaver', at)).toContain('not in its usual place (/home/a/.local/share/DBeaverData/workspace6)');
    expect(whereItGoes('dbeaver', { ...at, dbeaver: { ...at.dbeaver, workspace: '/w' } })).toContain('/w/General/.dbeaver/');
    expect(whereItGoes('pgadmin', at)).toContain('/cfg/pgadmin-servers.json');
    expect(whereItGoes('pg-service', at)).toBe("Creates /home/a/.pg_service.conf with Porthole's block.");
    expect(whereItGoes('pg-service', { ...at, pgService: { ...at.pgService, exists: true } })).toContain('every other line stays');
  });
});

describe('writtenWords', () => {
  it('counts the entries written, or says none could be', () => {
    const base = { client: 'pg-service' as const, path: '/p', skipped: [], next: 'n' };
    expect(writtenWords({ ...base, written: [{ tunnelId: 't', tunnel: 'a', entry: 'a' }] })).toBe('Wrote 1 entry to /p.');
    expect(writtenWords({ ...base, written: [] })).toMatch(/^Nothing to write: no tunnel pg_service.conf can use/);
  });
});

describe('clientsFor', () => {
  it('offers each client only for the engines it can use', () => {
    expect(clientsFor('aurora-postgresql')).toEqual(['dbeaver', 'pgadmin', 'pg-service']);
    expect(clientsFor('mariadb')).toEqual(['dbeaver']);
    expect(clientsFor(undefined, 1433)).toEqual([]);
  });
});
