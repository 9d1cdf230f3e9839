// Real SDK clients against the local AWS sandbox (e2e/sandbox): credential checks, each
// credential error and its hint, and recovery after the user fixes their credentials.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DescribeDBInstancesCommand } from '@aws-sdk/client-rds';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { account, buildScenario } from '../../e2e/sandbox/scenario-builder.js';
import { startSandbox, type Sandbox } from '../../e2e/sandbox/server.js';
import { ENV_PROFILE } from '../../shared/api.js';
import { defaultConfig } from '../config/schema.js';
import { runProfileCheck } from './check-profile.js';
import { AwsClients } from './clients.js';
import { mapAwsError } from './errors.js';
import { ProfileService } from './profile-service.js';
import { staticProfiles, tempAwsFiles, type TempAwsFiles } from '../../testing/aws/aws-files.js';

let sb: Sandbox;
let files: TempAwsFiles;
const saved = {
  HOME: process.env.HOME,
  AWS_CONFIG_FILE: process.env.AWS_CONFIG_FILE,
  AWS_SHARED_CREDENTIALS_FILE: process.env.AWS_SHARED_CREDENTIALS_FILE,
};

const SSO_CONFIG = `
[profile corp]
sso_session = corp
sso_account_id = 111111111111
sso_role_name = ReadOnly
region = us-east-1

[profile legacy]
sso_start_url = https://legacy.awsapps.com/start
sso_region = us-east-1
sso_account_id = 111111111111
sso_role_name = ReadOnly

[profile nocreds]
region = eu-west-1

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-1
`;

beforeAll(async () => {
  const { scenario } = buildScenario({ profiles: 1, regions: ['us-east-1'], databases: 3 });
  scenario.accounts.AKIDEXPIRED = account('111111111111', 'expired');
  scenario.accounts.AKIDDENIED = account('111111111111', 'denied');
  sb = await startSandbox(scenario);
  files = await tempAwsFiles(
    sb.url,
    { dev: 'AKIDPROFILE1', expired: 'AKIDEXPIRED', stranger: 'AKIDUNKNOWN', denied: 'AKIDDENIED' },
    SSO_CONFIG,
  );
  // The SSO token cache lives under $HOME/.aws/sso/cache; point HOME at the temp dir (offline).
  // fromIni does not forward its file paths to fromSSO, so SSO profiles need the process env too.
  process.env.HOME = files.dir;
  process.env.AWS_CONFIG_FILE = files.env.AWS_CONFIG_FILE;
  process.env.AWS_SHARED_CREDENTIALS_FILE = files.env.AWS_SHARED_CREDENTIALS_FILE;
});
afterEach(() => sb.clearFaults());
afterAll(async () => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await files.cleanup();
  await sb.close();
});

describe('credential check against the sandbox', () => {
  it('returns the account and ARN of a working profile', async () => {
    const { check } = await runProfileCheck(files.clients(), 'dev', 'us-east-1');
    expect(check).toMatchObject({ ok: true, profile: 'dev', account: '111111111111', arn: 'arn:aws:iam::111111111111:user/profile-1' });
  });

  it('reports the expiry of credentials that have one (environment pseudo-profile)', async () => {
    const env = {
      ...files.env,
      AWS_ACCESS_KEY_ID: 'AKIDPROFILE1',
      AWS_SECRET_ACCESS_KEY: 'sandbox-secret',
      AWS_SESSION_TOKEN: 'session',
      AWS_CREDENTIAL_EXPIRATION: '2030-01-01T00:00:00Z',
      AWS_REGION: 'us-east-1',
    };
    const aws = new AwsClients({ env, maxAttempts: 1 });
    try {
      const profiles = new ProfileService({ aws, config: { get: () => defaultConfig(), update: async () => defaultConfig() }, env });
      const check = await profiles.check(ENV_PROFILE);
      expect(check.expiresAt).toBe('2030-01-01T00:00:00.000Z');
      expect((await profiles.list())[0]).toMatchObject({ name: ENV_PROFILE, kind: 'env', regions: ['us-east-1'], check: { ok: true } });
    } finally {
      aws.close();
    }
  });

  it('CREDENTIALS_EXPIRED for ExpiredToken', async () => {
    sb.addFault({ accessKeyId: 'AKIDEXPIRED', kind: 'expiredToken' });
    const { check, error } = await runProfileCheck(files.clients(), 'expired', 'us-east-1');
    expect(check).toMatchObject({ ok: false, error: { code: 'CREDENTIALS_EXPIRED' } });
    expect(error?.status).toBe(403);
  });

  it('INVALID_CREDENTIALS for keys AWS does not know', async () => {
    const { check } = await runProfileCheck(files.clients(), 'stranger', 'us-east-1');
    expect(check).toMatchObject({ ok: false, error: { code: 'INVALID_CREDENTIALS' } });
  });

  it('ACCESS_DENIED naming the permission AWS names', async () => {
    sb.addFault({ accessKeyId: 'AKIDDENIED', service: 'sts', kind: 'accessDenied' });
    const { check, error } = await runProfileCheck(files.clients(), 'denied', 'us-east-1');
    expect(check).toMatchObject({ ok: false, error: { code: 'ACCESS_DENIED' } });
    expect(check.ok ? '' : check.error.message).toContain('sts:GetCallerIdentity');
    expect(error?.status).toBe(403);
  });

  it('NO_CREDENTIALS for a profile without any credentials', async () => {
    const { check } = await runProfileCheck(files.clients(), 'nocreds', 'eu-west-1');
    expect(check).toMatchObject({ ok: false, error: { code: 'NO_CREDENTIALS' } });
  });

  it('SSO_LOGIN_REQUIRED with the login command when the SSO token cache is missing', async () => {
    const stsCallsBefore = sb.calls({ service: 'sts' }).length;
    for (const profile of ['corp', 'legacy']) {
      const { check, error } = await runProfileCheck(files.clients(), profile, 'us-east-1', { kind: 'sso' });
      expect(check).toMatchObject({ ok: false, error: { code: 'SSO_LOGIN_REQUIRED', hint: `aws sso login --profile ${profile}` } });
      expect(error?.status).toBe(403);
    }
    // Decided offline: no request left without credentials.
    expect(sb.calls({ service: 'sts' })).toHaveLength(stsCallsBefore);
  });

  it('SSO_LOGIN_REQUIRED when the cached SSO token has expired', async () => {
    const cache = join(files.dir, '.aws', 'sso', 'cache');
    await mkdir(cache, { recursive: true });
    const { createHash } = await import('node:crypto');
    const token = {
      accessToken: 'old',
      expiresAt: '2020-01-01T00:00:00Z',
      region: 'us-east-1',
      startUrl: 'https://corp.awsapps.com/start',
    };
    await writeFile(join(cache, `${createHash('sha1').update('corp').digest('hex')}.json`), JSON.stringify(token));
    await writeFile(
      join(cache, `${createHash('sha1').update('https://legacy.awsapps.com/start').digest('hex')}.json`),
      JSON.stringify(token),
    );
    for (const profile of ['corp', 'legacy']) {
      const { check } = await runProfileCheck(files.clients(), profile, 'us-east-1');
      expect(check).toMatchObject({ ok: false, error: { code: 'SSO_LOGIN_REQUIRED', hint: `aws sso login --profile ${profile}` } });
    }
  });

  it('THROTTLED after the SDK retries, AWS_UNREACHABLE when the region does not answer', async () => {
    sb.addFault({ service: 'sts', kind: 'throttle' });
    const throttled = await runProfileCheck(files.clients({ maxAttempts: 2 }), 'dev', 'us-east-1');
    expect(throttled.check).toMatchObject({ ok: false, error: { code: 'THROTTLED' } });
    expect(throttled.error?.status).toBe(429);
    expect(sb.calls({ service: 'sts' }).filter((call) => call.errorCode === 'Throttling').length).toBeGreaterThanOrEqual(2);
    sb.clearFaults();
    sb.addFault({ service: 'sts', kind: 'timeout' });
    const unreachable = await runProfileCheck(files.clients({ requestTimeoutMs: 1000 }), 'dev', 'us-east-1');
    expect(unreachable.check).toMatchObject({ ok: false, error: { code: 'AWS_UNREACHABLE' } });
    expect(unreachable.error?.status).toBe(502);
  });
});

