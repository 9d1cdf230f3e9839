// JDBC URLs. No JDBC driver can check the RDS name while connecting to 127.0.0.1 (the name and SNI
// come from the URL host), so they verify the chain only: verify-ca against the RDS CA bundle.
import { encodeComponent, encodeQueryPath } from './uri-encode.js';
import { LOOPBACK } from './postgres.js';

export interface JdbcEndpoint {
  localPort: number;
  /** '' for none (MySQL/MariaDB). */
  database: string;
  caBundlePath: string;
}

/**
 * pgjdbc: `jdbc:postgresql://127.0.0.1:<local>/<db>?sslmode=verify-ca&sslrootcert=<bundle>`.
 * No `ssl=true`: an explicit sslmode wins anyway, and `ssl=true` alone means verify-full, which
 * fails on 127.0.0.1. pgjdbc URL-decodes the database and values (`+` as a space, so it is encoded).
 */
export function pgJdbcUrl(p: JdbcEndpoint): string {
  return `jdbc:postgresql://${LOOPBACK}:${p.localPort}/${encodeComponent(p.database)}?sslmode=verify-ca&sslrootcert=${encodeQueryPath(p.caBundlePath)}`;
}

/**
 * MariaDB Connector/J 3.x: `sslMode=verify-ca&serverSslCert=<pem path>` (it reads a PEM bundle).
 * It takes values verbatim (no percent-decoding), so they are written raw; `&` or `?` in a value
 * cannot be expressed and returns undefined.
 */
export function mariadbJdbcUrl(p: JdbcEndpoint): string | undefined {
  if (/[&?#]/.test(p.caBundlePath) || /[&?#/]/.test(p.database)) return undefined;
  return `jdbc:mariadb://${LOOPBACK}:${p.localPort}/${p.database}?sslMode=verify-ca&serverSslCert=${p.caBundlePath}`;
}

/**
 * MySQL Connector/J 8/9: `sslMode=VERIFY_CA` needs a PKCS12/JKS truststore (it refuses PEM), which
 * the user builds from the bundle; the placeholder says where it goes.
 */
export function mysqlJdbcUrl(p: Omit<JdbcEndpoint, 'caBundlePath'> & { truststorePath?: string }): string {
  const store = p.truststorePath ? `file:${encodeQueryPath(p.truststorePath)}` : 'file:<truststore.p12>';
  return (
    `jdbc:mysql://${LOOPBACK}:${p.localPort}/${encodeComponent(p.database)}?sslMode=VERIFY_CA` +
    `&trustCertificateKeyStoreUrl=${store}&trustCertificateKeyStoreType=PKCS12`
  );
}
