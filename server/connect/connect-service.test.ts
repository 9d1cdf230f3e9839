import { afterEach, describe, expect, it } from 'vitest';
import type { AwsCredentialIdentity } from '@smithy/types';
import type { Tunnel } from '../../shared/api.js';
import { PortholeError } from '../errors.js';
import { ConnectService } from './connect-service.js';
import { RDS_HOST, TEST_CREDENTIALS, startFakeSecrets, testTunnel, type FakeSecrets } from '../../testing/connect/fixtures.js';

const NOW = new Date('2026-11-22T12:00:00.000Z');
const SECRET_ARN = 'arn:aws:secretsmanager:eu-central-1:123456789012:secret:rds!db-1234-AbCdEf';

let secrets: FakeSecrets | undefined;
afterEach(async () => {
  await secrets?.close();
  secrets = undefined;
});

function service(
  tunnels: Tunnel[],
  options: { credentials?: () => Promise<AwsCredentialIdentity>; secrets?: FakeSecrets; regions?: string[] } = {},
): ConnectService {
  return new ConnectService({
    tunnels: { get: (id) => tunnels.find((t) => t.id === id) },
    aws: {
      credentials: () => options.credentials ?? (async () => TEST_CREDENTIALS),
      secrets: (_profile, region) => {
        options.regions?.push(region);
        if (!options.secrets) throw new Error('no secrets client in this test');
        return options.secrets.client(region);
      },
    },
    trust: { bundlePath: '/cfg/rds-ca-bundle.pem' },
    now: () => NOW,
  });
}

async function failure(promise: Promise<unknown>): Promise<PortholeError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PortholeError);
  return error as PortholeError;
}

describe('ConnectService.connection', () => {
  it('builds strings for the master user and the engine default database', () => {
    const info = service([testTunnel()]).connection('tun-1');
    expect(info).toMatchObject({
      tunnelId: 'tun-1',
      engine: 'aurora-postgresql',
      user: 'master',
      database: 'postgres',
      caBundlePath: '/cfg/rds-ca-bundle.pem',
      iamAuth: false,
      hasSecret: false,
    });
    const libpq = info.strings.find((s) => s.id === 'libpq')!.value;
    expect(libpq).toBe(
      `host=${RDS_HOST} hostaddr=127.0.0.1 port=15432 dbname=postgres user=master sslmode=verify-full sslrootcert=/cfg/rds-ca-bundle.pem`,
    );
  });

  it('takes the user and database asked for, and treats empty ones as the default', () => {
    const svc = service([testTunnel({ dbName: 'orders', iamAuth: true })]);
    expect(svc.connection('tun-1', { user: 'reporter', database: 'sales' })).toMatchObject({ user: 'reporter', database: 'sales' });
    expect(svc.connection('tun-1', { user: '', database: '' })).toMatchObject({ user: 'master', database: 'orders', iamAuth: true });
  });

  it("uses the tunnel's saved user and database when none is asked for", () => {
    const svc = service([testTunnel({ dbName: 'orders' }, { user: 'reporting', database: 'billing' })]);
    const info = svc.connection('tun-1');
    expect(info).toMatchObject({ user: 'reporting', database: 'billing' });
    expect(info.strings.find((s) => s.id === 'libpq')?.value).toContain('dbname=billing user=reporting');
    expect(svc.connection('tun-1', { user: 'other' })).toMatchObject({ user: 'other', database: 'billing' });
  });

  it('has no default database for MySQL and falls back to RDS default user names', () => {
    const info = service([testTunnel({ engine: 'mysql', port: 3306, masterUsername: undefined })]).connection('tun-1');
    expect(info).toMatchObject({ user: 'admin', database: '' });
    expect(info.strings[0]!.value).not.toContain('--database');
  });

  it('answers TUNNEL_NOT_FOUND (404) for an unknown tunnel', () => {
    expect(() => service([]).connection('nope')).toThrow(expect.objectContaining({ code: 'TUNNEL_NOT_FOUND', status: 404 }));
  });
});

