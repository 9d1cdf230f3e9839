import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { DaemonStatus, PluginStatus } from '../shared/api.js';
import { buildApp } from './app.js';
import type { DaemonFlags } from './cli/flags.js';
import { ConfigStore } from './config/store.js';
import { loadOrCreateToken } from './config/token.js';
import { EventBus } from './events/bus.js';
import { logRedactPaths, requestSerializer } from './log.js';
import { packageVersion, projectRoot } from './package-info.js';
import { locatePlugin } from './plugin/locate.js';
import { LoginLinks } from './http/login-links.js';

export interface RunningDaemon {
  app: FastifyInstance;
  url: string;
  /** A one-time login link for the dashboard. */
  loginUrl: () => string;
  close: () => Promise<void>;
}

/** The composition root: builds every room from the flags and starts listening. */
export async function startDaemon(flags: DaemonFlags): Promise<RunningDaemon> {
  const root = projectRoot();
  const config = await ConfigStore.open(flags.configDir);
  const token = await loadOrCreateToken(flags.configDir);
  const bus = new EventBus();
  const loginLinks = new LoginLinks(token);
  let plugin: PluginStatus = await locatePlugin(flags.plugin);
  const notices: string[] = [];

  const status = (): DaemonStatus => ({
    version: packageVersion(root),
    pid: process.pid,
    startedAt,
    configDir: flags.configDir,
    configPath: config.path,
    plugin,
    ...(config.notice ? { configNotice: config.notice } : {}),
    notices,
    ...(flags.label ? { label: flags.label } : {}),
    ...(process.env.AWS_ENDPOINT_URL ? { awsEndpoint: process.env.AWS_ENDPOINT_URL } : {}),
  });
  const startedAt = new Date().toISOString();

  const app = await buildApp({
    port: flags.port,
    token,
    loginLinks,
    bus,
    status,
    recheckPlugin: async () => {
      plugin = await locatePlugin(flags.plugin);
      bus.publish({ type: 'daemon', data: status() });
      return status();
    },
    webRoot: join(root, 'dist', 'web'),
    extraHosts: flags.unsafeListenAny ? [flags.host] : [],
    logger: {
      level: flags.logLevel,
      redact: { paths: logRedactPaths, censor: '[redacted]' },
      serializers: { req: requestSerializer },
      // stdout carries exactly one line (the listening address); logs go to stderr.
      stream: process.stderr,
    },
  });
  if (config.notice) app.log.warn({ brokenPath: config.notice.brokenPath }, config.notice.message);

  await app.listen({ host: flags.host, port: flags.port });
  const { port } = app.server.address() as AddressInfo;
  const displayHost = flags.host.includes(':') ? `[${flags.host}]` : flags.host;
  const url = `http://${displayHost === '0.0.0.0' ? '127.0.0.1' : displayHost}:${port}`;

  return {
    app,
    url,
    loginUrl: () => `${url}/login?token=${loginLinks.mint()}`,
    close: () => app.close(),
  };
}
