import { describe, expect, it } from 'vitest';
import { mariadbJdbcUrl, mysqlJdbcUrl, pgJdbcUrl } from './jdbc.js';

const bundle = '/home/me/.config/porthole/rds-ca-bundle.pem';

describe('pgjdbc URL', () => {
  it('uses verify-ca with the bundle, and no ssl=true', () => {
    expect(pgJdbcUrl({ localPort: 15432, database: 'orders', caBundlePath: bundle })).toBe(
      `jdbc:postgresql://127.0.0.1:15432/orders?sslmode=verify-ca&sslrootcert=${bundle}`,
    );
  });

  it('percent-encodes the database and path (pgjdbc URL-decodes, reading + as a space)', () => {
    const url = pgJdbcUrl({ localPort: 1, database: 'a b/c+d@e:f', caBundlePath: 'C:\\Users\\Me Me\\ca+1.pem' });
    expect(url).toBe('jdbc:postgresql://127.0.0.1:1/a%20b%2Fc%2Bd%40e%3Af?sslmode=verify-ca&sslrootcert=C:%5CUsers%5CMe%20Me%5Cca%2B1.pem');
  });
});

describe('MariaDB Connector/J URL', () => {
  it('passes the PEM bundle in serverSslCert with verify-ca', () => {
    expect(mariadbJdbcUrl({ localPort: 13306, database: 'shop', caBundlePath: bundle })).toBe(
      `jdbc:mariadb://127.0.0.1:13306/shop?sslMode=verify-ca&serverSslCert=${bundle}`,
    );
    expect(mariadbJdbcUrl({ localPort: 13306, database: '', caBundlePath: bundle })).toBe(
      `jdbc:mariadb://127.0.0.1:13306/?sslMode=verify-ca&serverSslCert=${bundle}`,
    );
  });

  it('gives up on values it cannot carry verbatim', () => {
    expect(mariadbJdbcUrl({ localPort: 1, database: 'a/b', caBundlePath: bundle })).toBeUndefined();
    expect(mariadbJdbcUrl({ localPort: 1, database: 'x', caBundlePath: '/a&b.pem' })).toBeUndefined();
  });
});

describe('MySQL Connector/J URL', () => {
  it('asks for VERIFY_CA with a PKCS12 truststore', () => {
    expect(mysqlJdbcUrl({ localPort: 13306, database: 'shop' })).toBe(
      'jdbc:mysql://127.0.0.1:13306/shop?sslMode=VERIFY_CA&trustCertificateKeyStoreUrl=file:<truststore.p12>&trustCertificateKeyStoreType=PKCS12',
    );
    expect(mysqlJdbcUrl({ localPort: 13306, database: 'my db', truststorePath: '/a b/t.p12' })).toBe(
      'jdbc:mysql://127.0.0.1:13306/my%20db?sslMode=VERIFY_CA&trustCertificateKeyStoreUrl=file:/a%20b/t.p12&trustCertificateKeyStoreType=PKCS12',
    );
  });
});
