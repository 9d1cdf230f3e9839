import { describe, expect, it } from 'vitest';
import {
  pgAdminServersDocument,
  libpqKeywords,
  libpqValue,
  pgAdminServersJson,
  pgServiceEntry,
  pgServiceName,
  postgresUri,
  postgresUriLoopback,
  psqlCommand,
  psqlIamCommand,
  type PgEndpoint,
} from './postgres.js';

const RDS = 'db1.abc123.eu-west-1.rds.amazonaws.com';
const simple: PgEndpoint = {
  rdsHost: RDS,
  localPort: 15432,
  user: 'app',
  database: 'orders',
  caBundlePath: '/home/me/.config/porthole/rds-ca-bundle.pem',
};
const tricky: PgEndpoint = {
  rdsHost: RDS,
  localPort: 15432,
  user: "o'brien @x:y/z",
  database: 'my db/1 "q" \\ end',
  caBundlePath: "/Users/Me Myself/Library/Application Support/porthole/ca 'b'.pem",
};

/** A libpq keyword/value parser (the rules of conninfo_parse), to check our quoting reads back. */
function parseLibpq(conninfo: string): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  const skip = () => {
    while (i < conninfo.length && /\s/.test(conninfo[i]!)) i++;
  };
  while (i < conninfo.length) {
    skip();
    if (i >= conninfo.length) break;
    const eq = conninfo.indexOf('=', i);
    const key = conninfo.slice(i, eq).trim();
    i = eq + 1;
    skip();
    let value = '';
    if (conninfo[i] === "'") {
      i++;
      while (conninfo[i] !== "'") {
        if (conninfo[i] === '\\') i++;
        value += conninfo[i++];
      }
      i++;
    } else {
      while (i < conninfo.length && !/\s/.test(conninfo[i]!)) {
        if (conninfo[i] === '\\') i++;
        value += conninfo[i++];
      }
    }
    out[key] = value;
  }
  return out;
}

describe('libpq keyword/value strings', () => {
  it('quotes only when needed, escaping quotes and backslashes', () => {
    expect(libpqValue('orders')).toBe('orders');
    expect(libpqValue('a@b:c/d')).toBe('a@b:c/d');
    expect(libpqValue('')).toBe("''");
    expect(libpqValue('a b')).toBe("'a b'");
    expect(libpqValue("o'b")).toBe("'o\\'b'");
    expect(libpqValue('c:\\x')).toBe("'c:\\\\x'");
    expect(libpqValue('a=b')).toBe("'a=b'");
  });

  it('names the RDS host, dials 127.0.0.1 and verifies fully', () => {
    expect(libpqKeywords(simple)).toBe(
      `host=${RDS} hostaddr=127.0.0.1 port=15432 dbname=orders user=app sslmode=verify-full sslrootcert=/home/me/.config/porthole/rds-ca-bundle.pem`,
    );
  });

  it('reads back exactly, whatever the names hold', () => {
    expect(parseLibpq(libpqKeywords(tricky))).toEqual({
      host: RDS,
      hostaddr: '127.0.0.1',
      port: '15432',
      dbname: tricky.database,
      user: tricky.user,
      sslmode: 'verify-full',
      sslrootcert: tricky.caBundlePath,
    });
  });

  it('wraps the string for the shell in psql commands', () => {
    expect(psqlCommand(simple)).toBe(`psql '${libpqKeywords(simple)}'`);
    expect(psqlCommand(tricky).startsWith('psql "host=')).toBe(true);
  });

  it('puts an IAM token for the RDS endpoint and port into PGPASSWORD', () => {
    const cmd = psqlIamCommand(simple, { rdsHost: RDS, rdsPort: 5432, region: 'eu-west-1', profile: 'prod' });
    expect(cmd).toBe(
      `PGPASSWORD="$(aws rds generate-db-auth-token --hostname ${RDS} --port 5432 --region eu-west-1 --username app --profile prod)" ${psqlCommand(simple)}`,
    );
    expect(cmd).not.toContain('--port 15432');
  });

  it('leaves the environment pseudo-profile out of the aws command', () => {
    const cmd = psqlIamCommand(simple, { rdsHost: RDS, rdsPort: 5432, region: 'eu-west-1', profile: '(environment)' });
    expect(cmd).not.toContain('--profile');
  });
});

