import { promises as dns } from 'node:dns';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import type { DaemonStatus, PluginStatus } from '../shared/api.js';
import { closeWithin } from './http/bounded-close.js';
import { buildApp } from './app.js';
import { AwsClients } from './aws/clients.js';
import { DiscoveryThread } from './aws/discovery/discovery-thread.js';
import { ProfileService } from './aws/profile-service.js';
import { openCommand, startCommand, type CommandContext } from './cli/commands.js';
import type { DaemonFlags } from './cli/flags.js';
import { removeDaemonRecord, writeDaemonRecord } from './config/daemon-record.js';
import { ConfigStore } from './config/store.js';
import { ApiToken } from './config/token.js';
import { ConnectService } from './connect/connect-service.js';
import { AutoDiagnosis } from './diagnosis/auto-diagnosis.js';
import { DiagnosisService } from './diagnosis/diagnosis-service.js';
import { PolicyService } from './diagnosis/policy/policy-service.js';
import { ExportService } from './connect/exports/export-service.js';
import { EventBus } from './events/bus.js';
import { HealthMonitor } from './health/monitor.js';
import { extraCaPaths, TrustStore } from './health/trust-store.js';
import { Auth } from './http/auth.js';
import { BrowserSessions } from './http/browser-sessions.js';
import { InventoryCache } from './inventory/inventory-cache.js';
import { InventoryService } from './inventory/inventory-service.js';
import { logRedactPaths, requestSerializer } from './log.js';
import { packageVersion, projectRoot } from './package-info.js';
import { defaultConfigDir } from './platform.js';
import { currentPlatform } from './platform-folders.js';
import { locatePlugin } from './plugin/locate.js';
import { PluginLocator } from './plugin/plugin-locator.js';
import { TunnelManager } from './tunnels/manager.js';
import { sessionApiFromClients } from './aws/ssm-sessions.js';
import { SsoAccountService } from './aws/sso/account-service.js';
import { oidcApiFromClients } from './aws/sso/oidc-api.js';
import { CALLBACK_PATH } from './aws/sso/pkce.js';
import { portalApiFromClients } from './aws/sso/portal-api.js';
import { SignInService } from './aws/sso/sign-in-service.js';
import { SsoAccounts } from './aws/sso/sso-accounts.js';
import { SsoClients } from './aws/sso/sso-clients.js';
import { ssoDirectory } from './aws/sso/sso-directory.js';
import { CertKitService } from './paths/cert-kit/kit-service.js';
import { DirectPathService } from './paths/direct/direct-path-service.js';
import { DirectPathNotifier } from './paths/direct/direct-path-notifier.js';
import type { DirectPathDeps } from './paths/direct/find-direct-path.js';
import { osRouteTo } from './paths/direct/route-info.js';
import { PathsService } from './paths/paths-service.js';
import { ClientConfigService } from './paths/vpn/client-config.js';
import { ClientVpnService } from './paths/vpn/vpn-service.js';

/** Requests under way get this long when the daemon stops; then every connection still open is cut. */
const SHUTDOWN_GRACE_MS = 2_000;

export interface RunningDaemon {
  app: FastifyInstance;
  url: string;
  /** A one-time login link for the dashboard. */
  loginUrl: () => string;
  /** The command that opens the dashboard again later with a fresh link. */
  openCommand: string;
  close: () => Promise<void>;
}

/** What an in-process caller may put in place of the system's own (tests map RDS names to loopback addresses). */
export interface DaemonOverrides {
  /** The name lookup for direct paths and the diagnosis (default: dns.promises.lookup, which honours VPN-pushed DNS). */
  lookup?: DirectPathDeps['lookup'];
}

