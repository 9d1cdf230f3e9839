import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import type { DaemonStatus, PluginStatus } from '../shared/api.js';
import { buildApp } from './app.js';
import { AwsClients } from './aws/clients.js';
import { ProfileService } from './aws/profile-service.js';
import type { DaemonFlags } from './cli/flags.js';
import { removeDaemonRecord, writeDaemonRecord } from './config/daemon-record.js';
import { ConfigStore } from './config/store.js';
import { ApiToken } from './config/token.js';
import { ConnectService } from './connect/connect-service.js';
import { ExportService } from './connect/exports/export-service.js';
import { EventBus } from './events/bus.js';
import { HealthMonitor } from './health/monitor.js';
import { extraCaPaths, TrustStore } from './health/trust-store.js';
import { Auth } from './http/auth.js';
import { BrowserSessions } from './http/browser-sessions.js';
import { InventoryService } from './inventory/inventory-service.js';
import { logRedactPaths, requestSerializer } from './log.js';
import { packageVersion, projectRoot } from './package-info.js';
import { currentPlatform } from './platform-folders.js';
import { locatePlugin } from './plugin/locate.js';
import { PluginLocator } from './plugin/plugin-locator.js';
import { TunnelManager } from './tunnels/manager.js';
import { sessionApiFromClients } from './aws/ssm-sessions.js';

export interface RunningDaemon {
  app: FastifyInstance;
  url: string;
  /** A one-time login link for the dashboard. */
  loginUrl: () => string;
  close: () => Promise<void>;
}

/** The composition root: builds every room from the flags, brings saved tunnels back, and listens. */
export async function startDaemon(flags: DaemonFlags, env: NodeJS.ProcessEnv = process.env): Promise<RunningDaemon> {
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
  });
  const currentPlugin = async (): Promise<PluginStatus> => {
    const { status: current, appeared } = await plugin.current();
    if (appeared) bus.publish({ type: 'daemon', data: status() });
    return current;
  };

  const aws = new AwsClients({ env });
  const profiles = new ProfileService({ aws, config, env });
  const inventory = new InventoryService({ aws, bus });
  const trust = await TrustStore.create({ configDir: flags.configDir, extraPaths: extraCaPaths(env, config.get().settings.caBundlePaths) });
  for (const problem of trust.problems()) notices.push(`Extra CA file ${problem.path} is not used: ${problem.message}`);
  const health = new HealthMonitor({
    trust,
    intervalMs: () => config.get().settings.probeIntervalMinutes * 60_000,
    onError: (error, id) => log.error({ err: error, tunnel: id }, 'health check crashed'),
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
  });
  const connect = new ConnectService({ tunnels, aws, trust });
  const exports = new ExportService({ tunnels, connect, configDir: flags.configDir, platform: currentPlatform(env) });

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
    },
    webRoot: join(root, 'dist', 'web'),
    extraHosts: flags.unsafeListenAny ? [flags.host] : [],
    loggerInstance: log,
    onClose: async () => {
      await tunnels.close();
      health.close();
      aws.close();
    },
  });

  await app.listen({ host: flags.host, port: flags.port });
  const { port } = app.server.address() as AddressInfo;
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
    close: async () => {
      // First, so nobody is sent to a daemon that is stopping its tunnels.
      await removeDaemonRecord(flags.configDir).catch((error: unknown) => log.warn({ err: error }, 'could not remove daemon.json'));
      await app.close();
    },
  };
}
