import { describe, expect, it } from 'vitest';
import { mysqlCommand, mysqlIamCommand } from './mysql.js';

const bundle = '/home/me/.config/porthole/rds-ca-bundle.pem';

describe('mysql command line', () => {
  it("uses --ssl-ca alone (MariaDB's client rejects --ssl-mode) and prompts for the password", () => {
    expect(mysqlCommand({ localPort: 13306, user: 'admin', database: 'shop', caBundlePath: bundle })).toBe(
      `mysql --host=127.0.0.1 --port=13306 --user=admin --password --ssl-ca=${bundle} --database=shop`,
    );
  });

  it('leaves the database out when there is none', () => {
    expect(mysqlCommand({ localPort: 13306, user: 'admin', database: '', caBundlePath: bundle })).not.toContain('--database');
  });

  it('logs in with an IAM token for the RDS endpoint in MYSQL_PWD, over TLS, without a prompt', () => {
    const cmd = mysqlIamCommand(
      { localPort: 13306, user: 'iam_user', database: 'shop', caBundlePath: bundle },
      { rdsHost: 'db.x.rds.amazonaws.com', rdsPort: 3306, region: 'us-east-1' },
    );
    expect(cmd).toBe(
      `MYSQL_PWD="$(aws rds generate-db-auth-token --hostname db.x.rds.amazonaws.com --port 3306 --region us-east-1 --username iam_user)" ` +
        `mysql --host=127.0.0.1 --port=13306 --user=iam_user --ssl-ca=${bundle} --database=shop`,
    );
  });
});
