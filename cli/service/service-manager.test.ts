// install / uninstall / status in a temporary home, for Linux and macOS, with the service manager's own
// command recorded instead of run (it would enable a real service on this machine).
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PlatformContext } from '../../server/platform-folders.js';
import { CliError } from '../cli-error.js';
import { installService, serviceStatus, uninstallService, type CommandResult, type ServiceDeps } from './service-manager.js';

async function rig(platform: NodeJS.Platform, answer: (command: string) => Partial<CommandResult> = () => ({})) {
  const home = await mkdtemp(join(tmpdir(), 'porthole-service-'));
  const ran: string[] = [];
  const context: PlatformContext = { platform, env: { PATH: '/usr/bin:/bin' }, home };
  const deps: ServiceDeps = {
    platform: context,
    node: '/usr/bin/node',
    bin: '/opt/porthole/bin/porthole.js',
    uid: 501,
    run: async (command, args) => {
      const line = [command, ...args].join(' ');
      ran.push(line);
      return { command: line, ok: true, output: '', ...answer(line) };
    },
  };
  return { home, ran, deps };
}

describe('service install on Linux', () => {
  it('writes the user unit where systemd looks, then reloads and enables it', async () => {
    const { home, ran, deps } = await rig('linux');
    const result = await installService(deps, { configDir: '/home/me/cfg', start: true });
    const file = join(home, '.config', 'systemd', 'user', 'porthole.service');
    expect(result.file).toBe(file);
    expect(await readFile(file, 'utf8')).toBe(result.content);
    expect(result.content).toContain(
      'ExecStart="/usr/bin/node" "/opt/porthole/bin/porthole.js" "start" "--no-open" "--config-dir" "/home/me/cfg"',
    );
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(ran).toEqual(['systemctl --user daemon-reload', 'systemctl --user enable --now porthole.service']);
    expect(result.manual).toEqual([]);
    expect(result.logs).toBe('journalctl --user -u porthole.service -f');
  });

  it('with --no-start only writes, and says what to run; a failing step stops the rest and is reported', async () => {
    const quiet = await rig('linux');
    const written = await installService(quiet.deps, { start: false });
    expect(quiet.ran).toEqual([]);
    expect(written.manual).toEqual(['systemctl --user daemon-reload', 'systemctl --user enable --now porthole.service']);

    const failing = await rig('linux', (line) => (line.endsWith('daemon-reload') ? { ok: false, output: 'Failed to connect to bus' } : {}));
    const result = await installService(failing.deps, { start: true });
    expect(failing.ran).toEqual(['systemctl --user daemon-reload']);
    expect(result.commands).toEqual([{ command: 'systemctl --user daemon-reload', ok: false, output: 'Failed to connect to bus' }]);
    expect(result.manual).toEqual(['systemctl --user daemon-reload', 'systemctl --user enable --now porthole.service']);
  });

  it('status asks systemd; uninstall disables, removes and reloads', async () => {
    const { home, ran, deps } = await rig('linux', (line) => (line.includes('is-active') ? { ok: false, output: 'inactive' } : {}));
    expect(await serviceStatus(deps)).toMatchObject({ installed: false });
    await installService(deps, { start: false });
    expect(await serviceStatus(deps)).toMatchObject({ installed: true, state: 'inactive', manager: 'systemd' });
    const removed = await uninstallService(deps, { stop: true });
    expect(removed).toMatchObject({ removed: true });
    expect(ran.slice(-2)).toEqual(['systemctl --user disable --now porthole.service', 'systemctl --user daemon-reload']);
    await expect(stat(join(home, '.config', 'systemd', 'user', 'porthole.service'))).rejects.toThrow(/ENOENT/);
    expect((await uninstallService(deps, { stop: true })).removed).toBe(false);
  });
});

describe('service install on macOS', () => {
  it('writes the launch agent and its log folder, and bootstraps it in the GUI domain', async () => {
    const { home, ran, deps } = await rig('darwin');
    const result = await installService(deps, { port: 7500, start: true });
    expect(result.file).toBe(join(home, 'Library', 'LaunchAgents', 'dev.porthole.daemon.plist'));
    expect(result.content).toContain('<string>--port</string>\n    <string>7500</string>');
    expect(result.content).toContain(`<string>${join(home, 'Library', 'Logs', 'Porthole', 'porthole.log')}</string>`);
    expect((await stat(join(home, 'Library', 'Logs', 'Porthole'))).isDirectory()).toBe(true);
    // A job loaded from an earlier install is booted out first, or bootstrap refuses the new file.
    expect(ran).toEqual(['launchctl bootout gui/501/dev.porthole.daemon', `launchctl bootstrap gui/501 ${result.file}`]);
  });

  it('status reads launchctl print', async () => {
    const { deps } = await rig('darwin', (line) =>
      line.startsWith('launchctl print') ? { output: 'gui/501/dev.porthole.daemon = {\n\tstate = running\n' } : {},
    );
    await installService(deps, { start: false });
    expect(await serviceStatus(deps)).toMatchObject({ installed: true, state: 'running', manager: 'launchd' });
  });
});

describe('service install refuses', () => {
  it('Windows, and a porthole run from npx’s cache', async () => {
    const windows = await rig('win32');
    await expect(installService(windows.deps, { start: false })).rejects.toThrow(CliError);
    const npx = await rig('linux');
    await expect(
      installService({ ...npx.deps, bin: '/home/me/.npm/_npx/1234/node_modules/porthole/bin/porthole.js' }, { start: false }),
    ).rejects.toThrow(/npx/);
  });
});
