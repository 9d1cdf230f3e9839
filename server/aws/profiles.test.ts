import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ENV_PROFILE } from '../../shared/api.js';
import { listProfiles, profileKind } from './profiles.js';

let dir: string;
let env: NodeJS.ProcessEnv;

const CONFIG = `
[default]
region = eu-west-1

[profile corp-sso]
sso_session = corp
sso_account_id = 111111111111
sso_role_name = ReadOnly
region = eu-central-1

[profile legacy-sso]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-1
sso_account_id = 111111111111
sso_role_name = ReadOnly

[profile admin]
role_arn = arn:aws:iam::222222222222:role/Admin
source_profile = default

[profile vault]
credential_process = /usr/local/bin/vault-creds
region = us-west-2

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-1

[services local]
rds =
  endpoint_url = http://127.0.0.1:1
`;
const CREDENTIALS = `
[default]
aws_access_key_id = AKIDDEFAULT
aws_secret_access_key = secret

[keys-only]
aws_access_key_id = AKIDKEYS
aws_secret_access_key = secret
`;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'porthole-profiles-'));
  await writeFile(join(dir, 'config'), CONFIG);
  await writeFile(join(dir, 'credentials'), CREDENTIALS);
  env = { AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials') };
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const CORP = 'https://corp.awsapps.com/start';

describe('listProfiles', () => {
  it('lists profiles of both files with their kind and region, skipping sso-session and services sections', async () => {
    expect(await listProfiles(env)).toEqual([
      { name: 'admin', kind: 'role' },
      {
        name: 'corp-sso',
        kind: 'sso',
        region: 'eu-central-1',
        sso: {
          login: { cacheId: 'corp', sessionName: 'corp', startUrl: CORP, region: 'us-east-1' },
          accountId: '111111111111',
          roleName: 'ReadOnly',
        },
      },
      { name: 'default', kind: 'static', region: 'eu-west-1' },
      { name: 'keys-only', kind: 'static' },
      {
        name: 'legacy-sso',
        kind: 'sso',
        sso: { login: { cacheId: CORP, startUrl: CORP, region: 'us-east-1' }, accountId: '111111111111', roleName: 'ReadOnly' },
      },
      { name: 'vault', kind: 'process', region: 'us-west-2' },
    ]);
  });

  it('gives the AWS_PROFILE profile the environment region when it has none', async () => {
    const profiles = await listProfiles({ ...env, AWS_PROFILE: 'admin', AWS_REGION: 'ap-south-1' });
    expect(profiles.find((profile) => profile.name === 'admin')?.region).toBe('ap-south-1');
    expect(profiles.find((profile) => profile.name === 'keys-only')?.region).toBeUndefined();
    // The profile's own region wins over the environment.
    expect(profiles.find((profile) => profile.name === 'default')?.region).toBe('eu-west-1');
  });

  it('adds the environment pseudo-profile when AWS_ACCESS_KEY_ID is set', async () => {
    const profiles = await listProfiles({ ...env, AWS_ACCESS_KEY_ID: 'AKIDENV', AWS_DEFAULT_REGION: 'sa-east-1' });
    expect(profiles[0]).toEqual({ name: ENV_PROFILE, kind: 'env', region: 'sa-east-1' });
  });

  it('sees a profile added after the first read (no stale file cache)', async () => {
    await listProfiles(env);
    await writeFile(join(dir, 'credentials'), `${CREDENTIALS}\n[late]\naws_access_key_id = AKIDLATE\naws_secret_access_key = s\n`);
    expect((await listProfiles(env)).map((profile) => profile.name)).toContain('late');
  });

  it('returns nothing (no error) when the files do not exist', async () => {
    expect(await listProfiles({ AWS_CONFIG_FILE: join(dir, 'nope'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'nope2') })).toEqual([]);
  });
});

describe('SSO and MFA details', () => {
  it('reads sso_registration_scopes, says why a broken SSO profile cannot sign in, and flags mfa_serial', async () => {
    await writeFile(
      join(dir, 'config'),
      `[profile a]\nsso_session = s\nsso_account_id = 1\nsso_role_name = R\n[sso-session s]\nsso_start_url = ${CORP}\nsso_region = eu-west-1\n` +
        'sso_registration_scopes = sso:account:access , x:y\n' +
        '[profile b]\nsso_session = missing\n[profile c]\nsso_start_url = https://c/start\n' +
        '[profile d]\nrole_arn = arn:aws:iam::1:role/R\nsource_profile = default\nmfa_serial = arn:aws:iam::1:mfa/alice\n',
    );
    const byName = new Map((await listProfiles(env)).map((profile) => [profile.name, profile]));
    expect(byName.get('a')?.sso?.login).toEqual({
      cacheId: 's',
      sessionName: 's',
      startUrl: CORP,
      region: 'eu-west-1',
      scopes: ['sso:account:access', 'x:y'],
    });
    expect(byName.get('b')?.ssoProblem).toContain('no [sso-session missing] section');
    expect(byName.get('c')?.ssoProblem).toContain('needs sso_region');
    expect(byName.get('d')).toMatchObject({ kind: 'role', mfaSerial: 'arn:aws:iam::1:mfa/alice' });
  });
});

describe('profileKind', () => {
  it('prefers role over the keys a source profile section may also carry', () => {
    expect(profileKind({ role_arn: 'arn', aws_access_key_id: 'AKID' })).toBe('role');
    expect(profileKind({})).toBe('other');
  });
});
