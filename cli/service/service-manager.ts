// `porthole service install | uninstall | status`. This lives in the CLI, not the daemon: it is about
// running the daemon, and must work while no daemon runs. The platform's places come from
// server/platform-folders.ts; the service manager is driven through its own command (injected for tests).
import { execFile } from 'node:child_process';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFileAtomic } from '../../server/config/files.js';
import { serviceLocation, type PlatformContext, type ServiceLocation } from '../../server/platform-folders.js';
import { CliError } from '../cli-error.js';
import { launchdPlist, servicePath, systemdUnit, type ServiceSpec } from './service-files.js';

export interface CommandResult {
  command: string;
  ok: boolean;
  output: string;
}

export type RunCommand = (command: string, args: string[]) => Promise<CommandResult>;

export const runCommand: RunCommand = (command, args) =>
  new Promise((resolve) => {
    execFile(command, args, { timeout: 30_000 }, (error, stdout, stderr) => {
      const output = `${stdout}${stderr}`.trim() || (error ? error.message : '');
      resolve({ command: [command, ...args].join(' '), ok: !error, output });
    });
  });

export interface ServiceDeps {
  platform: PlatformContext;
  run: RunCommand;
  node: string;
  bin: string;
  uid: number;
}

export interface InstallOptions {
  configDir?: string;
  port?: number;
  /** Enable and start it now (default), or only write the file. */
  start: boolean;
}

export interface InstallResult {
  manager: ServiceLocation['manager'];
  file: string;
  content: string;
  logs: string;
  commands: CommandResult[];
  /** What the user still has to run, when Porthole did not (or could not). */
  manual: string[];
}

function location(platform: PlatformContext): ServiceLocation {
  const found = serviceLocation(platform);
  if (!found)
    throw new CliError(
      `A login service is made for Linux (systemd) and macOS (launchd), not ${platform.platform}.`,
      undefined,
      'UNSUPPORTED',
    );
  return found;
}

function activation(where: ServiceLocation, uid: number): Array<[string, string[]]> {
  if (where.manager === 'systemd') {
    return [
      ['systemctl', ['--user', 'daemon-reload']],
      ['systemctl', ['--user', 'enable', '--now', where.name]],
    ];
  }
  return [['launchctl', ['bootstrap', `gui/${uid}`, where.file]]];
}

function deactivation(where: ServiceLocation, uid: number): Array<[string, string[]]> {
  if (where.manager === 'systemd') return [['systemctl', ['--user', 'disable', '--now', where.name]]];
  return [['launchctl', ['bootout', `gui/${uid}/${where.name}`]]];
}

async function runAll(deps: ServiceDeps, steps: Array<[string, string[]]>): Promise<CommandResult[]> {
  const results: CommandResult[] = [];
  for (const [command, args] of steps) {
    const result = await deps.run(command, args);
    results.push(result);
    if (!result.ok) break;
  }
  return results;
}

const shown = (steps: Array<[string, string[]]>) => steps.map(([command, args]) => [command, ...args].join(' '));

export async function installService(deps: ServiceDeps, options: InstallOptions): Promise<InstallResult> {
  const where = location(deps.platform);
  if (/[\\/]_npx[\\/]/.test(deps.bin)) {
    throw new CliError(
      'This porthole runs from npx’s cache, which npx may clear: a login service must not point there.',
      'Install Porthole first (npm install -g, or npm link in a checkout), then run porthole service install.',
      'NPX_CACHE',
    );
  }
  const spec: ServiceSpec = {
    node: deps.node,
    bin: deps.bin,
    ...(options.configDir ? { configDir: options.configDir } : {}),
    ...(options.port !== undefined ? { port: options.port } : {}),
    path: servicePath(deps.platform.env.PATH),
    label: where.name,
    ...(where.logFile ? { logFile: where.logFile } : {}),
  };
  const content = where.manager === 'systemd' ? systemdUnit(spec) : launchdPlist(spec);
  await mkdir(dirname(where.file), { recursive: true, mode: 0o755 });
  if (where.logFile) await mkdir(dirname(where.logFile), { recursive: true, mode: 0o700 });
  const steps = activation(where, deps.uid);
  // A launchd job already loaded must be booted out before it can be bootstrapped with the new file.
  if (where.manager === 'launchd' && options.start) await deps.run('launchctl', ['bootout', `gui/${deps.uid}/${where.name}`]);
  await writeFileAtomic(where.file, content);
  const commands = options.start ? await runAll(deps, steps) : [];
  const done = commands.filter((c) => c.ok).length;
  return { manager: where.manager, file: where.file, content, logs: where.logCommand, commands, manual: shown(steps).slice(done) };
}

export interface UninstallResult {
  file: string;
  removed: boolean;
  commands: CommandResult[];
}

export async function uninstallService(deps: ServiceDeps, options: { stop: boolean }): Promise<UninstallResult> {
  const where = location(deps.platform);
  const exists = await readFile(where.file).then(
    () => true,
    () => false,
  );
  // Stopping what is not installed only prints the manager's complaint: skip it.
  const commands = exists && options.stop ? await runAll(deps, deactivation(where, deps.uid)) : [];
  await rm(where.file, { force: true });
  if (exists && options.stop && where.manager === 'systemd') commands.push(await deps.run('systemctl', ['--user', 'daemon-reload']));
  return { file: where.file, removed: exists, commands };
}

export interface ServiceStatus {
  manager: ServiceLocation['manager'];
  file: string;
  installed: boolean;
  /** The manager's word for it (active, inactive, failed, …), when it could be asked. */
  state?: string;
  logs: string;
}

export async function serviceStatus(deps: ServiceDeps): Promise<ServiceStatus> {
  const where = location(deps.platform);
  const installed = await readFile(where.file).then(
    () => true,
    () => false,
  );
  const base = { manager: where.manager, file: where.file, installed, logs: where.logCommand };
  if (!installed) return base;
  if (where.manager === 'systemd') {
    const result = await deps.run('systemctl', ['--user', 'is-active', where.name]);
    // is-active prints the state and exits non-zero for anything but "active".
    const state = result.output.split('\n')[0]?.trim();
    return state && /^[a-z-]+$/.test(state) ? { ...base, state } : base;
  }
  const result = await deps.run('launchctl', ['print', `gui/${deps.uid}/${where.name}`]);
  const state = result.ok ? (/^\s*state = (\S+)/m.exec(result.output)?.[1] ?? 'loaded') : 'not loaded';
  return { ...base, state };
}