describe('recovery without restart', () => {
  it('the call after the credentials file is fixed works with the same AwsClients', async () => {
    const clients = files.clients();
    sb.addFault({ accessKeyId: 'AKIDEXPIRED', kind: 'expiredToken' });
    await files.writeCredentials(staticProfiles({ flaky: 'AKIDEXPIRED' }));
    const first = await runProfileCheck(clients, 'flaky', 'us-east-1');
    expect(first.check).toMatchObject({ ok: false, error: { code: 'CREDENTIALS_EXPIRED' } });
    // Also an RDS call on the same (now retired) credentials fails the same way.
    await expect(clients.rds('flaky', 'us-east-1').send(new DescribeDBInstancesCommand({}))).rejects.toSatisfy(
      (error) => mapAwsError(error, { profile: 'flaky', action: 'rds:DescribeDBInstances' }).code === 'CREDENTIALS_EXPIRED',
    );

    // The user refreshes their credentials outside Porthole.
    await files.writeCredentials(staticProfiles({ flaky: 'AKIDPROFILE1' }));
    const second = await runProfileCheck(clients, 'flaky', 'us-east-1');
    expect(second.check).toMatchObject({ ok: true, account: '111111111111' });
    const rds = await clients.rds('flaky', 'us-east-1').send(new DescribeDBInstancesCommand({}));
    expect(rds.DBInstances?.length).toBe(3);
  });

  it('a missing profile that the user then adds works on the next call', async () => {
    const clients = files.clients();
    await files.writeCredentials(staticProfiles({ dev: 'AKIDPROFILE1' }));
    const first = await runProfileCheck(clients, 'late', 'us-east-1');
    expect(first.check).toMatchObject({ ok: false, error: { code: 'NO_CREDENTIALS' } });
    await files.writeCredentials(staticProfiles({ dev: 'AKIDPROFILE1', late: 'AKIDPROFILE1' }));
    expect((await runProfileCheck(clients, 'late', 'us-east-1')).check.ok).toBe(true);
  });
});

describe('ssmEndpoint', () => {
  it('is the configured endpoint when one is set, else the regional URL', async () => {
    expect(await files.clients().ssmEndpoint('dev', 'eu-west-1')).toBe(sb.url);
    const plain = files.clients();
    const real = new AwsClients({
      env: { AWS_CONFIG_FILE: files.env.AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE: files.env.AWS_SHARED_CREDENTIALS_FILE },
    });
    try {
      expect(await real.ssmEndpoint('dev', 'eu-west-1')).toBe('https://ssm.eu-west-1.amazonaws.com');
      expect(await real.ssmEndpoint('dev', 'cn-north-1')).toBe('https://ssm.cn-north-1.amazonaws.com.cn');
    } finally {
      real.close();
      plain.close();
    }
  });
});
