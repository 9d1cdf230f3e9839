// Porthole's sign-in is everybody's: the token Porthole writes is read by a separate process through the JS
// SDK's own fromSSO provider, and by the AWS CLIs on this machine (`aws sts get-caller-identity --profile …`),
// which even renew it with the registration Porthole stored — all against the sandbox.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { findAwsClis, routeCli, runCli, type CliRoute } from '../../../e2e/sandbox/aws-cli-harness.js';
import { buildScenario } from '../../../e2e/sandbox/scenario-builder.js';
import { pressButton } from '../../../e2e/sandbox/sso-test-kit.js';
import { startSsoWorld, type SsoWorld } from '../../../testing/aws/sso-world.js';
import { waitFor } from '../../../testing/tunnels/helpers.js';
import { tokenFilePath } from './token-file.js';

const run = promisify(execFile);
const READER = fileURLToPath(new URL('../../../testing/aws/sso-reader.mjs', import.meta.url));
const clis = await findAwsClis();

let world: SsoWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

/** Signs `profile` in through Porthole: the auth-code flow, the browser step done by the sandbox page. */
async function signInWithPorthole(w: SsoWorld, profile: string): Promise<void> {
  const started = await w.signIn.begin(profile);
  if (started.flow === 'device') {
    await pressButton(started.verificationUriComplete, 'allow');
    await waitFor(() => w.events.some((event) => event.profile === profile && event.outcome === 'signed-in'), 15_000, 'signed in');
    return;
  }
  if (started.flow !== 'auth-code') throw new Error(`unexpected ${started.flow}`);
  const location = new URL((await pressButton(started.authorizeUrl, 'allow')).headers.get('location') ?? '');
  const outcome = await w.signIn.callback({ code: location.searchParams.get('code')!, state: location.searchParams.get('state')! });
  expect(outcome).toEqual({ ok: true, profile });
}

async function readerSays(w: SsoWorld, profile: string): Promise<Record<string, string | boolean>> {
  const { stdout } = await run(process.execPath, [READER, profile], {
    timeout: 60_000,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: w.home,
      AWS_CONFIG_FILE: w.env.AWS_CONFIG_FILE,
      AWS_ENDPOINT_URL: w.sandbox.url,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
  });
  return JSON.parse(stdout) as Record<string, string | boolean>;
}

describe('another process reads Porthole’s sign-in through the SDK’s own fromSSO', () => {
  it('sso-session and legacy profiles get role credentials STS accepts; before the sign-in the same process could not', async () => {
    world = await startSsoWorld();
    const w = world;
    expect(await readerSays(w, 'dev')).toMatchObject({ ok: false, name: 'CredentialsProviderError' });
    await signInWithPorthole(w, 'dev');
    const dev = await readerSays(w, 'dev');
    expect(dev).toMatchObject({
      ok: true,
      account: w.accountId,
      arn: expect.stringContaining(':assumed-role/AWSReservedSSO_AdministratorAccess_'),
    });
    expect(w.sandbox.sso.credentials(dev.accessKeyId as string)).toMatchObject({ accountId: w.accountId, roleName: 'AdministratorAccess' });

    await signInWithPorthole(w, 'legacy');
    expect(await readerSays(w, 'legacy')).toMatchObject({ ok: true, arn: expect.stringContaining('AWSReservedSSO_ReadOnlyAccess_') });
  });
});

describe('the AWS CLI on this machine reads Porthole’s sign-in', () => {
  if (clis.length === 0) it.skip('needs an AWS CLI on PATH or at /usr/bin/aws', () => {});
  let certs: string;
  beforeAll(async () => {
    certs = await mkdtemp(join(tmpdir(), 'porthole-cli-certs-'));
  });
  afterAll(async () => {
    await rm(certs, { recursive: true, force: true });
  });

  describe.each(clis.map((cli) => [cli.version, cli] as const))('%s', (_version, cli) => {
    it('aws sts get-caller-identity --profile dev, and the CLI renews Porthole’s token with the registration Porthole stored', async () => {
      // Ten-minute access tokens: inside the CLI's 15-minute window from the start, so it must renew.
      const { scenario } = buildScenario({ profiles: 2, sso: { lifetimes: { accessToken: 600 } } });
      world = await startSsoWorld({ scenario });
      const w = world;
      await signInWithPorthole(w, 'dev');
      const file = tokenFilePath(w.env, 'porthole');
      const before = JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
      let route: CliRoute | undefined;
      try {
        route = await routeCli(cli, w.sandbox.url, w.sandbox.port, w.sso.region, certs);
        w.sandbox.clearCalls();
        const out = await runCli(cli, ['sts', 'get-caller-identity', '--profile', 'dev'], {
          ...route.env,
          HOME: w.home,
          AWS_CONFIG_FILE: w.env.AWS_CONFIG_FILE!,
        });
        expect(out.stderr).toBe('');
        expect(JSON.parse(out.stdout)).toMatchObject({
          Account: w.accountId,
          Arn: expect.stringContaining('AWSReservedSSO_AdministratorAccess_'),
        });
        expect(w.sandbox.calls().map((call) => `${call.op} ${String(call.params.grantType ?? '')}`.trim())).toEqual([
          'CreateToken refresh_token',
          'GetRoleCredentials',
          'GetCallerIdentity',
        ]);
        const after = JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
        expect(after.accessToken).not.toBe(before.accessToken);
        expect(after).toMatchObject({
          clientId: before.clientId,
          clientSecret: before.clientSecret,
          registrationExpiresAt: before.registrationExpiresAt,
        });
      } finally {
        await route?.interceptor?.close();
      }
    }, 120_000);
  });
});
