// What GET /api/profiles says about credentials Porthole cannot renew or resolve by itself: an assume-role profile
// protected by MFA says so, with what to run instead, and its check fails with MFA_REQUIRED before any AWS call
// (the real SDK raises it); a successful check is published so tunnels waiting for that profile resume.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DaemonEvent } from '../../shared/api.js';
import { tempAwsFiles, type TempAwsFiles } from '../../testing/aws/aws-files.js';
import { defaultConfig } from '../config/schema.js';
import { EventBus } from '../events/bus.js';
import { ProfileService } from './profile-service.js';

let files: TempAwsFiles;
beforeEach(async () => {
  files = await tempAwsFiles(
    'http://127.0.0.1:9',
    { keys: 'AKIDKEYS' },
    '[profile mfa]\nrole_arn = arn:aws:iam::111111111111:role/Admin\nsource_profile = keys\nmfa_serial = arn:aws:iam::111111111111:mfa/alice\nregion = eu-west-1\n',
  );
});
afterEach(async () => {
  await files.cleanup();
});

describe('ProfileService and MFA-protected roles', () => {
  it('lists the MFA requirement with the command to run instead, and the check answers MFA_REQUIRED without calling AWS', async () => {
    const bus = new EventBus();
    const events: DaemonEvent[] = [];
    bus.subscribe(({ event }) => events.push(event));
    const config = { get: () => defaultConfig(), update: async () => defaultConfig() };
    const profiles = new ProfileService({ aws: files.clients(), config, env: files.env, bus });
    const mfa = (await profiles.list()).find((profile) => profile.name === 'mfa');
    expect(mfa).toMatchObject({
      kind: 'role',
      mfa: {
        serial: 'arn:aws:iam::111111111111:mfa/alice',
        message: 'Profile "mfa" needs an MFA code for its role, and Porthole cannot ask for one.',
        hint: expect.stringContaining('eval "$(aws configure export-credentials --profile mfa --format env)"'),
      },
    });
    await expect(profiles.check('mfa')).rejects.toMatchObject({ code: 'MFA_REQUIRED', status: 401, hint: mfa!.mfa!.hint });
    expect(profiles.lastCheck('mfa')).toMatchObject({ ok: false, error: { code: 'MFA_REQUIRED' } });
    expect(events).toEqual([]);
  });
});