/** The composition root: builds every room from the flags, brings saved tunnels back, and listens. */
export async function startDaemon(
  flags: DaemonFlags,
  env: NodeJS.ProcessEnv = process.env,
  overrides: DaemonOverrides = {},
): Promise<RunningDaemon> {
  const root = projectRoot();
  const version = packageVersion(root);
  const startedAt = new Date().toISOString();
  const log = pino(
    {
      level: flags.logLevel,
      redact: { paths: logRedactPaths, censor: '[redacted]' },
      serializers: { req: requestSerializer },
    },
    pino.destination(2),
  ); // stdout carries exactly one line (the listening address); logs go to stderr.

  const config = await ConfigStore.open(flags.configDir);
  if (config.notice) log.warn({ brokenPath: config.notice.brokenPath }, config.notice.message);
  const auth = new Auth(await ApiToken.load(flags.configDir), await BrowserSessions.open(flags.configDir));
  const bus = new EventBus();
  const notices: string[] = [];

  const plugin = await PluginLocator.create(() => locatePlugin(flags.plugin, env));
  // The port is known once listening; until then (nothing is served yet) the requested one.
  let listening = flags.port;
  const commands = (): CommandContext => ({ port: listening, configDir: flags.configDir, defaultConfigDir: defaultConfigDir(env), root });
  const status = (): DaemonStatus => ({
    version,
    pid: process.pid,
    startedAt,
    configDir: flags.configDir,
    configPath: config.path,
    plugin: plugin.last,
    ...(config.notice ? { configNotice: config.notice } : {}),
    notices,
    ...(flags.label ? { label: flags.label } : {}),
    ...(env.AWS_ENDPOINT_URL ? { awsEndpoint: env.AWS_ENDPOINT_URL } : {}),
    openCommand: openCommand(commands(), { reveal: true }),
    // PORTHOLE_START_COMMAND: how a wrapper that started this daemon (the demo) is started again.
    startCommand: env.PORTHOLE_START_COMMAND || startCommand(commands()),
  });
  const currentPlugin = async (): Promise<PluginStatus> => {
    const { status: current, appeared } = await plugin.current();
    if (appeared) bus.publish({ type: 'daemon', data: status() });
    return current;
  };

  // Sign-in (issue 13): sso-account sources live in Porthole's own AWS config file, which the SDK reads for them.
  const ssoAccounts = new SsoAccounts(config, flags.configDir);
  await ssoAccounts.writeConfigFile();
  const aws = new AwsClients({ env, configFileFor: (profile) => ssoAccounts.configFileFor(profile) });
  const ssoClients = new SsoClients({ env });
  const directory = ssoDirectory(env, ssoAccounts);
  let callbackUrl: string | undefined;
  const signIn = new SignInService({
    env,
    bus,
    accounts: ssoAccounts,
    directory,
    oidc: oidcApiFromClients(ssoClients),
    portal: portalApiFromClients(ssoClients),
    callbackUrl: () => callbackUrl,
    credentials: (profile, kind) => {
      const expiry = aws.credentialExpiry(profile);
      return expiry ? { expiresAt: expiry.getTime(), renewable: kind === 'role' || kind === 'process' } : undefined;
    },
    log: log.child({ room: 'sign-in' }),
  });
  const accountService = new SsoAccountService({
    env,
    directory,
    accounts: ssoAccounts,
    portal: portalApiFromClients(ssoClients),
    onChange: () => signIn.monitor.tick(),
  });
  const profiles = new ProfileService({ aws, config, env, signIn, accounts: ssoAccounts, bus });
  // Discovery's SDK calls and XML parsing run in a worker thread: tunnels' clients never wait for them.
  const discovery = new DiscoveryThread({ aws });
  const inventory = new InventoryService({
    aws,
    bus,
    fetch: (_aws, key, onCallDone) => discovery.fetch(key, onCallDone),
    cache: InventoryCache.inConfigDir(flags.configDir),
    onCacheError: (error) => log.warn({ err: error }, 'could not save the inventory cache'),
  });
  // The last inventory from disk, read while the rest starts: the first GET /api/inventory waits for it.
  void inventory.restore(profiles.pairs());
  const trust = await TrustStore.create({ configDir: flags.configDir, extraPaths: extraCaPaths(env, config.get().settings.caBundlePaths) });
  for (const problem of trust.problems()) notices.push(`Extra CA file ${problem.path} is not used: ${problem.message}`);
  const health = new HealthMonitor({
    trust,
    intervalMs: () => config.get().settings.probeIntervalMinutes * 60_000,
    onError: (error, id) => log.error({ err: error, tunnel: id }, 'health check crashed'),
  });
  // getaddrinfo, as every other program resolves: /etc/hosts, nsswitch and the DNS a VPN pushes (facts §B3).
  const lookup: DirectPathDeps['lookup'] = overrides.lookup ?? ((hostname, options) => dns.lookup(hostname, options));
  const diagnosis = new DiagnosisService({
    aws,
    inventory,
    profileExists: async (name) => (await profiles.list()).some((profile) => profile.name === name),
    ...(overrides.lookup ? { resolve: async (name: string) => (await lookup(name, { all: true })).map((entry) => entry.address) } : {}),
  });
  const tunnels = new TunnelManager({
    config,
    bus,
    sessions: sessionApiFromClients(aws),
    inventory: {
      findTarget: (id) => inventory.findTarget(id),
      // Joins a fetch already under way for that slice (the dashboard may have started it a moment ago).
      load: (profile, region) => inventory.refresh([{ profile, region }]),
    },
    plugin: currentPlugin,
    configDir: flags.configDir,
    log: log.child({ room: 'tunnels' }),
    health,
    signIn,
    pluginEnv: (profile) => signIn.pluginEnv(profile),
    // The real idle timeout and maximum duration of the account's sessions (issue 14's session-preferences).
    sessionLimits: (profile, region) => diagnosis.sessionPreferences(profile, region),
  });
  const connect = new ConnectService({ tunnels, aws, trust });
  const policies = new PolicyService({
    aws,
    tunnel: (id) => tunnels.get(id),
    preferences: (profile, region) => diagnosis.sessionPreferences(profile, region),
  });
  // A tunnel that fails in a way a diagnosis explains gets its first broken link (fresh, not cached).
  const autoDiagnosis = new AutoDiagnosis({
    bus,
    diagnose: (targetId, jumpHostId) => diagnosis.diagnose(targetId, { jumpHostId, refresh: true }),
    current: (id) => tunnels.get(id),
    annotate: (id, note) => tunnels.setDiagnosis(id, note),
    log: log.child({ room: 'diagnosis' }),
  });
  const exports = new ExportService({ tunnels, connect, configDir: flags.configDir, platform: currentPlatform(env) });
  // The other ways in (issue 15): direct paths, Client VPN endpoints, the certificate kit.
  const clientVpn = new ClientVpnService({ aws });
  const directNotifier = new DirectPathNotifier((event) => bus.publish(event));
  const direct = new DirectPathService({
    lookup,
    ca: () => trust.ca(),
    tunnelPorts: () => tunnels.list().map((tunnel) => tunnel.localPort),
    findTarget: (id) => inventory.findTarget(id),
    routeTo: osRouteTo,
    knownNetworks: () => clientVpn.knownNetworks(),
    onError: (error) => log.warn({ err: error }, 'direct path checks after a network change failed'),
    onChange: (target) => directNotifier.changed(target.profile, target.region),
  });
  const paths = new PathsService({
    aws,
    diagnosis,
    findTarget: (id) => inventory.findTarget(id),
    direct,
    vpn: clientVpn,
    caBundlePath: () => trust.bundlePath,
  });

  notices.push(...(await tunnels.cleanupOrphans()));

  const app = await buildApp({
    port: flags.port,
    auth,
    bus,
    status,
    recheckPlugin: async () => {
      await plugin.recheck();
      bus.publish({ type: 'daemon', data: status() });
      return status();
    },
    services: {
      profiles,
      inventory,
      tunnels,
      connect,
      exports,
      trust,
      config,
      onCaBundlePaths: (paths) => trust.setExtraPaths(extraCaPaths(env, paths)),
      diagnosis,
      policies,
      signIn,
      ssoAccounts: accountService,
      paths,
      direct,
      clientVpn,
      clientConfig: new ClientConfigService({ aws, vpn: clientVpn }),
      certKits: new CertKitService(),
    },
    webRoot: join(root, 'dist', 'web'),
    signInCommand: () => openCommand(commands(), { reveal: false }),
    extraHosts: flags.unsafeListenAny ? [flags.host] : [],
    loggerInstance: log,
    onClose: async () => {
      direct.close();
      directNotifier.close();
      autoDiagnosis.close();
      await signIn.close();
      await tunnels.close();
      await discovery.close();
      health.close();
      aws.close();
      ssoClients.close();
    },
  });

  await app.listen({ host: flags.host, port: flags.port });
  const { port } = app.server.address() as AddressInfo;
  listening = port;
  // The browser comes back from IAM Identity Center to 127.0.0.1 (the CLI's registered redirect URI): only a
  // daemon listening there can take the authorization-code flow; any other gets the device code.
  if (flags.host === '127.0.0.1' || flags.host === '0.0.0.0') callbackUrl = `http://127.0.0.1:${port}${CALLBACK_PATH}`;
  // Before tunnels resume: the plugin's AWS config and the legacy token copies are written by the first look.
  await signIn.start().catch((error: Error) => log.warn({ err: error }, 'the first look at the SSO sign-ins failed'));
  // Saved autostart tunnels come back only once the daemon is reachable.
  await tunnels.resumeSaved();
  const displayHost = flags.host.includes(':') ? `[${flags.host}]` : flags.host;
  const url = `http://${displayHost === '0.0.0.0' ? '127.0.0.1' : displayHost}:${port}`;
  // Where the porthole command finds this daemon (the port may have been chosen by the system).
  await writeDaemonRecord(flags.configDir, { url, port, pid: process.pid, version, startedAt });

  return {
    app,
    url,
    loginUrl: () => `${url}/login?token=${auth.links.mint()}`,
    openCommand: openCommand(commands(), { reveal: true }),
    close: async () => {
      // First, so nobody is sent to a daemon that is stopping its tunnels.
      await removeDaemonRecord(flags.configDir).catch((error: unknown) => log.warn({ err: error }, 'could not remove daemon.json'));
      await closeWithin(app, SHUTDOWN_GRACE_MS);
    },
  };
}
