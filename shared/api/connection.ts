// Connection strings and passwords for a tunnel.

export interface ConnectionString {
  /** e.g. "psql", "libpq", "uri", "jdbc", "pg_service", "dbeaver-json", "dbeaver-con", "mysql" */
  id: string;
  label: string;
  value: string;
  /** One line that explains a trade-off (e.g. why verify-ca for JDBC). */
  note?: string;
}

export interface ConnectionInfo {
  tunnelId: string;
  engine: string;
  user: string;
  database: string;
  caBundlePath: string;
  iamAuth: boolean;
  hasSecret: boolean;
  strings: ConnectionString[];
}

export interface PasswordResponse {
  kind: 'iam-token' | 'secret';
  password: string;
  user?: string;
  expiresAt?: string;
}
