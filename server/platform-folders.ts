// The usual places of the programs Porthole writes for (DBeaver, libpq) and of the service managers that
// start it at login, per platform. Like platform.ts, the only place that knows them; every function takes
// the platform, environment and home folder so tests can ask about macOS on Linux.
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface PlatformContext {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  home: string;
}

export function currentPlatform(env: NodeJS.ProcessEnv = process.env): PlatformContext {
  return { platform: process.platform, env, home: homedir() };
}

/**
 * DBeaver workspaces, most likely first: its data folder (`DBeaverData`, see clients.md) holds `workspace6`.
 * On Linux the Flatpak and Snap builds keep theirs inside their sandboxes.
 */
export function dbeaverWorkspaceCandidates({ platform, env, home }: PlatformContext): string[] {
  if (platform === 'darwin') return [join(home, 'Library', 'DBeaverData', 'workspace6')];
  if (platform === 'win32') return [join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'DBeaverData', 'workspace6')];
  return [
    join(env.XDG_DATA_HOME || join(home, '.local', 'share'), 'DBeaverData', 'workspace6'),
    join(home, '.var', 'app', 'io.dbeaver.DBeaverCommunity', 'data', 'DBeaverData', 'workspace6'),
    join(home, 'snap', 'dbeaver-ce', 'current', '.local', 'share', 'DBeaverData', 'workspace6'),
  ];
}

/** The folder in a DBeaver workspace whose `data-sources*.json` files DBeaver loads. */
export function dbeaverConfigFolder(workspace: string): string {
  return join(workspace, 'General', '.dbeaver');
}

/** libpq's per-user service file: `PGSERVICEFILE`, else `~/.pg_service.conf` (`%APPDATA%\postgresql\.pg_service.conf` on Windows). */
export function pgServiceFilePath({ platform, env, home }: PlatformContext): string {
  if (env.PGSERVICEFILE) return env.PGSERVICEFILE;
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'postgresql', '.pg_service.conf');
  return join(home, '.pg_service.conf');
}

export type ServiceManager = 'systemd' | 'launchd';

export interface ServiceLocation {
  manager: ServiceManager;
  /** The unit file or launch agent plist. */
  file: string;
  /** The service's name for its manager: the unit name, or the launchd label. */
  name: string;
  /** launchd writes stdout and stderr to files; systemd keeps them in the journal. */
  logFile?: string;
  /** How to read the logs, for the user. */
  logCommand: string;
}

export const SYSTEMD_UNIT = 'porthole.service';
export const LAUNCHD_LABEL = 'dev.porthole.daemon';

/** Where a login service for Porthole goes: a systemd user unit (Linux), a launchd agent (macOS); none on Windows. */
export function serviceLocation({ platform, env, home }: PlatformContext): ServiceLocation | undefined {
  if (platform === 'darwin') {
    const logFile = join(home, 'Library', 'Logs', 'Porthole', 'porthole.log');
    return {
      manager: 'launchd',
      file: join(home, 'Library', 'LaunchAgents', `${LAUNCHD_LABEL}.plist`),
      name: LAUNCHD_LABEL,
      logFile,
      logCommand: `tail -f ${logFile}`,
    };
  }
  if (platform === 'linux') {
    return {
      manager: 'systemd',
      file: join(env.XDG_CONFIG_HOME || join(home, '.config'), 'systemd', 'user', SYSTEMD_UNIT),
      name: SYSTEMD_UNIT,
      logCommand: `journalctl --user -u ${SYSTEMD_UNIT} -f`,
    };
  }
  return undefined;
}