describe('postgresql:// URIs', () => {
  it('carries hostaddr and verify-full for libpq', () => {
    expect(postgresUri(simple)).toBe(
      `postgresql://app@${RDS}:15432/orders?hostaddr=127.0.0.1&sslmode=verify-full&sslrootcert=/home/me/.config/porthole/rds-ca-bundle.pem`,
    );
  });

  it('percent-encodes user, database and path so they decode back', () => {
    const uri = postgresUri(tricky);
    expect(uri).toContain('o%27brien%20%40x%3Ay%2Fz@');
    expect(uri).toContain('/my%20db%2F1%20%22q%22%20%5C%20end?');
    const url = new URL(uri);
    expect(decodeURIComponent(url.username)).toBe(tricky.user);
    expect(decodeURIComponent(url.pathname.slice(1))).toBe(tricky.database);
    expect(url.hostname).toBe(RDS);
    expect(url.searchParams.get('sslrootcert')).toBe(tricky.caBundlePath);
    expect(url.searchParams.get('hostaddr')).toBe('127.0.0.1');
  });

  it('never writes + for a space (URLSearchParams would read + as a space)', () => {
    const uri = postgresUri({ ...simple, caBundlePath: '/a b/c+d.pem' });
    expect(uri).toContain('sslrootcert=/a%20b/c%2Bd.pem');
    expect(new URL(uri).searchParams.get('sslrootcert')).toBe('/a b/c+d.pem');
  });

  it('brackets an IPv6 host', () => {
    expect(postgresUri({ ...simple, rdsHost: '::1' })).toContain('@[::1]:15432/');
  });

  it('offers a loopback URI with verify-ca for drivers without hostaddr', () => {
    expect(postgresUriLoopback(simple)).toBe(
      'postgresql://app@127.0.0.1:15432/orders?sslmode=verify-ca&sslrootcert=/home/me/.config/porthole/rds-ca-bundle.pem',
    );
  });
});

describe('pg_service.conf', () => {
  it('writes raw key=value lines under a safe section name', () => {
    expect(pgServiceEntry(tricky, 'Prod DB (reader)')).toBe(
      [
        '[prod-db-reader]',
        `host=${RDS}`,
        'hostaddr=127.0.0.1',
        'port=15432',
        `dbname=${tricky.database}`,
        `user=${tricky.user}`,
        'sslmode=verify-full',
        `sslrootcert=${tricky.caBundlePath}`,
        '',
      ].join('\n'),
    );
  });

  it('refuses values a service file cannot hold', () => {
    expect(pgServiceEntry({ ...simple, user: 'a\nb' }, 'x')).toBeUndefined();
    expect(pgServiceEntry({ ...simple, database: ' padded ' }, 'x')).toBeUndefined();
  });

  it('falls back to a name when nothing safe is left', () => {
    expect(pgServiceName('日本')).toBe('porthole');
    expect(pgServiceName('a_b.c-d')).toBe('a_b.c-d');
  });
});

describe('pgAdmin servers.json', () => {
  it('connects to the RDS name through hostaddr with verify-full', () => {
    const doc = JSON.parse(pgAdminServersJson(tricky, { name: 'Prod' }));
    expect(doc.Servers['1']).toEqual({
      Name: 'Prod',
      Group: 'Porthole',
      Host: RDS,
      Port: 15432,
      MaintenanceDB: tricky.database,
      Username: tricky.user,
      ConnectionParameters: { hostaddr: '127.0.0.1', sslmode: 'verify-full', sslrootcert: tricky.caBundlePath, connect_timeout: 10 },
    });
  });

  it('adds a password command that refreshes before the token expires', () => {
    const doc = JSON.parse(pgAdminServersJson(simple, { name: 'Prod', passwordExecCommand: 'aws rds generate-db-auth-token …' }));
    expect(doc.Servers['1'].PasswordExecCommand).toBe('aws rds generate-db-auth-token …');
    expect(doc.Servers['1'].PasswordExecExpiration).toBeLessThan(900);
  });

  it('numbers many servers from 1, each as the one-server document describes it', () => {
    const doc = JSON.parse(
      pgAdminServersDocument([
        { endpoint: tricky, options: { name: 'Prod' } },
        { endpoint: simple, options: { name: 'Dev', group: 'Team' } },
      ]),
    );
    expect(Object.keys(doc.Servers)).toEqual(['1', '2']);
    expect(doc.Servers['1']).toEqual(JSON.parse(pgAdminServersJson(tricky, { name: 'Prod' })).Servers['1']);
    expect(doc.Servers['2']).toMatchObject({ Name: 'Dev', Group: 'Team', Port: simple.localPort });
    expect(JSON.parse(pgAdminServersDocument([]))).toEqual({ Servers: {} });
  });
});
