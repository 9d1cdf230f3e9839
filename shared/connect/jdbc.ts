// JDBC URLs. No JDBC driver can check the RDS name while connecting to 127.0.0.1 (the name and SNI
// come from the URL host), so through a tunnel they verify the chain only: verify-ca against the RDS CA
// bundle. On a direct path (`host` set) the URL names the real endpoint and they verify it fully.
import { encodeComponent, encodeQueryPath, uriHost } from './uri-encode.js';
import { LOOPBACK } from './postgres.js';

export interface JdbcEndpoint {
  /** The port clients dial: the tunnel's local port, or (direct) the database's own. */
  localPort: number;
  /** '' for none (MySQL/MariaDB). */
  database: string;
  caBundlePath: string;
  /** No tunnel: the real endpoint name, dialled and verified (verify-full). Absent: 127.0.0.1 and verify-ca. */
  host?: string;
}

/**
 * pgjdbc: `jdbc:postgresql://127.0.0.1:<local>/<db>?sslmode=verify-ca&sslrootcert=<bundle>`.
 * No `ssl=true`: an explicit sslmode wins anyway, and `ssl=true` alone means verify-full, which
 * fails on 127.0.0.1. pgjdbc URL-decodes the database and values (`+` as a space, so it is encoded).
 */
export function pgJdbcUrl(p: JdbcEndpoint): string {
  const mode = p.host ? 'verify-full' : 'verify-ca';
  return `jdbc:postgresql://${uriHost(p.host ?? LOOPBACK)}:${p.localPort}/${encodeComponent(p.database)}?sslmode=${mode}&sslrootcert=${encodeQueryPath(p.caBundlePath)}`;
}

/**
 * MariaDB Connector/J 3.x: `sslMode=verify-ca&serverSslCert=<pem path>` (it reads a PEM bundle).
 * It takes values verbatim (no percent-decoding), so they are written raw; `&` or `?` in a value
 * cannot be expressed and returns undefined.
 */
export function mariadbJdbcUrl(p: JdbcEndpoint): string | undefined {
  if (/[&?#]/.test(p.caBundlePath) || /[&?#/]/.test(p.database)) return undefined;
  const mode = p.host ? 'verify-full' : 'verify-ca';
  return `jdbc:mariadb://${uriHost(p.host ?? LOOPBACK)}:${p.localPort}/${p.database}?sslMode=${mode}&serverSslCert=${p.caBundlePath}`;
}

/**
 * MySQL Connector/J 8/9: `sslMode=VERIFY_CA` (direct: VERIFY_IDENTITY) needs a PKCS12/JKS truststore (it
 * refuses PEM), which the user builds from the bundle; the placeholder says where it goes.
 */
export function mysqlJdbcUrl(p: Omit<JdbcEndpoint, 'caBundlePath'> & { truststorePath?: string }): string {
  const store = p.truststorePath ? `file:${encodeQueryPath(p.truststorePath)}` : 'file:<truststore.p12>';
  return (
    `jdbc:mysql://${uriHost(p.host ?? LOOPBACK)}:${p.localPort}/${encodeComponent(p.database)}?sslMode=${p.host ? 'VERIFY_IDENTITY' : 'VERIFY_CA'}` +
    `&trustCertificateKeyStoreUrl=${store}&trustCertificateKeyStoreType=PKCS12`
  );
}
