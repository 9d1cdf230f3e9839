// `GET /api/status`: the daemon, its plugin and its notices.
import type { ApiError } from './errors.js';

export interface PluginStatus {
  found: boolean;
  path?: string;
  version?: string;
  /** Why it was not found or could not run, and how to install it. */
  error?: ApiError;
}

export interface ConfigNotice {
  /** e.g. "config.json could not be read; defaults are in use" */
  message: string;
  /** Where the unreadable file was moved. */
  brokenPath?: string;
}

export interface DaemonStatus {
  version: string;
  pid: number;
  startedAt: string;
  configDir: string;
  configPath: string;
  plugin: PluginStatus;
  /** Set when config.json was unreadable at start and moved aside. */
  configNotice?: ConfigNotice;
  /** Messages worth showing once, e.g. orphaned plugin processes cleaned at start. */
  notices: string[];
  /** A label the user gave this daemon (`--label`), shown as a badge, e.g. "demo" or "work". */
  label?: string;
  /** The AWS endpoint override in effect (AWS_ENDPOINT_URL), shown so nobody mistakes a sandbox for AWS. */
  awsEndpoint?: string;
  /** The shell command that opens this daemon's dashboard with a fresh login link (its port and folder named). */
  openCommand?: string;
  /** The shell command that starts this daemon again on the same port and folder (the demo: `npm run demo`). */
  startCommand?: string;
}