describe('ConnectService.password: IAM tokens', () => {
  const iamTunnel = testTunnel({ iamAuth: true });

  it('signs for the RDS endpoint and port, for 15 minutes', async () => {
    const result = await service([iamTunnel]).password('tun-1', { user: 'iam user@x' });
    expect(result.kind).toBe('iam-token');
    expect(result.user).toBe('iam user@x');
    expect(result.expiresAt).toBe('2026-11-22T12:15:00.000Z');
    const url = new URL(`https://${result.password}`);
    expect(url.host).toBe(`${RDS_HOST}:5432`);
    expect(url.searchParams.get('Action')).toBe('connect');
    expect(url.searchParams.get('DBUser')).toBe('iam user@x');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
    expect(url.searchParams.get('X-Amz-Credential')).toMatch(/^AKIDTEST\/\d{8}\/eu-west-1\/rds-db\/aws4_request$/);
    expect(result.password).not.toContain('127.0.0.1');
    expect(result.password).not.toContain('15432');
  });

  it('defaults to an IAM token for a non-master user, and to the master user name without one', async () => {
    const svc = service([testTunnel({ iamAuth: true, masterSecretArn: SECRET_ARN })]);
    expect((await svc.password('tun-1', { user: 'reader' })).kind).toBe('iam-token');
    const master = await service([iamTunnel]).password('tun-1');
    expect(master).toMatchObject({ kind: 'iam-token', user: 'master' });
    const saved = testTunnel({ iamAuth: true, masterSecretArn: SECRET_ARN }, { user: 'reporting' });
    expect(await service([saved]).password('tun-1')).toMatchObject({ kind: 'iam-token', user: 'reporting' });
  });

  it('never outlives the credentials that signed it', async () => {
    const expiration = new Date(NOW.getTime() + 5 * 60_000);
    const result = await service([iamTunnel], { credentials: async () => ({ ...TEST_CREDENTIALS, expiration }) }).password('tun-1');
    expect(result.expiresAt).toBe(expiration.toISOString());
  });

  it('refuses to sign with expired credentials', async () => {
    const expiration = new Date(NOW.getTime() - 1);
    const error = await failure(service([iamTunnel], { credentials: async () => ({ ...TEST_CREDENTIALS, expiration }) }).password('tun-1'));
    expect(error).toMatchObject({ code: 'CREDENTIALS_EXPIRED', status: 403 });
  });

  it('maps a credentials failure to a user-facing error', async () => {
    const broken = async (): Promise<AwsCredentialIdentity> => {
      throw Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' });
    };
    const error = await failure(service([iamTunnel], { credentials: broken }).password('tun-1'));
    expect(error).toMatchObject({ code: 'NO_CREDENTIALS', status: 403 });
  });

  it('refuses IAM tokens when IAM auth is off', async () => {
    const error = await failure(service([testTunnel({ masterSecretArn: SECRET_ARN })]).password('tun-1', { kind: 'iam-token' }));
    expect(error).toMatchObject({ code: 'IAM_AUTH_DISABLED', status: 400 });
  });
});

describe('ConnectService.password: Secrets Manager', () => {
  it('reads the master secret from its own region', async () => {
    secrets = await startFakeSecrets(() => ({
      status: 200,
      body: { ARN: SECRET_ARN, SecretString: JSON.stringify({ username: 'master', password: 'p@ss "w0rd"' }) },
    }));
    const regions: string[] = [];
    const result = await service([testTunnel({ masterSecretArn: SECRET_ARN })], { secrets, regions }).password('tun-1');
    expect(result).toEqual({ kind: 'secret', password: 'p@ss "w0rd"', user: 'master' });
    expect(regions).toEqual(['eu-central-1']);
    expect(secrets.requests).toEqual([{ target: 'secretsmanager.GetSecretValue', body: { SecretId: SECRET_ARN } }]);
  });

  it('says SECRET_NOT_FOUND when the secret is gone', async () => {
    secrets = await startFakeSecrets(() => ({
      status: 400,
      body: { __type: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret." },
    }));
    const error = await failure(service([testTunnel({ masterSecretArn: SECRET_ARN })], { secrets }).password('tun-1'));
    expect(error).toMatchObject({ code: 'SECRET_NOT_FOUND', status: 404 });
  });

  it('maps access denied through the AWS error mapper', async () => {
    secrets = await startFakeSecrets(() => ({
      status: 400,
      body: { __type: 'AccessDeniedException', message: 'User is not authorized to perform: secretsmanager:GetSecretValue' },
    }));
    const error = await failure(service([testTunnel({ masterSecretArn: SECRET_ARN })], { secrets }).password('tun-1'));
    expect(error).toMatchObject({ code: 'ACCESS_DENIED', status: 403 });
  });

  it('does not quote an unreadable secret in the error', async () => {
    secrets = await startFakeSecrets(() => ({ status: 200, body: { ARN: SECRET_ARN, SecretString: 'hunter2-not-json' } }));
    const error = await failure(service([testTunnel({ masterSecretArn: SECRET_ARN })], { secrets }).password('tun-1'));
    expect(error.code).toBe('SECRET_UNREADABLE');
    expect(JSON.stringify({ m: error.message, h: error.hint, c: String(error.cause) })).not.toContain('hunter2');
  });

  it('says NO_PASSWORD_SOURCE with a hint when there is neither IAM auth nor a secret', async () => {
    const error = await failure(service([testTunnel()]).password('tun-1'));
    expect(error).toMatchObject({ code: 'NO_PASSWORD_SOURCE', status: 400 });
    expect(error.hint).toBeTruthy();
  });

  it('says NO_SECRET when a secret is asked for and there is none', async () => {
    const error = await failure(service([testTunnel({ iamAuth: true })]).password('tun-1', { kind: 'secret' }));
    expect(error).toMatchObject({ code: 'NO_SECRET', status: 400 });
  });

  it('answers TUNNEL_NOT_FOUND (404) for an unknown tunnel', async () => {
    const error = await failure(service([]).password('nope'));
    expect(error).toMatchObject({ code: 'TUNNEL_NOT_FOUND', status: 404 });
  });
});
