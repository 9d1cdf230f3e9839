// Test wiring (not shipped): the sandbox with IAM Identity Center, a temp HOME holding the shared SSO cache, AWS
// config files with SSO profiles, and the daemon's sign-in parts (SsoAccounts, SignInService, SsoAccountService)
// on real SDK clients, with every `profile` event and log line captured. The SDK reads HOME and AWS_ENDPOINT_URL
// from process.env, so those are set for the test file's worker and restored by close().
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProfileEvent } from '../../shared/api.js';
import { SsoAccountService } from '../../server/aws/sso/account-service.js';
import type { SsoClock } from '../../server/aws/sso/clock.js';
import { oidcApiFromClients } from '../../server/aws/sso/oidc-api.js';
import { portalApiFromClients } from '../../server/aws/sso/portal-api.js';
import { SignInService, type SignInDeps } from '../../server/aws/sso/sign-in-service.js';
import { SsoAccounts } from '../../server/aws/sso/sso-accounts.js';
import { SsoClients } from '../../server/aws/sso/sso-clients.js';
import { ssoDirectory, type SsoDirectory } from '../../server/aws/sso/sso-directory.js';
import { ConfigStore } from '../../server/config/store.js';
import { EventBus } from '../../server/events/bus.js';
import { buildScenario } from '../../e2e/sandbox/scenario-builder.js';
import type { Scenario } from '../../e2e/sandbox/scenario.js';
import { startSandbox, type Sandbox } from '../../e2e/sandbox/server.js';

export const SESSION = 'porthole';

/** `dev` (sso-session, refreshable), `legacy` (sso_start_url in the profile), `keys` (static, in the credentials file). */
export function ssoConfig(sso: NonNullable<Scenario['sso']>, accountId: string, session = SESSION): string {
  return [
    `[profile dev]\nsso_session = ${session}\nsso_account_id = ${accountId}\nsso_role_name = AdministratorAccess\nregion = us-east-1\n`,
    `[sso-session ${session}]\nsso_start_url = ${sso.startUrl}\nsso_region = ${sso.region}\nsso_registration_scopes = sso:account:access\n`,
    `[profile legacy]\nsso_start_url = ${sso.startUrl}\nsso_region = ${sso.region}\nsso_account_id = ${accountId}\nsso_role_name = ReadOnlyAccess\nregion = us-east-1\n`,
  ].join('\n');
}

export interface SsoWorld {
  sandbox: Sandbox;
  sso: NonNullable<Scenario['sso']>;
  /** The first SSO account (the scenario's first profile's account). */
  accountId: string;
  home: string;
  env: NodeJS.ProcessEnv;
  configDir: string;
  config: ConfigStore;
  bus: EventBus;
  accounts: SsoAccounts;
  accountService: SsoAccountService;
  clients: SsoClients;
  directory: SsoDirectory;
  signIn: SignInService;
  events: ProfileEvent[];
  logs: string[];
  /** The callback URL the sign-in service hands out (nothing listens there unless a test serves it). */
  callbackUrl: string;
  close(): Promise<void>;
}

export interface SsoWorldOptions {
  scenario?: Scenario;
  clock?: SsoClock;
  /** fs.watch and the fallback poll (default off: tests tick by hand). */
  watch?: boolean;
  pollMs?: number;
  callbackUrl?: string;
  /** What the daemon knows of a profile's resolved credentials (for expiry warnings). */
  credentials?: SignInDeps['credentials'];
}

const SAVED = ['HOME', 'AWS_ENDPOINT_URL', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE'] as const;

export async function startSsoWorld(options: SsoWorldOptions = {}): Promise<SsoWorld> {
  const scenario = options.scenario ?? buildScenario({ profiles: 2, sso: true }).scenario;
  const sandbox = await startSandbox(scenario);
  const sso = scenario.sso!;
  const accountId = sso.accounts[0]!.accountId;
  const home = await mkdtemp(join(tmpdir(), 'porthole-sso-home-'));
  const configDir = join(home, 'porthole-config');
  await writeFile(join(home, 'aws-config'), ssoConfig(sso, accountId));
  await writeFile(join(home, 'aws-credentials'), '[keys]\naws_access_key_id = AKIDPROFILE1\naws_secret_access_key = sandbox-secret\n');
  const env: NodeJS.ProcessEnv = {
    HOME: home,
    AWS_CONFIG_FILE: join(home, 'aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'aws-credentials'),
    AWS_ENDPOINT_URL: sandbox.url,
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  const saved = SAVED.map((key) => [key, process.env[key]] as const);
  for (const key of SAVED) process.env[key] = env[key];

  const config = await ConfigStore.open(configDir);
  const bus = new EventBus();
  const events: ProfileEvent[] = [];
  bus.subscribe(({ event }) => {
    if (event.type === 'profile') events.push(event.data);
  });
  const logs: string[] = [];
  const log = { info: (line: string) => logs.push(line), warn: (line: string) => logs.push(line) };
  const accounts = new SsoAccounts(config, configDir);
  await accounts.writeConfigFile();
  const clients = new SsoClients({ env, maxAttempts: 1 });
  const directory = ssoDirectory(env, accounts);
  const callbackUrl = options.callbackUrl ?? 'http://127.0.0.1:7433/oauth/callback';
  const signIn = new SignInService({
    env,
    bus,
    accounts,
    directory,
    oidc: oidcApiFromClients(clients),
    portal: portalApiFromClients(clients),
    callbackUrl: () => callbackUrl,
    log,
    watch: options.watch ?? false,
    ...(options.pollMs ? { pollMs: options.pollMs } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
  });
  const accountService = new SsoAccountService({
    env,
    directory,
    accounts,
    portal: portalApiFromClients(clients),
    onChange: () => signIn.monitor.tick(),
  });
  return {
    sandbox,
    sso,
    accountId,
    home,
    env,
    configDir,
    config,
    bus,
    accounts,
    accountService,
    clients,
    directory,
    signIn,
    events,
    logs,
    callbackUrl,
    close: async () => {
      await signIn.close();
      clients.close();
      await sandbox.close();
      for (const [key, value] of saved) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
      await rm(home, { recursive: true, force: true });
    },
  };
}

/** Every secret a sign-in produced that must never show in events or logs: tokens and secrets from the cache files. */
export function secretsIn(...files: Record<string, unknown>[]): string[] {
  const keys = ['accessToken', 'refreshToken', 'clientSecret'];
  return files.flatMap((file) =>
    keys.map((key) => file[key]).filter((value): value is string => typeof value === 'string' && value.length > 8),
  );
}
