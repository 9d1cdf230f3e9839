import { isAbsolute, resolve as resolvePath } from 'node:path';
import type { Command } from 'commander';
import { currentPlatform } from '../../server/platform-folders.js';
import { CliError } from '../cli-error.js';
import type { CommandKit } from '../command-kit.js';
import { installService, runCommand, serviceStatus, uninstallService, type ServiceDeps } from '../service/service-manager.js';

export function registerService(program: Command, { ctx, deps, run }: CommandKit): void {
  const service = program.command('service').description('run the daemon at login: a systemd user unit (Linux) or a launchd agent (macOS)');
  const serviceDeps = (): ServiceDeps => ({
    platform: currentPlatform(ctx.io.env),
    run: runCommand,
    node: process.execPath,
    bin: deps.binPath,
    uid: process.getuid?.() ?? 0,
  });

  service
    .command('install')
    .description('write the service file, then enable and start it; prints what it wrote')
    .option('--port <port>', 'the port the daemon listens on (default 7433)')
    .option('--no-start', 'only write the file (and print the commands that enable it)')
    .action((options: { port?: string; start: boolean }) =>
      run(async () => {
        const port = options.port === undefined ? undefined : Number(options.port);
        if (port !== undefined && (!/^\d+$/.test(options.port!) || port > 65535)) {
          throw new CliError(`--port takes a port from 0 to 65535, not "${options.port}".`, undefined, 'USAGE', 2);
        }
        const dir = ctx.configDir;
        const configDir = dir === undefined ? undefined : isAbsolute(dir) ? dir : resolvePath(ctx.io.cwd, dir);
        const result = await installService(serviceDeps(), {
          ...(configDir ? { configDir } : {}),
          ...(port !== undefined ? { port } : {}),
          start: options.start,
        });
        const failed = result.commands.find((c) => !c.ok);
        ctx.print(() => {
          const lines = [`Wrote ${result.file}:`, '', result.content];
          for (const c of result.commands)
            lines.push(`${c.ok ? 'Ran' : 'Failed'}: ${c.command}${c.ok || !c.output ? '' : ` (${c.output.split('\n')[0]})`}`);
          if (result.manual.length > 0)
            lines.push(`${failed ? 'Then run' : 'To start it now and at every login, run'}: ${result.manual.join(' && ')}`);
          lines.push(`Logs: ${result.logs}`);
          return lines.join('\n');
        }, result);
        return failed ? 1 : 0;
      }),
    );

  service
    .command('uninstall')
    .description('stop the service and remove its file')
    .option('--no-stop', 'only remove the file')
    .action((options: { stop: boolean }) =>
      run(async () => {
        const result = await uninstallService(serviceDeps(), options);
        ctx.print(
          () =>
            [
              ...result.commands.map((c) => `${c.ok ? 'Ran' : 'Failed'}: ${c.command}`),
              result.removed ? `Removed ${result.file}` : `No service file at ${result.file}`,
            ].join('\n'),
          result,
        );
      }),
    );

  service
    .command('status')
    .description('whether the service is installed and running')
    .action(() =>
      run(async () => {
        const status = await serviceStatus(serviceDeps());
        ctx.print(
          () =>
            status.installed
              ? `Installed: ${status.file} (${status.manager}${status.state ? `, ${status.state}` : ''})\nLogs: ${status.logs}`
              : `Not installed (it would be ${status.file}).`,
          status,
        );
        return status.installed ? 0 : 3;
      }),
    );
}
